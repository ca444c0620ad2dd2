package io.headwater.media.hls;

import com.typesafe.config.Config;
import io.headwater.SettingsException;
import java.time.Duration;

/**
 * Live HLS packaging and serving, from {@code headwater.hls}.
 *
 * @param segmentTarget segments are cut at the first keyframe at or after this duration
 * @param windowSegments complete segments listed in a live media playlist
 * @param partTarget LL-HLS partial segment duration (EXT-X-PART-INF PART-TARGET)
 * @param segmentGrace how long a segment stays fetchable after it left the playlist, and an ended
 *     broadcast's playlist with EXT-X-ENDLIST stays served
 * @param blockingReloadTimeout longest a blocking playlist reload or a preload-hinted part request waits
 * @param streamBudget bytes of segments one rendition keeps in memory
 * @param totalBudget bytes of segments all renditions on this node keep in memory
 * @param viewerTimeout a playback client counts as a live viewer this long after its last playlist request
 */
public record HlsSettings(Duration segmentTarget, int windowSegments, Duration partTarget, Duration segmentGrace,
    Duration blockingReloadTimeout, long streamBudget, long totalBudget, Duration viewerTimeout) {

  public static HlsSettings fromConfig(Config root) {
    Config c = root.getConfig("headwater.hls");
    HlsSettings s = new HlsSettings(c.getDuration("segment-target"), c.getInt("window-segments"),
        c.getDuration("part-target"), c.getDuration("segment-grace"), c.getDuration("blocking-reload-timeout"),
        c.getBytes("stream-budget"), c.getBytes("total-budget"), c.getDuration("viewer-timeout"));
    s.validate();
    return s;
  }

  private void validate() {
    if (segmentTarget.compareTo(Duration.ofSeconds(1)) < 0 || segmentTarget.compareTo(Duration.ofSeconds(30)) > 0) {
      throw new SettingsException("headwater.hls.segment-target", "must be between 1s and 30s");
    }
    // RFC 8216 6.2.2: a live playlist keeps at least three target durations of segments.
    if (windowSegments < 3 || windowSegments > 1000) {
      throw new SettingsException("headwater.hls.window-segments", "must be between 3 and 1000");
    }
    if (partTarget.compareTo(Duration.ofMillis(100)) < 0 || partTarget.compareTo(segmentTarget) >= 0) {
      throw new SettingsException("headwater.hls.part-target", "must be at least 100ms and below segment-target");
    }
    if (segmentGrace.isNegative()) throw new SettingsException("headwater.hls.segment-grace", "must not be negative");
    if (blockingReloadTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new SettingsException("headwater.hls.blocking-reload-timeout", "must be at least 1s");
    }
    if (streamBudget < 1 << 20) throw new SettingsException("headwater.hls.stream-budget", "must be at least 1 MiB");
    if (totalBudget < streamBudget) {
      throw new SettingsException("headwater.hls.total-budget", "must be at least headwater.hls.stream-budget");
    }
    if (viewerTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new SettingsException("headwater.hls.viewer-timeout", "must be at least 1s");
    }
  }

  /** Ticks of 90 kHz in the segment target. */
  long segmentTargetTicks() {
    return segmentTarget.toNanos() * 90 / 1_000_000;
  }

  long partTargetTicks() {
    return partTarget.toNanos() * 90 / 1_000_000;
  }
}
