package io.headwater.media.flv.codec;

import static io.headwater.media.Codec.OPUS;

import io.headwater.media.CodecConfig;
import java.util.List;

/**
 * Opus in E-RTMP 'Opus' tags. The identification header and MultichannelConfig are tags from
 * veovera/enhanced-rtmp's e-rtmp-lab/assets/bbb.flv; the second OpusHead, with pre-skip 0x0138 and input rate
 * 0x5dc0 byte-swapped, is bluenviron/gortmplib's "audio ex sequence start opus" vector.
 */
class OpusVectorsTest extends GoldenVectorTest {
  static final String OPUS_FOURCC = "4f 70 75 73";
  static final String HEAD = "4f 70 75 73 48 65 61 64 01 02 38 01 80 bb 00 00 00 00 00";
  static final CodecConfig CONFIG = new CodecConfig(OPUS, Hex.bytes(HEAD), 0, 0, 48000, 2, "opus");
  /** The first bytes of bbb.flv's first Opus packet (TOC 0xfc: CELT fullband 20 ms, code 0). */
  static final String PACKET = "fc 7f f9 3f fd 81 ea 86";

  @Override
  List<Vector> vectors() {
    return List.of(
        new Vector("48 kHz stereo identification header", CONFIG, audio(0, "90", OPUS_FOURCC, HEAD)),
        new Vector("gortmplib identification header",
            new CodecConfig(OPUS, Hex.bytes("4f 70 75 73 48 65 61 64 01 02 38 01 c0 5d 00 00 00 00 00"), 0, 0, 48000, 2,
                "opus"),
            audio(0, "90", OPUS_FOURCC, "4f 70 75 73 48 65 61 64 01 02 38 01 c0 5d 00 00 00 00 00")),
        new Vector("packet", frame(OPUS, 21, 21, true, PACKET), audio(21, "91", OPUS_FOURCC, PACKET)));
  }

  @Override
  List<Variant> variants() {
    return List.of(
        new Variant("MultichannelConfig (native order, FL+FR) yields nothing",
            List.of(audio(0, "94", OPUS_FOURCC, "01 02 00 00 00 03")), List.of()),
        new Variant("an empty sequence start yields nothing", List.of(audio(0, "90", OPUS_FOURCC)), List.of()),
        new Variant("SequenceEnd yields nothing", List.of(audio(9000, "92", OPUS_FOURCC)), List.of()),
        new Variant("multitrack OneTrack packet", List.of(audio(21, "95 01", OPUS_FOURCC, "00", PACKET)),
            List.of(frame(OPUS, 21, 21, true, PACKET))),
        new Variant("multitrack ManyTracksManyCodecs: only the default track 0",
            List.of(audio(21, "95 21", OPUS_FOURCC, "01 00 00 02 ff fe 6d 70 34 61 00 00 00 06 21 10 04 60 8c 1c")),
            List.of(frame(io.headwater.media.Codec.AAC, 21, 21, true, "21 10 04 60 8c 1c"))));
  }
}
