package io.headwater.media.ts.codec;

import static io.headwater.media.ts.codec.TsFixtures.H264_AAC;
import static io.headwater.media.ts.codec.TsFixtures.HEVC_AAC;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.headwater.media.Codec;
import io.headwater.media.CodecConfig;
import io.headwater.media.MediaFrame;
import io.headwater.media.MediaItem;
import io.headwater.media.MediaKind;
import io.headwater.media.flv.codec.AvcDecoderConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the muxer writes: the frames of the golden files, fed in decode order as a hub hands them out, come back
 * from the demuxer unchanged; the packets have the structure players rely on (tables before every keyframe, PCR,
 * random access flags, continuous counters); and PAT and PMT are byte for byte FFmpeg's for the same program.
 */
class TsMuxerTest {
  private static final HexFormat HEX = HexFormat.of();

  @ParameterizedTest
  @ValueSource(strings = {H264_AAC, HEVC_AAC})
  void demuxerGivesBackEveryConfigurationAndFrameTheMuxerWasGiven(String name) throws TsFormatException {
    List<MediaItem> items = TsFixtures.interleaved(TsFixtures.demux(TsFixtures.ts(name)));
    byte[] ts = TsFixtures.mux(items);
    TsDemuxer demuxer = new TsDemuxer();
    List<MediaItem> back = new ArrayList<>(demuxer.feed(ts));
    assertEquals(List.of(), demuxer.flush(), "bounded PES packets complete without a flush");
    for (MediaKind kind : MediaKind.values()) {
      assertEquals(TsFixtures.describe(TsFixtures.track(items, kind)),
          TsFixtures.describe(TsFixtures.track(back, kind)), kind + " track");
    }
    assertEquals(new TsDemuxer.Stats(ts.length / TsDemuxer.PACKET_SIZE, 0, 0, 0, 0, Map.of(), 0, 0, 0, 0, 0, 0, 0, 0,
        0, items.size() - 2), demuxer.stats());
  }

  @Test
  void patAndPmtAreFfmpegsForTheSameProgram() throws TsFormatException {
    byte[] golden = TsFixtures.ts(H264_AAC);
    List<MediaItem> items = TsFixtures.interleaved(TsFixtures.demux(golden));
    byte[] ts = TsFixtures.mux(items.subList(0, 3));
    // FFmpeg writes an SDT first, then PAT (program 1 on PMT PID 0x1000) and PMT (PCR and H.264 on 0x100, AAC 0x101)
    assertEquals(HEX.formatHex(Arrays.copyOfRange(golden, 188, 3 * 188)), HEX.formatHex(Arrays.copyOf(ts, 2 * 188)));
  }

  @ParameterizedTest
  @ValueSource(strings = {H264_AAC, HEVC_AAC})
  void everyKeyframeFollowsTablesAndStartsWithRandomAccessAndPcr(String name) throws TsFormatException {
    List<MediaItem> items = TsFixtures.interleaved(TsFixtures.demux(TsFixtures.ts(name)));
    List<MediaFrame> video = TsFixtures.frames(items, MediaKind.VIDEO);
    List<TsPackets> packets = TsPackets.of(TsFixtures.mux(items));
    int frame = 0;
    long lastTables = -1;
    long pcr = -1;
    int[] cc = new int[8192];
    Arrays.fill(cc, -1);
    for (TsPackets p : packets) {
      if (p.hasPayload()) {
        assertTrue(cc[p.pid()] < 0 || p.cc() == (cc[p.pid()] + 1 & 0x0f), "continuity_counter of " + p);
        cc[p.pid()] = p.cc();
      }
      if (p.pcr() >= 0) {
        assertTrue(p.pcr() >= pcr, "PCR never goes back: " + p);
        pcr = p.pcr();
      }
      if (p.pid() == Psi.PAT_PID) {
        assertTrue(lastTables < 0 || pcr - lastTables <= TsMuxer.TABLE_INTERVAL + 3600, "tables at " + pcr);
        lastTables = pcr;
      }
      if (p.pid() == TsMuxer.VIDEO_PID && p.unitStart()) {
        MediaFrame f = video.get(frame++);
        assertEquals(f.pts(), p.pts(), "PES PTS of " + f);
        assertEquals(f.dts() - TsMuxer.PCR_DELAY, p.pcr(), "PCR of " + f);
        assertEquals(f.keyframe(), p.randomAccess(), "random_access_indicator of " + f);
        if (f.keyframe()) {
          assertEquals(List.of(Psi.PAT_PID, TsMuxer.PMT_PID),
              List.of(packets.get(p.index() - 2).pid(), packets.get(p.index() - 1).pid()), "before " + f);
        }
      }
    }
    assertEquals(video.size(), frame, "one PES packet per frame");
  }

  @Test
  void audioOnlyCarriesThePcrOnTheAudioPid() throws TsFormatException {
    List<MediaItem> items = TsFixtures.interleaved(
        TsFixtures.track(TsFixtures.demux(TsFixtures.ts(H264_AAC)), MediaKind.AUDIO));
    List<TsPackets> packets = TsPackets.of(TsFixtures.mux(items));
    assertTrue(packets.stream().filter(p -> p.pid() == TsMuxer.AUDIO_PID && p.unitStart()).allMatch(p -> p.pcr() >= 0),
        "every audio PES starts with a PCR");
    assertEquals(List.of(), packets.stream().filter(p -> p.pid() == TsMuxer.VIDEO_PID).toList());
    List<MediaItem> back = TsFixtures.demux(TsFixtures.mux(items));
    assertEquals(TsFixtures.describe(items), TsFixtures.describe(back));
  }

  @Test
  void framesStartingBeforeThePcrDelayAreShiftedSoNoPcrIsNegative() throws TsFormatException {
    List<MediaItem> items = new ArrayList<>(TsFixtures.interleaved(TsFixtures.demux(TsFixtures.ts(H264_AAC))));
    long first = TsDemuxer.TIMELINE_START;
    items.replaceAll(i -> i instanceof MediaFrame f
        ? new MediaFrame(f.codec(), f.dts() - first, f.pts() - first, f.keyframe(), f.data()) : i);
    TsPackets firstVideo = TsPackets.of(TsFixtures.mux(items)).stream()
        .filter(p -> p.pid() == TsMuxer.VIDEO_PID && p.unitStart()).findFirst().orElseThrow();
    MediaFrame firstFrame = TsFixtures.frames(items, MediaKind.VIDEO).get(0);
    assertEquals(0, firstVideo.pcr());
    assertEquals(firstFrame.pts() + TsMuxer.PCR_DELAY, firstVideo.pts());
  }

  @Test
  void aKeyframeWithItsOwnParameterSetsGetsNoSecondCopy() throws Exception {
    List<MediaItem> items = TsFixtures.interleaved(TsFixtures.demux(TsFixtures.ts(H264_AAC)));
    CodecConfig config = TsFixtures.config(items, MediaKind.VIDEO);
    MediaFrame key = TsFixtures.frames(items, MediaKind.VIDEO).get(0);
    List<byte[]> sets = AvcDecoderConfig.parameterSets(config.decoderConfig());
    List<byte[]> withSets = new ArrayList<>(sets);
    withSets.addAll(AnnexB.fromLengthPrefixed(Codec.H264, key.data()));
    MediaFrame own = new MediaFrame(Codec.H264, key.dts(), key.pts(), true, AnnexB.lengthPrefixed(withSets));
    String ts = HEX.formatHex(TsFixtures.mux(List.of(config, own)));
    String sps = HEX.formatHex(sets.get(0));
    assertEquals(ts.indexOf(sps), ts.lastIndexOf(sps), "the SPS once");
    assertTrue(ts.contains("0000000109f0" + "00000001" + sps), "after the access unit delimiter");
  }

  @Test
  void itemsMpegTsCannotCarryAreRefusedAndTheMuxerStaysUsable() throws TsFormatException {
    List<MediaItem> items = TsFixtures.interleaved(TsFixtures.demux(TsFixtures.ts(H264_AAC)));
    CodecConfig video = TsFixtures.config(items, MediaKind.VIDEO);
    MediaFrame key = TsFixtures.frames(items, MediaKind.VIDEO).get(0);
    TsMuxer muxer = new TsMuxer();
    assertMessage("OPUS cannot be carried in MPEG-TS", () -> muxer.write(
        new CodecConfig(Codec.OPUS, new byte[19], 0, 0, 48000, 2, "opus")));
    assertMessage("H264 frame without a H264 configuration", () -> muxer.write(key));
    assertMessage("ADTS: AudioSpecificConfig with audioObjectType 42", () -> muxer.write(
        new CodecConfig(Codec.AAC, HEX.parseHex("f94640"), 0, 0, 48000, 2, "mp4a.40.42")));
    muxer.write(video);
    assertMessage("NALU length 255 at offset 0", () -> muxer.write(
        new MediaFrame(Codec.H264, key.dts(), key.pts(), true, HEX.parseHex("000000ff65"))));
    byte[] ts = muxer.write(key);
    assertArrayEquals(TsFixtures.mux(List.of(video, key)), ts, "as if nothing had been refused");
  }

  private static void assertMessage(String fragment, org.junit.jupiter.api.function.Executable call) {
    TsFormatException e = assertThrows(TsFormatException.class, call);
    assertTrue(e.getMessage().contains(fragment), () -> "message was: " + e.getMessage());
  }
}
