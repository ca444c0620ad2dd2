package io.headwater.media.flv.codec;

import static io.headwater.media.Codec.VP9;

import io.headwater.media.CodecConfig;
import java.util.List;

/**
 * VP9 in E-RTMP 'vp09' tags. The Profile 0 record, with vpcC's FullBox version and flags in front as FFmpeg
 * writes it, is bluenviron/gortmplib's "video ex sequence start vp9" vector. Frame payloads are opaque.
 */
class Vp9VectorsTest extends GoldenVectorTest {
  static final String VP09 = "76 70 30 39";
  static final String VPCC = "01 00 00 00 00 28 82 02 02 02 00 00";
  static final CodecConfig CONFIG = new CodecConfig(VP9, Hex.bytes(VPCC), 0, 0, 0, 0, "vp09.00.40.08");
  /** A keyframe's frame marker, profile bits and sync code 49 83 42, then the start of its header. */
  static final String KEY = "82 49 83 42 00 13 f0 12 f6 00";
  static final String INTER = "86 00 40 92 8c 1e";

  @Override
  List<Vector> vectors() {
    return List.of(
        new Vector("Profile 0 level 4 8-bit sequence start", CONFIG, video(0, "90", VP09, VPCC)),
        new Vector("record without the FullBox header",
            new CodecConfig(VP9, Hex.bytes("00 28 82 02 02 02 00 00"), 0, 0, 0, 0, "vp09.00.40.08"),
            video(0, "90", VP09, "00 28 82 02 02 02 00 00")),
        new Vector("Profile 2 level 3.1 10-bit BT.2020 PQ sequence start",
            new CodecConfig(VP9, Hex.bytes("01 00 00 00 02 1f a2 09 10 09 00 00"), 0, 0, 0, 0, "vp09.02.31.10"),
            video(0, "90", VP09, "01 00 00 00 02 1f a2 09 10 09 00 00")),
        new Vector("keyframe", frame(VP9, 0, 0, true, KEY), video(0, "91", VP09, KEY)),
        new Vector("inter frame", frame(VP9, 33, 33, false, INTER), video(33, "a1", VP09, INTER)));
  }

  @Override
  List<Variant> variants() {
    return List.of(
        new Variant("multitrack OneTrack sequence start (gortmplib)", List.of(video(0, "86 00", VP09, "01", VPCC)),
            List.of(CONFIG)));
  }
}
