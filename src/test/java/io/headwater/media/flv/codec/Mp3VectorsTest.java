package io.headwater.media.flv.codec;

import static io.headwater.media.Codec.MP3;

import java.util.List;

/**
 * MP3 in legacy SoundFormat 2 tags both ways, SoundFormat 14 (MP3 8 kHz) and E-RTMP '.mp3' on decode. MP3 has no
 * configuration: the frames' own headers describe them. The payload starts with an MPEG-1 Layer III header
 * (ff fb 90 64: 128 kb/s, 44.1 kHz, joint stereo).
 */
class Mp3VectorsTest extends GoldenVectorTest {
  static final String MP3_FRAME = "ff fb 90 64 00 0f f0 00";

  @Override
  List<Vector> vectors() {
    return List.of(new Vector("MPEG-1 Layer III frame", frame(MP3, 26, 26, true, MP3_FRAME), audio(26, "2f", MP3_FRAME)));
  }

  @Override
  List<Variant> variants() {
    return List.of(
        new Variant("SoundFormat 14, MP3 8 kHz", List.of(audio(26, "e2", MP3_FRAME)),
            List.of(frame(MP3, 26, 26, true, MP3_FRAME))),
        new Variant("E-RTMP '.mp3' CodedFrames; its SequenceStart yields nothing",
            List.of(audio(0, "90 2e 6d 70 33"), audio(26, "91 2e 6d 70 33", MP3_FRAME)),
            List.of(frame(MP3, 26, 26, true, MP3_FRAME))));
  }
}
