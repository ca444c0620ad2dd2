package io.headwater.media.flv.codec;

import static io.headwater.media.Codec.AAC;

import io.headwater.media.CodecConfig;
import java.util.List;

/**
 * AAC in legacy SoundFormat 10 tags both ways (FLV 10.1 E.4.2.1), E-RTMP 'mp4a' on decode. The
 * AudioSpecificConfigs are what encoders write: 11 90 and 12 10 are AAC-LC at 48 and 44.1 kHz stereo; 2b 92 08 00
 * and eb 09 88 00 are fdk-aac's explicitly signalled HE-AAC and HE-AAC v2; 13 10 56 e5 98 is AAC-LC 24 kHz with
 * the backward-compatible SBR sync extension to 48 kHz (ISO/IEC 14496-3 1.6.5.2); 17 80 67 84 10 escapes to an
 * explicit 53 kHz; it and the 5.1, 96 kHz and mono HE-AAC ones are bluenviron/mediacommon's. Raw frame payloads
 * are opaque.
 */
class AacVectorsTest extends GoldenVectorTest {
  static final CodecConfig LC_48K = config("11 90", 48000, 2, "mp4a.40.2");
  static final String RAW = "21 10 04 60 8c 1c";

  static CodecConfig config(String asc, int sampleRate, int channels, String codecString) {
    return new CodecConfig(AAC, Hex.bytes(asc), 0, 0, sampleRate, channels, codecString);
  }

  @Override
  List<Vector> vectors() {
    return List.of(
        new Vector("AAC-LC 48 kHz stereo", LC_48K, audio(0, "af 00 11 90")),
        new Vector("AAC-LC 44.1 kHz stereo", config("12 10", 44100, 2, "mp4a.40.2"), audio(0, "af 00 12 10")),
        new Vector("AAC-LC 44.1 kHz 7.1 (channelConfiguration 7)", config("12 38", 44100, 8, "mp4a.40.2"),
            audio(0, "af 00 12 38")),
        new Vector("AAC-LC 44.1 kHz 5.1", config("12 30", 44100, 6, "mp4a.40.2"), audio(0, "af 00 12 30")),
        new Vector("AAC-LC 96 kHz stereo depending on a core coder", config("10 12 0c 08", 96000, 2, "mp4a.40.2"),
            audio(0, "af 00 10 12 0c 08")),
        new Vector("HE-AAC 44.1 kHz mono", config("2b 8a 08 00", 44100, 1, "mp4a.40.5"), audio(0, "af 00 2b 8a 08 00")),
        new Vector("HE-AAC 44.1 kHz stereo, explicit SBR over a 22.05 kHz core",
            config("2b 92 08 00", 44100, 2, "mp4a.40.5"), audio(0, "af 00 2b 92 08 00")),
        new Vector("HE-AAC v2 48 kHz, parametric stereo over a mono core",
            config("eb 09 88 00", 48000, 2, "mp4a.40.29"), audio(0, "af 00 eb 09 88 00")),
        new Vector("AAC-LC 24 kHz with the backward-compatible SBR extension to 48 kHz",
            config("13 10 56 e5 98", 48000, 2, "mp4a.40.2"), audio(0, "af 00 13 10 56 e5 98")),
        new Vector("samplingFrequencyIndex 15: explicit 53 kHz", config("17 80 67 84 10", 53000, 2, "mp4a.40.2"),
            audio(0, "af 00 17 80 67 84 10")),
        new Vector("raw frame", frame(AAC, 23, 23, true, RAW), audio(23, "af 01", RAW)));
  }

  @Override
  List<Variant> variants() {
    return List.of(
        new Variant("E-RTMP 'mp4a' SequenceStart (gortmplib) and CodedFrames",
            List.of(audio(0, "90 6d 70 34 61 11 90"), audio(23, "91 6d 70 34 61", RAW)),
            List.of(LC_48K, frame(AAC, 23, 23, true, RAW))),
        new Variant("SoundRate, SoundSize and SoundType bits mean nothing for AAC", List.of(audio(0, "a0 00 11 90")),
            List.of(LC_48K)),
        new Variant("an empty sequence header yields nothing (gortmplib 'nil config')", List.of(audio(0, "af 00")),
            List.of()),
        new Variant("an empty raw frame yields nothing", List.of(audio(23, "af 01")), List.of()),
        new Variant("the E-RTMP silence message (an empty body) yields nothing", List.of(audio(46)), List.of()));
  }
}
