package io.headwater.it;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.Loader;

/**
 * JavaCV's bundled FFmpeg (GPL build, with libx264) as a real encoder publishing to us, exactly as an
 * operator's FFmpeg would: test sources, H.264 + AAC, real-time pacing.
 */
public final class Ffmpeg {
  private Ffmpeg() {}

  public static String ffmpegBinary() {
    return Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
  }

  public static String ffprobeBinary() {
    return Loader.load(org.bytedeco.ffmpeg.ffprobe.class);
  }

  /**
   * Starts publishing {@code seconds} of a 640x360 30 fps test picture (2 s GOP) with a 1 kHz stereo tone to
   * {@code url} in FLV (rtmp:// or rtmps://). Output goes to {@code log}.
   */
  public static Process publishFlv(String url, int seconds, Path log) throws IOException {
    return publish(url, seconds, log, true, true, 2);
  }

  /**
   * As {@link #publishFlv}, choosing the tracks and the GOP: a 640x360 30 fps test picture with a keyframe
   * every {@code gopSeconds}, and a 1 kHz stereo tone.
   */
  public static Process publish(String url, int seconds, Path log, boolean video, boolean audio, int gopSeconds)
      throws IOException {
    return publish(url, "flv", seconds, log, video, audio, gopSeconds, "640x360", "libx264", "veryfast");
  }

  /**
   * As {@link #publishFlv}, in MPEG-TS to an {@code srt://} URL (JavaCV's FFmpeg is built with libsrt), as an
   * SRT encoder sends it.
   */
  public static Process publishMpegTs(String url, int seconds, Path log) throws IOException {
    return publish(url, "mpegts", seconds, log, true, true, 2, "640x360", "libx264", "veryfast");
  }

  /**
   * As {@link #publish(String, int, Path, boolean, boolean, int)}, with a test picture of {@code size} (such as
   * "1920x1080") encoded by {@code encoder} ("libx264", or "libsvtav1" for AV1 over enhanced RTMP) at its
   * {@code preset} ("ultrafast" keeps a 1080p x264 publisher light; SVT-AV1 takes a number, 12 the fastest).
   */
  public static Process publish(String url, int seconds, Path log, boolean video, boolean audio, int gopSeconds,
      String size, String encoder, String preset) throws IOException {
    return publish(url, "flv", seconds, log, video, audio, gopSeconds, size, encoder, preset);
  }

  private static Process publish(String url, String format, int seconds, Path log, boolean video, boolean audio,
      int gopSeconds, String size, String encoder, String preset) throws IOException {
    List<String> command = new ArrayList<>(List.of(ffmpegBinary(), "-hide_banner", "-nostdin", "-loglevel", "warning",
        "-re"));
    if (video) command.addAll(List.of("-f", "lavfi", "-i", "testsrc2=size=" + size + ":rate=30"));
    if (audio) command.addAll(List.of("-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000"));
    command.addAll(List.of("-t", Integer.toString(seconds)));
    if (video) {
      String[] wh = size.split("x");
      long kbps = Math.min(4000, 800L * Integer.parseInt(wh[0]) * Integer.parseInt(wh[1]) / (640 * 360));
      command.addAll(List.of("-c:v", encoder, "-preset", preset, "-pix_fmt", "yuv420p",
          "-g", Integer.toString(30 * gopSeconds), "-b:v", kbps + "k"));
      if (encoder.equals("libx264")) command.addAll(List.of("-tune", "zerolatency"));
    }
    if (audio) command.addAll(List.of("-c:a", "aac", "-b:a", "128k", "-ar", "48000", "-ac", "2"));
    if (url.startsWith("rtmps://")) {
      // Our node's certificate is self-signed in tests.
      command.addAll(List.of("-tls_verify", "0"));
    }
    command.addAll(List.of("-f", format, url));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** Runs a command to completion within {@code timeout}; returns its exit code and merged output. */
  public static Result run(Duration timeout, String... command) throws IOException, InterruptedException {
    Path output = java.nio.file.Files.createTempFile("hw-ffmpeg", ".log");
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
      if (!p.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout);
      }
      return new Result(p.exitValue(), java.nio.file.Files.readString(output));
    } finally {
      java.nio.file.Files.deleteIfExists(output);
    }
  }

  public record Result(int exitCode, String output) {}
}
