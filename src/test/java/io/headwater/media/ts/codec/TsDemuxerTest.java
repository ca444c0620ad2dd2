package io.headwater.media.ts.codec;

import static io.headwater.media.ts.codec.TsFixtures.H264_AAC;
import static io.headwater.media.ts.codec.TsFixtures.HEVC_AAC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.headwater.media.Codec;
import io.headwater.media.CodecConfig;
import io.headwater.media.MediaFrame;
import io.headwater.media.MediaItem;
import io.headwater.media.MediaKind;
import io.headwater.media.flv.codec.AvcDecoderConfig;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the demuxer makes of damaged, cut up and unusual MPEG-TS. Most cases start from FFmpeg's h264-aac.ts, whose
 * layout is: PAT and PMT at packets 1-2 and between video frames, video frame 0 (a keyframe) in packets 3-13,
 * frame 10 (the next keyframe) in 31-38, an audio PES packet of 16 ADTS frames in 39-47.
 */
class TsDemuxerTest {
  private static final int P = TsDemuxer.PACKET_SIZE;
  private static final int KEYFRAME_10_MIDDLE = 34;

  private static final byte[] GOLDEN = TsFixtures.ts(H264_AAC);

  @Test
  void anySplitOfTheInputGivesTheSameItemsAndCounts() throws TsFormatException {
    byte[] ts = Arrays.copyOf(GOLDEN, 50 * P);
    TsDemuxer whole = new TsDemuxer();
    List<String> expected = TsFixtures.describe(feedAll(whole, List.of(ts)));
    for (int split = 0; split <= ts.length; split++) {
      TsDemuxer demuxer = new TsDemuxer();
      List<MediaItem> items = feedAll(demuxer,
          List.of(Arrays.copyOf(ts, split), Arrays.copyOfRange(ts, split, ts.length)));
      assertEquals(expected, TsFixtures.describe(items), "split at byte " + split);
      assertEquals(whole.stats(), demuxer.stats(), "split at byte " + split);
    }
  }

  @Test
  void oneByteAtATimeAndSrtSizedChunksGiveWhatTheWholeFileGives() throws TsFormatException {
    List<String> expected = TsFixtures.describe(TsFixtures.demux(GOLDEN));
    assertEquals(expected, TsFixtures.describe(feedAll(new TsDemuxer(), chunks(GOLDEN, 1))));
    assertEquals(expected, TsFixtures.describe(feedAll(new TsDemuxer(), chunks(GOLDEN, 7 * P))));
    assertEquals(expected, TsFixtures.describe(feedAll(new TsDemuxer(), chunks(GOLDEN, 1000))));
  }

  @Test
  void theLastUnboundedVideoFrameWaitsForAFlush() throws TsFormatException {
    TsDemuxer demuxer = new TsDemuxer();
    List<MediaFrame> fed = TsFixtures.frames(demuxer.feed(GOLDEN), MediaKind.VIDEO);
    List<MediaItem> flushed = demuxer.flush();
    assertEquals(24, fed.size());
    assertEquals(List.of(TsFixtures.frames(TsFixtures.demux(GOLDEN), MediaKind.VIDEO).get(24)).toString(),
        flushed.toString());
  }

  @Test
  void transportErrorDropsThePacketAndTheFrameItWasPartOf() throws TsFormatException {
    byte[] ts = GOLDEN.clone();
    ts[KEYFRAME_10_MIDDLE * P + 1] |= (byte) 0x80;
    TsDemuxer demuxer = new TsDemuxer();
    List<MediaItem> items = feedAll(demuxer, List.of(ts));
    assertEquals(withoutVideoFrame(10), TsFixtures.describe(items));
    TsDemuxer.Stats stats = demuxer.stats();
    assertEquals(List.of(1L, 1L, 1L, Map.of(TsMuxer.VIDEO_PID, 1L)),
        List.of(stats.transportErrors(), stats.continuityErrors(), stats.damagedPes(), stats.continuityErrorsByPid()));
  }

  @Test
  void aLostPacketIsAContinuityGapThatDropsItsFrame() throws TsFormatException {
    TsDemuxer demuxer = new TsDemuxer();
    List<MediaItem> items = feedAll(demuxer, List.of(Arrays.copyOf(GOLDEN, KEYFRAME_10_MIDDLE * P),
        Arrays.copyOfRange(GOLDEN, (KEYFRAME_10_MIDDLE + 1) * P, GOLDEN.length)));
    assertEquals(withoutVideoFrame(10), TsFixtures.describe(items));
    assertEquals(List.of(1L, 1L, 0L), List.of(demuxer.stats().continuityErrors(), demuxer.stats().damagedPes(),
        demuxer.stats().transportErrors()));
  }

  @Test
  void aDuplicatePacketIsIgnored() throws TsFormatException {
    byte[] packet = Arrays.copyOfRange(GOLDEN, KEYFRAME_10_MIDDLE * P, (KEYFRAME_10_MIDDLE + 1) * P);
    TsDemuxer demuxer = new TsDemuxer();
    List<MediaItem> items = feedAll(demuxer, List.of(Arrays.copyOf(GOLDEN, (KEYFRAME_10_MIDDLE + 1) * P), packet,
        Arrays.copyOfRange(GOLDEN, (KEYFRAME_10_MIDDLE + 1) * P, GOLDEN.length)));
    assertEquals(TsFixtures.describe(TsFixtures.demux(GOLDEN)), TsFixtures.describe(items));
    assertEquals(List.of(1L, 0L), List.of(demuxer.stats().duplicatePackets(), demuxer.stats().continuityErrors()));
  }

  @Test
  void garbageBetweenPacketsIsSkippedAndNothingIsLost() throws TsFormatException {
    byte[] garbage = new byte[100];
    for (int i = 0; i < garbage.length; i++) {
      garbage[i] = (byte) i; // a sync byte among them, but not one a packet before another
    }
    TsDemuxer demuxer = new TsDemuxer();
    List<MediaItem> items = feedAll(demuxer, List.of(garbage, Arrays.copyOf(GOLDEN, 20 * P), garbage,
        Arrays.copyOfRange(GOLDEN, 20 * P, GOLDEN.length)));
    assertEquals(TsFixtures.describe(TsFixtures.demux(GOLDEN)), TsFixtures.describe(items));
    assertEquals(List.of(200L, 1L, 0L), List.of(demuxer.stats().skippedBytes(), demuxer.stats().syncLosses(),
        demuxer.stats().continuityErrors()), "the garbage before the first packet is no loss of sync");
  }

  @Test
  void aPacketCutShortLosesSyncForThatFrameOnly() throws TsFormatException {
    int cut = (KEYFRAME_10_MIDDLE + 1) * P - 50;
    TsDemuxer demuxer = new TsDemuxer();
    List<MediaItem> items = feedAll(demuxer, List.of(Arrays.copyOf(GOLDEN, cut),
        Arrays.copyOfRange(GOLDEN, cut + 50, GOLDEN.length)));
    assertEquals(withoutVideoFrame(10), TsFixtures.describe(items));
    // the cut packet swallows the next one's first 50 bytes; its other 138 are skipped to find sync again
    assertEquals(List.of(1L, 138L, 1L), List.of(demuxer.stats().syncLosses(), demuxer.stats().skippedBytes(),
        demuxer.stats().continuityErrors()));
  }

  @Test
  void inputThatNeverSyncsIsNotMpegTs() {
    TsDemuxer demuxer = new TsDemuxer();
    TsFormatException e = assertThrows(TsFormatException.class,
        () -> demuxer.feed(new byte[TsDemuxer.MAX_SYNC_SEARCH + P + 1]));
    assertTrue(e.getMessage().contains("no sync byte 0x47"), e.getMessage());
  }

  @Test
  void framesBeforeTheFirstKeyframeAreDroppedAndCounted() throws TsFormatException {
    // from video frame 3 on: frames 3..5 precede the PAT and PMT at packets 21-22, 6..9 any keyframe
    TsDemuxer demuxer = new TsDemuxer();
    List<MediaItem> items = feedAll(demuxer, List.of(Arrays.copyOfRange(GOLDEN, 18 * P, GOLDEN.length)));
    List<MediaFrame> video = TsFixtures.frames(items, MediaKind.VIDEO);
    List<MediaFrame> all = TsFixtures.frames(TsFixtures.demux(GOLDEN), MediaKind.VIDEO);
    assertEquals(all.subList(10, all.size()).stream().map(f -> HexFormat.of().formatHex(f.data())).toList(),
        video.stream().map(f -> HexFormat.of().formatHex(f.data())).toList());
    assertEquals(4, demuxer.stats().droppedFrames());
    assertTrue(items.get(0) instanceof CodecConfig, "configuration first");
  }

  @Test
  void timestampsStayMonotonicAcrossThe33BitWrap() throws TsFormatException {
    List<MediaItem> items = TsFixtures.interleaved(TsFixtures.demux(GOLDEN));
    long toWrap = Timeline.WRAP - TsDemuxer.TIMELINE_START - 45_000; // the wrap comes half a second in
    List<MediaItem> wrapping = items.stream().map(i -> i instanceof MediaFrame f
        ? new MediaFrame(f.codec(), f.dts() + toWrap, f.pts() + toWrap, f.keyframe(), f.data()) : i).toList();
    byte[] ts = TsFixtures.mux(wrapping);
    assertTrue(TsPackets.of(ts).stream().anyMatch(p -> p.pts() >= 0 && p.pts() < 90_000), "the PTS wrapped");
    List<MediaItem> back = TsFixtures.demux(ts);
    for (MediaKind kind : MediaKind.values()) {
      assertEquals(TsFixtures.describe(TsFixtures.track(items, kind)),
          TsFixtures.describe(TsFixtures.track(back, kind)));
    }
  }

  @Test
  void pesPacketsOverTheSizeLimitAreDropped() throws TsFormatException {
    TsDemuxer demuxer = new TsDemuxer(1600); // the first keyframe's PES packet has 1841 bytes, all others fewer
    List<MediaItem> items = feedAll(demuxer, List.of(GOLDEN));
    List<MediaItem> all = TsFixtures.demux(GOLDEN);
    List<MediaFrame> video = TsFixtures.frames(all, MediaKind.VIDEO);
    assertEquals(relative(video.subList(10, video.size())), relative(TsFixtures.frames(items, MediaKind.VIDEO)),
        "video from the next keyframe on");
    assertEquals(relative(TsFixtures.frames(all, MediaKind.AUDIO)),
        relative(TsFixtures.frames(items, MediaKind.AUDIO)));
    assertEquals(List.of(1L, 9L), List.of(demuxer.stats().oversizedPes(), demuxer.stats().droppedFrames()));
  }

  @Test
  void streamsOfOtherTypesAreIgnoredAndCountedOnce() throws TsFormatException {
    List<MediaItem> items = TsFixtures.interleaved(TsFixtures.demux(GOLDEN));
    byte[] ts = TsFixtures.mux(items);
    // the same PMT with an SCTE-35 stream (0x86) between video and audio, and a packet on that PID
    byte[] pmt = Psi.pmt(new Psi.ProgramMap(TsMuxer.PROGRAM_NUMBER, 0, TsMuxer.VIDEO_PID, List.of(
        new Psi.Stream(TsDemuxer.STREAM_TYPE_H264, TsMuxer.VIDEO_PID), new Psi.Stream(0x86, 0x102),
        new Psi.Stream(TsDemuxer.STREAM_TYPE_AAC_ADTS, TsMuxer.AUDIO_PID))));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PacketWriter writer = new PacketWriter();
    for (TsPackets p : TsPackets.of(ts)) {
      if (p.pid() == TsMuxer.PMT_PID) {
        writer.section(out, TsMuxer.PMT_PID, pmt);
        writer.section(out, 0x102, new byte[] {(byte) 0xfc, 0x30, 0x00});
      } else {
        out.write(ts, p.index() * P, P);
      }
    }
    TsDemuxer demuxer = new TsDemuxer();
    List<MediaItem> back = feedAll(demuxer, List.of(out.toByteArray()));
    assertEquals(TsFixtures.describe(TsFixtures.demux(ts)), TsFixtures.describe(back));
    assertEquals(1, demuxer.stats().ignoredStreams());
  }

  @Test
  void adtsFramesCutByPesBoundariesAreJoinedAndTimedFromTheFirstFrameStartingInEach() throws TsFormatException {
    List<MediaFrame> frames = TsFixtures.frames(TsFixtures.demux(GOLDEN), MediaKind.AUDIO).subList(0, 4);
    ByteArrayOutputStream adts = new ByteArrayOutputStream();
    Adts.Header header = Adts.forConfig(HexFormat.of().parseHex("1190"));
    for (MediaFrame f : frames) {
      Adts.write(adts, header, f.data());
    }
    byte[] all = adts.toByteArray();
    int cut = Adts.HEADER_LENGTH + frames.get(0).data().length + 10; // 10 bytes into the second frame
    int third = cut - 10 + Adts.HEADER_LENGTH + frames.get(1).data().length;
    long pts = 1_000_000;
    // PES 1: frame 0 and the start of 1. PES 2: the rest of 1 and frame 2, its PTS frame 2's. PES 3 has no PTS.
    byte[] ts = audioOnly(Pes.encode(Pes.AUDIO_STREAM_ID, pts, pts, Arrays.copyOf(all, cut)),
        Pes.encode(Pes.AUDIO_STREAM_ID, pts + 2 * 1920, pts + 2 * 1920, Arrays.copyOfRange(all, cut, third)),
        withoutPts(Arrays.copyOfRange(all, third, all.length)));
    List<MediaFrame> back = TsFixtures.frames(TsFixtures.demux(ts), MediaKind.AUDIO);
    long start = TsDemuxer.TIMELINE_START;
    assertEquals(List.of(start, start + 1920, start + 2 * 1920, start + 3 * 1920),
        back.stream().map(MediaFrame::pts).toList());
    assertEquals(frames.stream().map(f -> HexFormat.of().formatHex(f.data())).toList(),
        back.stream().map(f -> HexFormat.of().formatHex(f.data())).toList());
  }

  @Test
  void aChangedConfigurationIsAnnouncedBeforeTheFirstFrameItDescribes() throws Exception {
    List<MediaItem> items = new ArrayList<>(TsFixtures.track(TsFixtures.interleaved(TsFixtures.demux(GOLDEN)),
        MediaKind.VIDEO));
    CodecConfig first = (CodecConfig) items.get(0);
    List<byte[]> sets = AvcDecoderConfig.parameterSets(first.decoderConfig());
    CodecConfig second = AvcDecoderConfig.build(List.of(sets.get(0)), List.of(sets.get(1), HexFormat.of()
        .parseHex("68ce3880")));
    items.add(11, second); // before frame 10, the second keyframe
    List<MediaItem> back = TsFixtures.demux(TsFixtures.mux(items));
    assertEquals(TsFixtures.describe(items), TsFixtures.describe(back));
  }

  @Test
  void aPmtThatSwitchesVideoCodecStartsANewTrack() throws TsFormatException {
    List<MediaItem> h264 = TsFixtures.interleaved(TsFixtures.track(TsFixtures.demux(GOLDEN), MediaKind.VIDEO));
    List<MediaItem> hevc = TsFixtures.track(TsFixtures.demux(TsFixtures.ts(HEVC_AAC)), MediaKind.VIDEO);
    long next = ((MediaFrame) h264.get(h264.size() - 1)).dts() + 3600 - ((MediaFrame) hevc.get(1)).dts();
    List<MediaItem> items = new ArrayList<>(h264);
    hevc.forEach(i -> items.add(i instanceof MediaFrame f
        ? new MediaFrame(f.codec(), f.dts() + next, f.pts() + next, f.keyframe(), f.data()) : i));
    List<MediaItem> back = TsFixtures.demux(TsFixtures.mux(items));
    assertEquals(TsFixtures.describe(items), TsFixtures.describe(back));
    assertEquals(Codec.HEVC, ((CodecConfig) back.get(h264.size())).codec());
  }

  private static List<String> withoutVideoFrame(int index) throws TsFormatException {
    List<MediaItem> items = new ArrayList<>(TsFixtures.demux(GOLDEN));
    items.remove(TsFixtures.frames(items, MediaKind.VIDEO).get(index));
    return TsFixtures.describe(items);
  }

  /** Frames with timestamps relative to the first one's dts. */
  private static List<String> relative(List<MediaFrame> frames) {
    long first = frames.get(0).dts();
    return TsFixtures.describe(frames.stream().map(f -> new MediaFrame(f.codec(), f.dts() - first, f.pts() - first,
        f.keyframe(), f.data())).toList());
  }

  private static List<MediaItem> feedAll(TsDemuxer demuxer, List<byte[]> chunks) throws TsFormatException {
    List<MediaItem> items = new ArrayList<>();
    for (byte[] chunk : chunks) {
      items.addAll(demuxer.feed(chunk));
    }
    items.addAll(demuxer.flush());
    return items;
  }

  private static List<byte[]> chunks(byte[] data, int size) {
    List<byte[]> chunks = new ArrayList<>();
    for (int i = 0; i < data.length; i += size) {
      chunks.add(Arrays.copyOfRange(data, i, Math.min(data.length, i + size)));
    }
    return chunks;
  }

  /** PAT, a PMT with one AAC stream, and the PES packets on its PID. */
  private static byte[] audioOnly(byte[]... pesPackets) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PacketWriter writer = new PacketWriter();
    writer.section(out, Psi.PAT_PID, Psi.pat(1, 1, TsMuxer.PMT_PID));
    writer.section(out, TsMuxer.PMT_PID, Psi.pmt(new Psi.ProgramMap(1, 0, TsMuxer.AUDIO_PID,
        List.of(new Psi.Stream(TsDemuxer.STREAM_TYPE_AAC_ADTS, TsMuxer.AUDIO_PID)))));
    for (byte[] pes : pesPackets) {
      writer.pes(out, TsMuxer.AUDIO_PID, pes, PacketWriter.NO_PCR, false);
    }
    return out.toByteArray();
  }

  /** A PES packet whose header has no PTS (PTS_DTS_flags 00). */
  private static byte[] withoutPts(byte[] payload) {
    int length = 3 + payload.length;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0, 0, 1, (byte) Pes.AUDIO_STREAM_ID, (byte) (length >> 8), (byte) length,
        (byte) 0x80, 0, 0});
    out.writeBytes(payload);
    return out.toByteArray();
  }
}
