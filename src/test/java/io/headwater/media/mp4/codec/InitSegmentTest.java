package io.headwater.media.mp4.codec;

import static io.headwater.media.mp4.codec.Mp4TestData.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.headwater.media.Codec;
import io.headwater.media.CodecConfig;
import io.headwater.media.mp4.codec.Mp4Boxes.Box;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CMAF header: one init segment as a whole golden vector, spelled out box by box from ISO/IEC 14496-12; the
 * H.264 + AAC header players get for our source rendition, checked field by field through {@link Mp4Boxes}; and
 * the track lists the writer refuses.
 */
class InitSegmentTest {
  static final String MATRIX = "00010000 00000000 00000000 00000000 00010000 00000000 00000000 00000000 40000000";

  /** AAC-LC 48 kHz stereo as track 1, every box in order. */
  static final String AAC_ONLY = String.join(" ",
      "0000001c 66747970 69736f36 00000000 69736f36 636d6663 6d703431", // ftyp iso6 0 [iso6 cmfc mp41]
      "00000244 6d6f6f76",
      "0000006c 6d766864 00000000 00000000 00000000 000003e8 00000000 00010000 0100 0000 0000000000000000", MATRIX,
      "000000000000000000000000000000000000000000000000 00000002", // pre_defined[6], next_track_ID
      "000001a8 7472616b",
      "0000005c 746b6864 00000003 00000000 00000000 00000001 00000000 00000000 0000000000000000", // tkhd
      "0000 0000 0100 0000", MATRIX, "00000000 00000000", // layer, group, volume 1.0, reserved, matrix, 0x0
      "00000144 6d646961",
      "00000020 6d646864 00000000 00000000 00000000 0000bb80 00000000 55c4 0000", // mdhd 48000, 'und'
      "0000002d 68646c72 00000000 00000000 736f756e 000000000000000000000000 536f756e6448616e646c657200",
      "000000ef 6d696e66",
      "00000010 736d6864 00000000 0000 0000",
      "00000024 64696e66 0000001c 64726566 00000000 00000001 0000000c 75726c20 00000001",
      "000000b3 7374626c",
      "00000067 73747364 00000000 00000001",
      "00000057 6d703461", SampleEntryVectorsTest.AUDIO_48K_STEREO, SampleEntryVectorsTest.ESDS_11_90,
      "00000010 73747473 00000000 00000000",
      "00000010 73747363 00000000 00000000",
      "00000014 7374737a 00000000 00000000 00000000",
      "00000010 7374636f 00000000 00000000",
      "00000028 6d766578 00000020 74726578 00000000 00000001 00000001 00000000 00000000 00000000");

  @Test
  void writesTheAudioOnlyHeaderByteForByte() {
    byte[] init = InitSegment.encode(List.of(Mp4Track.of(1, Mp4TestData.AAC_48K)));
    assertEquals(HexFormat.of().formatHex(hex(AAC_ONLY)), HexFormat.of().formatHex(init));
  }

  @Test
  void describesTheSourceRenditionsVideoAndAudio() throws Mp4FormatException {
    byte[] init = InitSegment.encode(List.of(Mp4Track.of(1, Mp4TestData.H264_720P),
        Mp4Track.of(2, Mp4TestData.AAC_48K)));
    List<Box> top = Mp4Boxes.parse(init);
    assertEquals(List.of("ftyp", "moov"), top.stream().map(Box::type).toList());
    Box moov = top.get(1);
    assertEquals(List.of("mvhd", "trak", "trak", "mvex"), moov.children().stream().map(Box::type).toList());
    assertEquals(3, moov.find("mvhd").u32(96), "next_track_ID");

    Box video = moov.children().get(1);
    assertEquals(1, video.find("tkhd").u32(12), "track_ID");
    assertEquals(1280L << 16, video.find("tkhd").u32(76), "width 16.16");
    assertEquals(720L << 16, video.find("tkhd").u32(80), "height 16.16");
    assertEquals(0, video.find("tkhd").u16(36), "volume");
    assertEquals(90000, video.find("mdia/mdhd").u32(12), "timescale");
    assertEquals("vide", video.find("mdia/hdlr").fourCc(8));
    Box avc1 = video.find("mdia/minf/stbl/stsd/avc1");
    assertEquals(List.of("avcC"), avc1.children().stream().map(Box::type).toList());
    assertEquals(Mp4TestData.AVCC_720P.replace(" ", ""), HexFormat.of().formatHex(avc1.child("avcC").content()));
    assertEquals(1, video.find("mdia/minf/vmhd").u32(0), "vmhd flags");

    Box audio = moov.children().get(2);
    assertEquals(2, audio.find("tkhd").u32(12), "track_ID");
    assertEquals(0x0100, audio.find("tkhd").u16(36), "volume");
    assertEquals(48000, audio.find("mdia/mdhd").u32(12), "timescale");
    assertEquals("soun", audio.find("mdia/hdlr").fourCc(8));
    assertEquals(List.of("esds"), audio.find("mdia/minf/stbl/stsd/mp4a").children().stream().map(Box::type).toList());

    List<Long> trexTracks = new ArrayList<>();
    for (Box trex : moov.find("mvex").children()) {
      trexTracks.add(trex.u32(4));
    }
    assertEquals(List.of(1L, 2L), trexTracks);
  }

  @Test
  void namesTheAv1BrandForAnAv1Track() throws Mp4FormatException {
    Box ftyp = Mp4Boxes.parse(InitSegment.encode(List.of(Mp4Track.of(1, Mp4TestData.AV1_512)))).get(0);
    assertEquals(List.of("iso6", "cmfc", "mp41", "av01"),
        List.of(ftyp.fourCc(8), ftyp.fourCc(12), ftyp.fourCc(16), ftyp.fourCc(20)));
  }

  static Stream<Arguments> refused() {
    CodecConfig mp3 = new CodecConfig(Codec.MP3, new byte[0], 0, 0, 44100, 2, "mp4a.40.34");
    CodecConfig shortOpus = new CodecConfig(Codec.OPUS, hex("4f707573 48656164 01 02"), 0, 0, 48000, 2, "opus");
    CodecConfig cutMapping = new CodecConfig(Codec.OPUS, hex("4f707573 48656164 01 06 3801 80bb0000 0000 01 04 02"),
        0, 0, 48000, 6, "opus");
    CodecConfig huge = new CodecConfig(Codec.H264, hex(Mp4TestData.AVCC_720P), 70000, 720, 0, 0, "avc1.64001f");
    return Stream.of(
        Arguments.of("no tracks", (Runnable) () -> InitSegment.encode(List.of()), "1 to 16 tracks, not 0"),
        Arguments.of("a track_ID twice", (Runnable) () -> InitSegment.encode(List.of(
            Mp4Track.of(1, Mp4TestData.H264_720P), Mp4Track.of(1, Mp4TestData.AAC_48K))), "track_ID 1 is used twice"),
        Arguments.of("track_ID 0", (Runnable) () -> Mp4Track.of(0, Mp4TestData.AAC_48K), "track_ID 0: must be"),
        Arguments.of("MP3", (Runnable) () -> Mp4Track.of(1, mp3), "MP3 is not packaged in CMAF"),
        Arguments.of("AAC without a sample rate", (Runnable) () -> Mp4Track.of(1,
            new CodecConfig(Codec.AAC, hex("11 90"), 0, 0, 0, 2, "mp4a.40.2")), "AAC config without a sample rate"),
        Arguments.of("an OpusHead cut short", (Runnable) () -> InitSegment.encode(List.of(Mp4Track.of(1, shortOpus))),
            "not an OpusHead of 19+ bytes"),
        Arguments.of("an OpusHead cut inside its channel mapping", (Runnable) () -> InitSegment.encode(
            List.of(Mp4Track.of(1, cutMapping))), "mapping family 1 and 6 channels needs 27 bytes, has 21"),
        Arguments.of("a width past 16 bits", (Runnable) () -> InitSegment.encode(List.of(Mp4Track.of(1, huge))),
            "picture size 70000x720 past 16 bits"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void refuses(String name, Runnable call, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
    assertTrue(e.getMessage().contains(message), () -> "message was: " + e.getMessage());
  }
}
