package io.headwater.media.mp4.codec;

import static io.headwater.media.mp4.codec.Mp4TestData.IDR;
import static io.headwater.media.mp4.codec.Mp4TestData.P_FRAME;
import static io.headwater.media.mp4.codec.Mp4TestData.aac;
import static io.headwater.media.mp4.codec.Mp4TestData.hex;
import static io.headwater.media.mp4.codec.Mp4TestData.video;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.headwater.media.MediaFrame;
import io.headwater.media.mp4.codec.FragmentReader.Fragment;
import io.headwater.media.mp4.codec.FragmentReader.Sample;
import io.headwater.media.mp4.codec.FragmentReader.TrackRun;
import io.headwater.media.mp4.codec.MediaSegment.TrackSamples;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Movie fragments: golden vectors (name, sequence number, tracks and samples, the bytes) spelled out from ISO/IEC
 * 14496-12 8.8, including the data offsets of two tracks into one mdat; the samples read back through
 * {@link FragmentReader}; and the fragments the writer refuses.
 */
class MediaSegmentTest {
  static final Mp4Track VIDEO = Mp4Track.of(1, Mp4TestData.H264_720P);
  static final Mp4Track AUDIO = Mp4Track.of(2, Mp4TestData.AAC_48K);
  static final String AAC_1 = "21 10 04 60 8c 1c";
  static final String AAC_2 = "21 10 05 70 9c 2c";

  /** An IDR shown 66.7 ms after its decode time, then a B picture shown before it, at 1 s. */
  static final List<MediaFrame> VIDEO_1S = List.of(video(90_000, 96_000, true, IDR), video(93_000, 90_000, false,
      P_FRAME));

  static Stream<Arguments> vectors() {
    return Stream.of(
        Arguments.of("one video track opening a segment: styp, signed composition offsets", 1L,
            List.of(new TrackSamples(VIDEO, Mp4Sample.timed(VIDEO, VIDEO_1S, 96_000))), true,
            String.join(" ",
                "00000018 73747970 6d736468 00000000 6d736468 636d6673", // styp msdh 0 [msdh cmfs]
                "00000078 6d6f6f66",
                "00000010 6d666864 00000000 00000001", // mfhd sequence_number 1
                "00000060 74726166",
                "00000010 74666864 00020000 00000001", // tfhd default-base-is-moof, track 1
                "00000014 74666474 01000000 00000000 00015f90", // tfdt v1 90000
                "00000034 7472756e 01000f01 00000002 00000080", // trun v1, 2 samples, data at moof + 128
                "00000bb8 0000000f 02000000 00001770", // 3000 ticks, 15 bytes, sync, +6000
                "00000bb8 0000000e 01010000 fffff448", // 3000 ticks, 14 bytes, non-sync, -3000
                "00000025 6d646174", IDR, P_FRAME)),
        Arguments.of("a part with video and audio: two trafs, data offsets into one mdat", 7L,
            List.of(new TrackSamples(VIDEO, List.of(new Mp4Sample(video(0, 3000, true, IDR), 3000))),
                new TrackSamples(AUDIO, Mp4Sample.timed(AUDIO, List.of(aac(0, AAC_1), aac(1920, AAC_2)), 3840))),
            false,
            String.join(" ",
                "000000c0 6d6f6f66",
                "00000010 6d666864 00000000 00000007",
                "00000050 74726166",
                "00000010 74666864 00020000 00000001",
                "00000014 74666474 01000000 00000000 00000000",
                "00000024 7472756e 01000f01 00000001 000000c8", // video data at moof + 200
                "00000bb8 0000000f 02000000 00000bb8",
                "00000058 74726166",
                "00000010 74666864 00020000 00000002",
                "00000014 74666474 01000000 00000000 00000000",
                "0000002c 7472756e 00000701 00000002 000000d7", // trun v0, audio data at moof + 215, after the IDR
                "00000400 00000006 02000000", // 1024 samples at 48 kHz each
                "00000400 00000006 02000000",
                "00000023 6d646174", IDR, AAC_1, AAC_2)),
        Arguments.of("a track without samples gets no traf", 2L,
            List.of(new TrackSamples(VIDEO, List.of()),
                new TrackSamples(AUDIO, List.of(new Mp4Sample(aac(1920, AAC_1), 1024)))), false,
            String.join(" ",
                "00000064 6d6f6f66",
                "00000010 6d666864 00000000 00000002",
                "0000004c 74726166",
                "00000010 74666864 00020000 00000002",
                "00000014 74666474 01000000 00000000 00000400", // 1920 ticks at 90 kHz = 1024 at 48 kHz
                "00000020 7472756e 00000701 00000001 0000006c",
                "00000400 00000006 02000000",
                "0000000e 6d646174", AAC_1)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void writesTheFragment(String name, long sequence, List<TrackSamples> tracks, boolean styp, String expected) {
    assertEquals(HexFormat.of().formatHex(hex(expected)),
        HexFormat.of().formatHex(MediaSegment.encode(sequence, tracks, styp)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void readsBackWhatWasWritten(String name, long sequence, List<TrackSamples> tracks, boolean styp, String bytes)
      throws Mp4FormatException {
    List<Fragment> fragments = FragmentReader.read(hex(bytes));
    assertEquals(1, fragments.size());
    assertEquals(sequence, fragments.get(0).sequenceNumber());
    List<TrackSamples> present = tracks.stream().filter(t -> !t.samples().isEmpty()).toList();
    assertEquals(present.size(), fragments.get(0).tracks().size());
    for (int t = 0; t < present.size(); t++) {
      Mp4Track track = present.get(t).track();
      TrackRun run = fragments.get(0).tracks().get(t);
      assertEquals(track.trackId(), run.trackId());
      long decodeTime = track.toTimescale(present.get(t).samples().get(0).frame().dts());
      assertEquals(decodeTime, run.baseDecodeTime());
      for (int i = 0; i < run.samples().size(); i++) {
        Mp4Sample written = present.get(t).samples().get(i);
        Sample read = run.samples().get(i);
        assertEquals(track.toTimescale(written.frame().dts()), read.decodeTime(), "decode time of sample " + i);
        assertEquals(written.frame().pts() - written.frame().dts(), read.compositionOffset());
        assertEquals(written.frame().keyframe(), read.sync());
        assertArrayEquals(written.frame().data(), read.data());
      }
    }
  }

  @Test
  void aPartThatDoesNotStartASegmentHasNoStyp() throws Mp4FormatException {
    byte[] part = MediaSegment.encode(3, List.of(new TrackSamples(VIDEO, Mp4Sample.timed(VIDEO, VIDEO_1S, 96_000))),
        false);
    assertEquals(List.of("moof", "mdat"), Mp4Boxes.parse(part).stream().map(Mp4Boxes.Box::type).toList());
    assertFalse(FragmentReader.read(part).get(0).tracks().get(0).samples().get(1).sync());
  }

  static Stream<Arguments> refused() {
    List<TrackSamples> one = List.of(new TrackSamples(AUDIO, List.of(new Mp4Sample(aac(0, AAC_1), 1024))));
    return Stream.of(
        Arguments.of("no samples at all", (Runnable) () -> MediaSegment.encode(1,
            List.of(new TrackSamples(VIDEO, List.of())), true), "fragment 1 has no samples"),
        Arguments.of("a track twice", (Runnable) () -> MediaSegment.encode(1, List.of(one.get(0), one.get(0)), true),
            "track_ID 2 appears twice in one fragment"),
        Arguments.of("a frame of another codec", (Runnable) () -> MediaSegment.encode(1, List.of(new TrackSamples(VIDEO,
            List.of(new Mp4Sample(aac(0, AAC_1), 3000)))), true), "track 1 (H264) given MediaFrame[AAC dts=0"),
        Arguments.of("a sequence number past 32 bits", (Runnable) () -> MediaSegment.encode(1L << 32, one, true),
            "sequence_number 4294967296 does not fit 32 bits"),
        Arguments.of("a negative decode time", (Runnable) () -> MediaSegment.encode(1, List.of(new TrackSamples(AUDIO,
            List.of(new Mp4Sample(aac(-1920, AAC_1), 1024)))), true), "track 2: negative decode time -1024"),
        Arguments.of("a duration past 32 bits", (Runnable) () -> new Mp4Sample(aac(0, AAC_1), 1L << 32),
            "sample duration 4294967296 does not fit"),
        Arguments.of("decode times going back", (Runnable) () -> Mp4Sample.timed(AUDIO,
            List.of(aac(1920, AAC_1), aac(0, AAC_2)), 3840), "track 2: decode time goes back from 1920 to 0"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void refuses(String name, Runnable call, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
    assertTrue(e.getMessage().contains(message), () -> "message was: " + e.getMessage());
  }
}
