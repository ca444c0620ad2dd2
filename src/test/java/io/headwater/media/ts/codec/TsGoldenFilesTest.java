package io.headwater.media.ts.codec;

import static io.headwater.media.ts.codec.TsFixtures.H264_AAC;
import static io.headwater.media.ts.codec.TsFixtures.HEVC_AAC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.headwater.media.Codec;
import io.headwater.media.CodecConfig;
import io.headwater.media.MediaFrame;
import io.headwater.media.MediaItem;
import io.headwater.media.MediaKind;
import io.headwater.media.ts.codec.TsFixtures.Packet;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The demuxer reads real MPEG-TS as FFmpeg writes it (src/test/resources/.../ts/codec/README.md has the commands):
 * one second of a 160x120 test picture at 25 fps with B-frames and a keyframe every 10 frames, as H.264 with 48 kHz
 * stereo AAC and as HEVC with 44.1 kHz mono AAC. What it returns must be what ffprobe lists for the same file:
 * every packet with its timestamps and keyframe flag, audio sizes less the 7-byte ADTS header, and the decoder
 * configurations FFmpeg itself writes when it remuxes the file to MP4.
 */
class TsGoldenFilesTest {
  private static final HexFormat HEX = HexFormat.of();

  @ParameterizedTest
  @ValueSource(strings = {H264_AAC, HEVC_AAC})
  void returnsEveryPacketFfprobeListsWithItsTimestampsOnOneTimeline(String name) throws TsFormatException {
    byte[] ts = TsFixtures.ts(name);
    TsDemuxer demuxer = new TsDemuxer();
    List<MediaItem> items = new ArrayList<>(demuxer.feed(ts));
    items.addAll(demuxer.flush());
    List<MediaFrame> video = TsFixtures.frames(items, MediaKind.VIDEO);
    List<MediaFrame> audio = TsFixtures.frames(items, MediaKind.AUDIO);
    List<Packet> packets = TsFixtures.packets(name);
    List<Packet> videoPackets = packets.stream().filter(p -> p.stream() == 0).toList();
    List<Packet> audioPackets = packets.stream().filter(p -> p.stream() == 1).toList();
    // The first PES packet to complete in these files is the first video frame's: its DTS starts the timeline
    long offset = TsDemuxer.TIMELINE_START - videoPackets.get(0).dts();

    assertEquals(videoPackets.stream().map(p -> "dts=" + (p.dts() + offset) + " pts=" + (p.pts() + offset)
        + (p.keyframe() ? " key" : "")).toList(),
        video.stream().map(f -> "dts=" + f.dts() + " pts=" + f.pts() + (f.keyframe() ? " key" : "")).toList());
    // At 44.1 kHz a frame lasts 2089.8 ticks: ours are the exact time rounded, FFmpeg's may be a tick off it
    assertEquals(audioPackets.size(), audio.size(), "audio frames");
    for (int i = 0; i < audio.size(); i++) {
      Packet p = audioPackets.get(i);
      MediaFrame f = audio.get(i);
      assertEquals(p.size() - 7, f.data().length, "bytes of audio frame " + i);
      assertTrue(Math.abs(p.pts() + offset - f.pts()) <= 1, "audio frame " + i + " at " + f.pts() + ", FFmpeg says "
          + (p.pts() + offset));
    }
    assertTrue(audio.stream().allMatch(f -> f.dts() == f.pts() && f.keyframe()), "audio frames are all keyframes");
    assertEquals(new TsDemuxer.Stats(ts.length / TsDemuxer.PACKET_SIZE, 0, 0, 0, 0, Map.of(), 0, 0, 0, 0, 0, 0, 0, 0,
        0, packets.size()), demuxer.stats(), "every packet read, nothing counted as damage");
  }

  @ParameterizedTest
  @ValueSource(strings = {H264_AAC, HEVC_AAC})
  void eachTrackStartsWithItsConfigurationAndAKeyframe(String name) throws TsFormatException {
    List<MediaItem> items = TsFixtures.demux(TsFixtures.ts(name));
    for (MediaKind kind : MediaKind.values()) {
      List<MediaItem> track = TsFixtures.track(items, kind);
      assertInstanceOf(CodecConfig.class, track.get(0), kind + " configuration first");
      assertTrue(((MediaFrame) track.get(1)).keyframe(), kind + " starts with a keyframe");
      assertEquals(1, track.stream().filter(CodecConfig.class::isInstance).count(), "announced once: it never changes");
    }
  }

  @Test
  void h264ConfigurationIsTheRecordFfmpegWrites() throws TsFormatException {
    List<MediaItem> items = TsFixtures.demux(TsFixtures.ts(H264_AAC));
    String[] video = TsFixtures.stream(H264_AAC, "video");
    assertEquals(new CodecConfig(Codec.H264, HEX.parseHex(video[3]), 160, 120, 0, 0, "avc1.64000b"),
        TsFixtures.config(items, MediaKind.VIDEO));
    String[] audio = TsFixtures.stream(H264_AAC, "audio");
    assertEquals(new CodecConfig(Codec.AAC, HEX.parseHex(audio[4]), 0, 0, 48000, 2, "mp4a.40.2"),
        TsFixtures.config(items, MediaKind.AUDIO));
  }

  @Test
  void hevcConfigurationIsTheRecordFfmpegWritesWithItsArraysMarkedComplete() throws TsFormatException {
    List<MediaItem> items = TsFixtures.demux(TsFixtures.ts(HEVC_AAC));
    byte[] expected = HEX.parseHex(TsFixtures.stream(HEVC_AAC, "video")[3]);
    // FFmpeg's hev1 leaves array_completeness 0; our frames carry no parameter sets, so every array is complete.
    // The VPS, SPS and PPS arrays start at bytes 23, 52 and 100 of this record.
    for (int array : new int[] {23, 52, 100}) {
      expected[array] |= (byte) 0x80;
    }
    assertEquals(new CodecConfig(Codec.HEVC, expected, 160, 120, 0, 0, "hvc1.1.6.L30.90"),
        TsFixtures.config(items, MediaKind.VIDEO));
    assertEquals(new CodecConfig(Codec.AAC, HEX.parseHex("1208"), 0, 0, 44100, 1, "mp4a.40.2"),
        TsFixtures.config(items, MediaKind.AUDIO));
  }

  @ParameterizedTest
  @ValueSource(strings = {H264_AAC, HEVC_AAC})
  void framesCarryNoParameterSetsOrDelimitersAndKeyframesAnIrapPicture(String name) throws Exception {
    List<MediaItem> items = TsFixtures.demux(TsFixtures.ts(name));
    for (MediaFrame f : TsFixtures.frames(items, MediaKind.VIDEO)) {
      List<Integer> types = new ArrayList<>();
      for (byte[] nal : AnnexB.fromLengthPrefixed(f.codec(), f.data())) {
        types.add(AnnexB.type(f.codec(), nal));
      }
      boolean hevc = f.codec() == Codec.HEVC;
      List<Integer> removed = hevc ? List.of(32, 33, 34, 35) : List.of(7, 8, 9);
      assertTrue(types.stream().noneMatch(removed::contains), f + " has NAL unit types " + types);
      boolean irap = types.stream().anyMatch(t -> hevc ? t >= 16 && t <= 23 : t == 5);
      assertEquals(f.keyframe(), irap, f + " has NAL unit types " + types);
    }
  }
}
