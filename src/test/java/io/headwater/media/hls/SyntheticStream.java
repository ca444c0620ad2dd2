package io.headwater.media.hls;

import io.headwater.media.Codec;
import io.headwater.media.CodecConfig;
import io.headwater.media.MediaFrame;
import io.headwater.media.MediaItem;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Streams as a publisher sends them, for packaging tests: H.264 720p (x264's configuration record) at a
 * frame rate and GOP of choice, and AAC-LC 48 kHz stereo, interleaved in decode order. Payloads are short
 * but well formed (length-prefixed NAL units).
 */
final class SyntheticStream {
  static final CodecConfig H264_720P = new CodecConfig(Codec.H264, hex("01 64 00 1f ff e1 00 1c"
      + " 67 64 00 1f ac d9 40 50 05 bb 01 6a 02 02 02 80 00 00 03 00 80 00 00 1e 07 8c 18 cb"
      + " 01 00 06 68 eb e3 cb 22 c0"), 1280, 720, 0, 0, "avc1.64001f");
  /** A configuration change: the same record announced at another size. */
  static final CodecConfig H264_OTHER = new CodecConfig(Codec.H264, H264_720P.decoderConfig(), 640, 360, 0, 0,
      "avc1.64001f");
  static final CodecConfig AAC_48K = new CodecConfig(Codec.AAC, hex("11 90"), 0, 0, 48000, 2, "mp4a.40.2");
  static final long AAC_FRAME_TICKS = 1920; // 1024 samples at 48 kHz in 90 kHz ticks

  private static final byte[] IDR = hex("00 00 00 05 65 88 84 00 33");
  private static final byte[] P = hex("00 00 00 04 41 9a 02 03");
  private static final byte[] AAC = hex("21 10 04 60 8c 1c");

  private SyntheticStream() {}

  /**
   * {@code seconds} of media from decode time {@code startTicks}: configurations first, then video at
   * {@code fps} with a keyframe every {@code gopSeconds}, and audio if {@code audio}, by decode time.
   */
  static List<MediaItem> av(long startTicks, double seconds, int fps, double gopSeconds, boolean audio) {
    List<MediaItem> out = new ArrayList<>();
    out.add(H264_720P);
    if (audio) out.add(AAC_48K);
    out.addAll(frames(startTicks, seconds, fps, gopSeconds, audio));
    return out;
  }

  /** Frames only, as after a configuration already sent. */
  static List<MediaFrame> frames(long startTicks, double seconds, int fps, double gopSeconds, boolean audio) {
    List<MediaFrame> out = new ArrayList<>();
    long end = startTicks + Math.round(seconds * 90_000);
    long frameTicks = 90_000 / fps;
    long gopFrames = Math.round(gopSeconds * fps);
    long video = startTicks;
    long aac = startTicks;
    long n = 0;
    while (video < end || (audio && aac < end)) {
      if (video < end && (!audio || video <= aac || aac >= end)) {
        out.add(new MediaFrame(Codec.H264, video, video, n % gopFrames == 0, n % gopFrames == 0 ? IDR : P));
        video += frameTicks;
        n++;
      } else {
        out.add(audio(aac));
        aac += AAC_FRAME_TICKS;
      }
    }
    return out;
  }

  static List<MediaItem> audioOnly(long startTicks, double seconds) {
    List<MediaItem> out = new ArrayList<>();
    out.add(AAC_48K);
    for (long t = startTicks; t < startTicks + Math.round(seconds * 90_000); t += AAC_FRAME_TICKS) out.add(audio(t));
    return out;
  }

  static MediaFrame audio(long dts) {
    return new MediaFrame(Codec.AAC, dts, dts, true, AAC);
  }

  static byte[] hex(String spaced) {
    return HexFormat.of().parseHex(spaced.replaceAll("\\s+", ""));
  }
}
