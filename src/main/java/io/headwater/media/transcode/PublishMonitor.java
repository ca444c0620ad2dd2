package io.headwater.media.transcode;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one publish's transcode branch reports: its failure at once, and its drops (the hub's and the lag
 * gate's, counted together) when they begin and then at most once per {@link #DROP_REPORT_INTERVAL}, so the
 * status history shows a transcoder that cannot keep real time without being flooded by it. Thread-safe.
 */
final class PublishMonitor {
  static final Duration DROP_REPORT_INTERVAL = Duration.ofMinutes(1);
  private static final Logger log = LoggerFactory.getLogger(PublishMonitor.class);

  private final String liveInputId;
  private final String sessionId;
  private final TranscodeReports reports;
  private final LongSupplier nanoClock;
  private final AtomicLong dropped = new AtomicLong();
  private long reportedDrops;
  private long lastDropReport;
  private boolean failed;

  PublishMonitor(String liveInputId, String sessionId, TranscodeReports reports, LongSupplier nanoClock) {
    this.liveInputId = liveInputId;
    this.sessionId = sessionId;
    this.reports = reports;
    this.nanoClock = nanoClock;
  }

  /** The count the hub adds its drops to. */
  AtomicLong droppedFrames() {
    return dropped;
  }

  /** The lag gate dropped {@code frames}; the report counts the hub's drops too. */
  void dropped(long frames) {
    long total = dropped.addAndGet(frames);
    String reason;
    synchronized (this) {
      long now = nanoClock.getAsLong();
      if (reportedDrops > 0 && now - lastDropReport < DROP_REPORT_INTERVAL.toNanos()) return;
      lastDropReport = now;
      reportedDrops = total;
      reason = "transcoding fell behind real time: " + total + " frames dropped to the next keyframe so far; "
          + "the source rendition is unaffected";
    }
    log.warn("live input {}: {}", liveInputId, reason);
    reports.report(liveInputId, sessionId, reason);
  }

  /** Transcoding of this publish stopped for {@code why}. Only the first failure is reported. */
  void failed(String why) {
    synchronized (this) {
      if (failed) return;
      failed = true;
    }
    String reason = "transcoding stopped: " + why + "; the source rendition plays on without the ladder";
    log.warn("live input {}: {}", liveInputId, reason);
    reports.report(liveInputId, sessionId, reason);
  }
}
