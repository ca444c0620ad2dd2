package io.headwater.media.transcode;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;
import static org.bytedeco.ffmpeg.global.avutil.av_version_info;

import java.nio.charset.StandardCharsets;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.javacpp.Loader;

/**
 * FFmpeg's native libraries as the transcoder uses them: loaded once (JavaCPP unpacks them from the jar on
 * first use, which takes a moment, so the node loads them at start-up off the start path), with libx264
 * checked, and FFmpeg's error codes in words.
 */
final class FfmpegLibraries {
  /** AVERROR(EAGAIN) on Linux: the codec wants the other call (receive before send, or the reverse). */
  static final int EAGAIN = -11;

  private static volatile String version;

  private FfmpegLibraries() {}

  /**
   * Loads avcodec and swscale and checks the GPL build's libx264 is there; returns FFmpeg's version. Throws
   * {@link TranscodeException} when it is not usable on this machine.
   */
  static String load() {
    String v = version;
    if (v != null) return v;
    synchronized (FfmpegLibraries.class) {
      if (version != null) return version;
      try {
        Loader.load(avcodec.class);
        Loader.load(swscale.class);
      } catch (UnsatisfiedLinkError | RuntimeException e) {
        throw new TranscodeException("FFmpeg's libraries do not load on this machine: " + e.getMessage(), e);
      }
      // Problems reach the input's status history and our log as one line each; FFmpeg's own console
      // chatter (per-frame warnings) would flood the node's stderr.
      av_log_set_level(AV_LOG_QUIET);
      if (avcodec_find_encoder_by_name("libx264") == null) {
        throw new TranscodeException("FFmpeg has no libx264 encoder (the GPL build of org.bytedeco:ffmpeg is needed)");
      }
      version = av_version_info().getString();
      return version;
    }
  }

  /** FFmpeg's words for an error code, with the code. */
  static String error(int code) {
    byte[] text = new byte[256];
    if (av_strerror(code, text, text.length) < 0) return "error " + code;
    int end = 0;
    while (end < text.length && text[end] != 0) end++;
    return new String(text, 0, end, StandardCharsets.UTF_8) + " (" + code + ")";
  }
}
