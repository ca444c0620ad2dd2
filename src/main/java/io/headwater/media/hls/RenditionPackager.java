package io.headwater.media.hls;

import io.headwater.media.Codec;
import io.headwater.media.CodecConfig;
import io.headwater.media.MediaFrame;
import io.headwater.media.MediaItem;
import io.headwater.media.MediaKind;
import io.headwater.media.Timebase;
import io.headwater.media.mp4.codec.InitSegment;
import io.headwater.media.mp4.codec.MediaSegment;
import io.headwater.media.mp4.codec.MediaSegment.TrackSamples;
import io.headwater.media.mp4.codec.Mp4Sample;
import io.headwater.media.mp4.codec.Mp4Track;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts one rendition's frames into CMAF segments and LL-HLS parts and hands them to its
 * {@link RenditionWindow}. Single-threaded: one stream feeds it.
 *
 * <p>Policy:
 * <ul>
 *   <li>The lead track is video when the stream has a video configuration, else audio. A segment starts at
 *       a lead keyframe (every audio frame is one) and is cut at the first one at or after the segment
 *       target: a longer GOP makes a longer segment, never a cut without a keyframe. Frames before the first
 *       keyframe are dropped and counted.
 *   <li>LL-HLS parts are cut at lead frames so that a part stays within the part target, judged from the
 *       last frame interval with half an interval to spare; a part that starts with a keyframe is
 *       INDEPENDENT. Other tracks' frames go into the fragment open when they arrive.
 *   <li>Timestamps are rebased onto one timeline per broadcast, starting at one second (so audio that
 *       arrives slightly ahead of the first keyframe cannot go negative) and, after a reconnect, continuing
 *       where the previous publisher's last fragment ended, so decode times never go back.
 *   <li>A codec configuration change, a track appearing or a reconnect starts the next segment with
 *       EXT-X-DISCONTINUITY (RFC 8216 4.3.2.3); a changed configuration also gets a new init segment.
 * </ul>
 */
final class RenditionPackager {
  private static final long START_TICKS = Timebase.TICKS_PER_SECOND;
  /** The longest segment kept waiting for a keyframe; beyond it, frames are dropped until the next one. */
  static final long MAX_SEGMENT_TICKS = 30L * Timebase.TICKS_PER_SECOND;

  private final RenditionWindow window;
  private final long segmentTarget;
  private final long partTarget;
  private final long maxSegmentBytes;
  private long segmentBytes;
  private final Map<MediaKind, CodecConfig> configs = new EnumMap<>(MediaKind.class);
  private final List<TrackBuffer> tracks = new ArrayList<>();
  private int initNumber = -1;
  private long fragmentSequence = 1;
  private boolean started;
  private boolean reinitPending;
  private boolean discontinuityPending;
  private boolean rebasePending = true;
  private long offset;
  private long timelineEnd = START_TICKS;
  private long segmentStart;
  private Instant segmentWallClock;
  private boolean segmentBegun;
  private long fragmentStart;
  private boolean fragmentIndependent;
  private long dropped;

  RenditionPackager(RenditionWindow window, HlsSettings settings) {
    this.window = window;
    this.segmentTarget = settings.segmentTargetTicks();
    this.partTarget = window.lowLatency() ? settings.partTargetTicks() : Long.MAX_VALUE;
    this.maxSegmentBytes = settings.streamBudget() / 2;
  }

  void accept(MediaItem item, Instant receivedAt) {
    if (item instanceof CodecConfig config) {
      CodecConfig previous = configs.put(config.kind(), config);
      if (started && !config.equals(previous)) reinitPending = true;
    } else if (item instanceof MediaFrame frame) {
      frame(frame, receivedAt);
    }
  }

  /** The publisher went away: the open segment is completed with what it has. */
  void publisherGone() {
    if (!started) return;
    TrackBuffer lead = lead();
    long end = lead.lastTime + lead.interval();
    closeSegment(end);
    timelineEnd = end;
    started = false;
    rebasePending = true;
  }

  /** A new publisher continues this broadcast: its first segment is a discontinuity. */
  void resume() {
    discontinuityPending = true;
    configs.clear();
  }

  long droppedFrames() {
    return dropped;
  }

  private void frame(MediaFrame frame, Instant receivedAt) {
    if (!started && !start(frame)) {
      dropped++;
      return;
    }
    TrackBuffer track = trackOf(frame);
    long t = frame.dts() + offset;
    if (track == null || t < 0 || track.goesBack(t)) {
      dropped++;
      return;
    }
    if (t - segmentStart > MAX_SEGMENT_TICKS || segmentBytes > maxSegmentBytes) {
      // No keyframe for too long (a broken or hostile encoder): close what we have, wait for the next one,
      // so one stream's segment in progress cannot grow without bound.
      TrackBuffer lead = lead();
      closeSegment(Math.max(lead.lastTime + lead.interval(), segmentStart + 1));
      started = false;
      dropped++;
      return;
    }
    if (track == lead()) {
      boolean startingPoint = isStartingPoint(frame);
      if (reinitPending && startingPoint) {
        closeSegment(t);
        started = false;
        frame(frame, receivedAt);
        return;
      }
      if (startingPoint && t - segmentStart >= segmentTarget) {
        closeSegment(t);
        openSegment(t, receivedAt);
      } else if (t > fragmentStart && t - fragmentStart + track.interval() * 3 / 2 > partTarget) {
        closeFragment(t);
        fragmentStart = t;
        fragmentIndependent = startingPoint;
      }
      if (segmentWallClock == null) segmentWallClock = receivedAt;
    }
    track.add(new MediaFrame(frame.codec(), t, frame.pts() + offset, frame.keyframe(), frame.data()), t);
    segmentBytes += frame.data().length;
  }

  /** Starts packaging at a lead keyframe: tracks from the configurations known now, a new init if they changed. */
  private boolean start(MediaFrame frame) {
    MediaKind leadKind = configs.containsKey(MediaKind.VIDEO) ? MediaKind.VIDEO : MediaKind.AUDIO;
    if (frame.kind() != leadKind || !isStartingPoint(frame) || !configs.containsKey(leadKind)) return false;
    List<CodecConfig> wanted = new ArrayList<>();
    if (configs.containsKey(MediaKind.VIDEO)) wanted.add(configs.get(MediaKind.VIDEO));
    if (configs.containsKey(MediaKind.AUDIO) && configs.get(MediaKind.AUDIO).codec() != Codec.MP3) {
      wanted.add(configs.get(MediaKind.AUDIO));
    }
    if (!wanted.equals(tracks.stream().map(b -> b.track.config()).toList())) {
      tracks.clear();
      for (CodecConfig c : wanted) tracks.add(new TrackBuffer(Mp4Track.of(tracks.size() + 1, c)));
      if (initNumber >= 0) discontinuityPending = true;
      initNumber++;
      window.addInit(new RenditionWindow.Init(initNumber,
          InitSegment.encode(tracks.stream().map(b -> b.track).toList()), List.copyOf(wanted)));
    }
    if (rebasePending) {
      offset = timelineEnd - frame.dts();
      rebasePending = false;
    }
    for (TrackBuffer b : tracks) b.restart();
    started = true;
    reinitPending = false;
    segmentWallClock = null;
    openSegment(frame.dts() + offset, null);
    return true;
  }

  private void openSegment(long t, Instant wallClock) {
    segmentStart = t;
    segmentBytes = 0;
    fragmentStart = t;
    fragmentIndependent = true;
    segmentBegun = false;
    segmentWallClock = wallClock;
  }

  private void closeSegment(long end) {
    closeFragment(end);
    if (segmentBegun) window.completeSegment(seconds(end - segmentStart));
    segmentBegun = false;
    timelineEnd = Math.max(timelineEnd, end);
  }

  private void closeFragment(long end) {
    List<TrackSamples> samples = new ArrayList<>();
    int videoFrames = 0;
    for (TrackBuffer b : tracks) {
      if (b.pending.isEmpty()) continue;
      long next = b == lead() ? end : b.lastTime + b.interval();
      samples.add(new TrackSamples(b.track, Mp4Sample.timed(b.track, b.pending, Math.max(next, b.lastTime))));
      if (b.track.kind() == MediaKind.VIDEO) videoFrames += b.pending.size();
      b.pending.clear();
    }
    if (samples.isEmpty()) return;
    byte[] fragment = MediaSegment.encode(fragmentSequence++, samples, !segmentBegun);
    if (!segmentBegun) {
      window.beginSegment(segmentWallClock != null ? segmentWallClock : Instant.now(), discontinuityPending, initNumber);
      discontinuityPending = false;
      segmentBegun = true;
    }
    window.addFragment(fragment, seconds(end - fragmentStart), fragmentIndependent, videoFrames);
  }

  private TrackBuffer lead() {
    return tracks.get(0);
  }

  private TrackBuffer trackOf(MediaFrame frame) {
    for (TrackBuffer b : tracks) if (b.track.config().codec() == frame.codec()) return b;
    return null;
  }

  private boolean isStartingPoint(MediaFrame frame) {
    return frame.keyframe();
  }

  private static double seconds(long ticks) {
    return ticks / (double) Timebase.TICKS_PER_SECOND;
  }

  /** One track's frames of the open fragment and its timing. */
  private static final class TrackBuffer {
    final Mp4Track track;
    final List<MediaFrame> pending = new ArrayList<>();
    long lastTime;
    long lastInterval;
    boolean hasLast;

    TrackBuffer(Mp4Track track) {
      this.track = track;
    }

    /** A new start (a reconnect or a new init): the next frame may begin a little before the last one ended. */
    void restart() {
      pending.clear();
      hasLast = false;
    }

    boolean goesBack(long t) {
      return hasLast && t < lastTime;
    }

    void add(MediaFrame frame, long t) {
      long d = t - lastTime;
      // A gap (lost frames) is not the frame rate: an interval far above the usual one does not count.
      if (hasLast && d > 0 && (lastInterval == 0 || d <= 4 * lastInterval)) lastInterval = d;
      lastTime = t;
      hasLast = true;
      pending.add(frame);
    }

    /** The expected duration of the next frame: the last interval, or a codec's frame length before that. */
    long interval() {
      if (lastInterval > 0) return lastInterval;
      CodecConfig c = track.config();
      if (c.codec() == Codec.AAC && c.sampleRate() > 0) return 1024L * Timebase.TICKS_PER_SECOND / c.sampleRate();
      return Timebase.TICKS_PER_SECOND / 30;
    }
  }
}
