package io.headwater.media.transcode;

import io.headwater.it.Ffmpeg;
import io.headwater.media.MediaFrame;
import io.headwater.media.MediaItem;
import io.headwater.media.MediaKind;
import io.headwater.media.ts.codec.TsFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Real sources for transcoder tests, as a publisher would send them: FFmpeg (JavaCV's binary) encodes a test
 * picture with B-frames and a tone to MPEG-TS, our demuxer turns it into configurations and frames in decode
 * order. Made once per JVM and size; small, so tests stay quick.
 */
final class SourceStreams {
  private static final Map<String, List<MediaItem>> made = new ConcurrentHashMap<>();

  private SourceStreams() {}

  /** {@code seconds} of H.264 (30 fps, a keyframe every {@code gopFrames}, 2 B-frames) + AAC 48 kHz stereo. */
  static List<MediaItem> h264(int width, int height, int seconds, int gopFrames) {
    return made.computeIfAbsent(width + "x" + height + "-" + seconds + "-" + gopFrames, key -> {
      try {
        Path ts = Files.createTempFile("hw-source-" + key, ".ts");
        try {
          var result = Ffmpeg.run(Duration.ofSeconds(60), Ffmpeg.ffmpegBinary(), "-hide_banner", "-nostdin", "-v",
              "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=" + width + "x" + height + ":rate=30", "-f", "lavfi",
              "-i", "sine=frequency=1000:sample_rate=48000", "-t", Integer.toString(seconds), "-c:v", "libx264",
              "-preset", "veryfast", "-bf", "2", "-g", Integer.toString(gopFrames), "-keyint_min",
              Integer.toString(gopFrames), "-sc_threshold", "0", "-pix_fmt", "yuv420p", "-b:v", "600k", "-c:a", "aac",
              "-b:a", "64k", "-ac", "2", "-f", "mpegts", ts.toString());
          if (result.exitCode() != 0) throw new IllegalStateException("ffmpeg: " + result.output());
          return List.copyOf(TsFixtures.interleaved(TsFixtures.demux(Files.readAllBytes(ts))));
        } finally {
          Files.deleteIfExists(ts);
        }
      } catch (Exception e) {
        throw new IllegalStateException("cannot make a " + key + " source", e);
      }
    });
  }

  static List<MediaFrame> frames(List<? extends MediaItem> items, MediaKind kind) {
    return items.stream().filter(i -> i instanceof MediaFrame f && f.kind() == kind).map(MediaFrame.class::cast).toList();
  }
}
