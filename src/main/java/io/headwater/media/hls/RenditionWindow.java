package io.headwater.media.hls;

import io.headwater.media.CodecConfig;
import io.headwater.media.hls.codec.MediaPlaylist;
import io.headwater.media.hls.codec.MediaPlaylist.HintType;
import io.headwater.media.hls.codec.MediaPlaylist.NextSegment;
import io.headwater.media.hls.codec.MediaPlaylist.Part;
import io.headwater.media.hls.codec.MediaPlaylist.PreloadHint;
import io.headwater.media.hls.codec.MediaPlaylist.RenditionReport;
import io.headwater.media.hls.codec.MediaPlaylist.Segment;
import io.headwater.media.hls.codec.MediaPlaylist.ServerControl;
import io.headwater.media.hls.codec.PlaylistWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One rendition's live window: the init segments, the segments listed in its media playlist, the segment
 * in progress with its LL-HLS parts, and the segments that left the playlist but stay fetchable for the
 * grace period. Its {@link RenditionPackager} writes; playback requests read, and wait here for a blocking
 * reload or a hinted part. All state is guarded by this object's lock; rendered playlists are cached per
 * change.
 *
 * <p>URIs are relative to the media playlist, {@code <rendition>.m3u8}: {@code <rendition>/init<n>.mp4},
 * {@code <rendition>/s<msn>.m4s} and {@code <rendition>/p<msn>.<part>.m4s}.
 */
public final class RenditionWindow {
  private static final Logger log = LoggerFactory.getLogger(RenditionWindow.class);
  /** The codec configurations and bytes of one init segment, numbered from 0 per rendition. */
  record Init(int number, byte[] bytes, List<CodecConfig> configs) {}

  private record Waiter(long msn, Integer part, CompletableFuture<String> reply) {}

  private record PartWaiter(long msn, int part, CompletableFuture<Optional<byte[]>> reply) {}

  private record Graced(StoredSegment segment, Instant until) {}

  private final String name;
  private final HlsSettings settings;
  private final boolean lowLatency;
  private final MemoryBudget budget;
  private final Clock clock;
  private final Map<Integer, Init> inits = new HashMap<>();
  private final ArrayDeque<StoredSegment> listed = new ArrayDeque<>();
  private final ArrayDeque<Graced> graced = new ArrayDeque<>();
  private final List<Waiter> waiters = new ArrayList<>();
  private final List<PartWaiter> partWaiters = new ArrayList<>();
  private StoredSegment inProgress;
  private long nextMsn;
  private long discontinuitySequence;
  private int targetDuration;
  private double partTarget;
  private long bytes;
  private boolean ended;
  private String rendered;

  RenditionWindow(String name, HlsSettings settings, boolean lowLatency, MemoryBudget budget, Clock clock) {
    this.name = name;
    this.settings = settings;
    this.lowLatency = lowLatency;
    this.budget = budget;
    this.clock = clock;
    this.targetDuration = (int) Math.max(1, MediaPlaylist.roundedSeconds(settings.segmentTarget().toMillis() / 1000.0));
    this.partTarget = settings.partTarget().toMillis() / 1000.0;
  }

  public String name() {
    return name;
  }

  public boolean lowLatency() {
    return lowLatency;
  }

  // ---- written by the packager

  synchronized void addInit(Init init) {
    inits.put(init.number(), init);
  }

  /** Opens the next segment; its first fragment follows. */
  synchronized void beginSegment(Instant programDateTime, boolean discontinuity, int init) {
    if (inProgress != null) throw new IllegalStateException("segment " + inProgress.msn + " is still open");
    inProgress = new StoredSegment(nextMsn++, programDateTime, discontinuity, init);
  }

  /** A fragment of the open segment: an LL-HLS part, or the whole segment. */
  synchronized void addFragment(byte[] fragment, double seconds, boolean startsWithKeyframe, int videoFrames) {
    // PART-TARGET must cover every part (rfc8216bis 4.4.4.9). Like the target duration it only grows, and
    // only when the media forces it: a gap in the frames, a source slower than two frames per part.
    if (lowLatency) partTarget = Math.max(partTarget, Math.ceil(seconds * 1000) / 1000);
    inProgress.add(fragment, seconds, startsWithKeyframe);
    inProgress.videoFrames += videoFrames;
    charge(fragment.length);
    changed();
  }

  synchronized void completeSegment(double seconds) {
    StoredSegment s = inProgress;
    inProgress = null;
    s.duration = seconds;
    s.complete = true;
    // EXT-X-TARGETDURATION must cover every segment (RFC 8216 4.3.3.1). It only grows, and only when a GOP
    // longer than any before arrives: changing it breaks RFC 8216 6.2.1, but an understated one breaks
    // players' reload timing for the rest of the stream.
    targetDuration = (int) Math.max(targetDuration, MediaPlaylist.roundedSeconds(seconds));
    listed.addLast(s);
    // RFC 8216 6.2.2: what stays listed lasts at least three target durations, short segments or not.
    while (listed.size() > settings.windowSegments() && listedSeconds() - listed.getFirst().duration >= 3 * targetDuration) {
      retire(listed.removeFirst(), true);
    }
    changed();
  }

  /** The broadcast ended: EXT-X-ENDLIST, and every waiting request answered. */
  synchronized void end() {
    if (ended) return;
    if (inProgress != null && inProgress.fragments.isEmpty()) {
      inProgress = null;
      nextMsn--;
    } else if (inProgress != null) {
      // Its parts may have been listed already: it becomes a segment rather than vanish.
      completeSegment(inProgress.fragmentDurations.stream().mapToDouble(Double::doubleValue).sum());
    }
    ended = true;
    changed();
  }

  /** Frees every byte; the window serves nothing afterwards. */
  synchronized void close() {
    end();
    listed.forEach(s -> release(s.bytes));
    graced.forEach(g -> release(g.segment().bytes));
    listed.clear();
    graced.clear();
  }

  // ---- read by playback

  /** The media playlist, or empty while no segment is complete. */
  public synchronized Optional<String> playlist() {
    return Optional.ofNullable(renderIfListable());
  }

  /**
   * Answers when the playlist lists segment {@code msn} complete, or with {@code part} its part of that
   * index (rfc8216bis 6.2.5.2), or the broadcast ended. The caller bounds the wait.
   */
  public synchronized CompletableFuture<String> awaitPlaylist(long msn, Integer part) {
    purgeDone();
    if (satisfied(msn, part) && renderIfListable() != null) return CompletableFuture.completedFuture(rendered);
    Waiter w = new Waiter(msn, part, new CompletableFuture<>());
    waiters.add(w);
    return w.reply();
  }

  /** rfc8216bis 6.2.5.2: a request for a segment more than two past the last one gets 400. */
  public synchronized boolean tooFarAhead(long msn) {
    return msn > completeEnd() - 1 + 2;
  }

  public synchronized Optional<byte[]> init(int number) {
    Init init = inits.get(number);
    return init == null ? Optional.empty() : Optional.of(init.bytes());
  }

  /** A complete segment, listed or within its grace period. */
  public synchronized Optional<List<byte[]>> segment(long msn) {
    StoredSegment s = find(msn);
    return s != null && s.complete ? Optional.of(s.content()) : Optional.empty();
  }

  public synchronized Optional<byte[]> part(long msn, int part) {
    StoredSegment s = find(msn);
    return s != null && part < s.fragments.size() && lowLatency ? Optional.of(s.fragments.get(part)) : Optional.empty();
  }

  /**
   * A part that may not exist yet: the one the preload hint names is answered as soon as it exists
   * (rfc8216bis 4.4.5.3). Empty when it never will: its segment completed with fewer parts, or it is not the
   * next part.
   */
  public synchronized CompletableFuture<Optional<byte[]>> awaitPart(long msn, int part) {
    purgeDone();
    Optional<byte[]> now = part(msn, part);
    if (now.isPresent() || ended || !isNextPart(msn, part)) return CompletableFuture.completedFuture(now);
    PartWaiter w = new PartWaiter(msn, part, new CompletableFuture<>());
    partWaiters.add(w);
    return w.reply();
  }

  /** What the master playlist says about this rendition, once a segment is complete. */
  synchronized Optional<VariantFacts> facts() {
    if (listed.isEmpty()) return Optional.empty();
    long peak = 0;
    long totalBytes = 0;
    double totalSeconds = 0;
    int frames = 0;
    for (StoredSegment s : listed) {
      if (s.duration > 0) peak = Math.max(peak, Math.round(s.bytes * 8 / s.duration));
      totalBytes += s.bytes;
      totalSeconds += s.duration;
      frames += s.videoFrames;
    }
    long average = totalSeconds > 0 ? Math.round(totalBytes * 8 / totalSeconds) : peak;
    Double frameRate = frames > 0 && totalSeconds > 0 ? frames / totalSeconds : null;
    Init init = inits.get(listed.getLast().init);
    return Optional.of(new VariantFacts(Math.max(peak, 1), Math.max(Math.min(average, peak), 1), init.configs(), frameRate));
  }

  /**
   * How far this rendition has got, for the EXT-X-RENDITION-REPORT of its siblings' playlists (rfc8216bis
   * 4.4.5.4): its last listed part, or its last segment without LL-HLS. Empty before the first segment.
   */
  synchronized Optional<RenditionReport> report() {
    if (listed.isEmpty()) return Optional.empty();
    String uri = name + ".m3u8";
    if (!lowLatency) return Optional.of(new RenditionReport(uri, completeEnd() - 1, null));
    if (hasParts(inProgress)) return Optional.of(new RenditionReport(uri, inProgress.msn, inProgress.fragments.size() - 1));
    StoredSegment last = listed.getLast();
    return Optional.of(new RenditionReport(uri, last.msn, last.fragments.size() - 1));
  }

  synchronized boolean isEnded() {
    return ended;
  }

  synchronized long bytes() {
    return bytes;
  }

  // ---- internals

  private long completeEnd() {
    return inProgress != null ? inProgress.msn : nextMsn;
  }

  private boolean satisfied(long msn, Integer part) {
    if (ended) return true;
    long end = completeEnd();
    if (part == null) return msn < end;
    if (msn < end) {
      StoredSegment s = find(msn);
      return s == null || part < s.fragments.size() || end > msn + 1 || hasParts(inProgress);
    }
    return inProgress != null && msn == inProgress.msn && part < inProgress.fragments.size();
  }

  private static boolean hasParts(StoredSegment s) {
    return s != null && !s.fragments.isEmpty();
  }

  private boolean isNextPart(long msn, int part) {
    if (!lowLatency) return false;
    if (inProgress != null) return msn == inProgress.msn && part == inProgress.fragments.size();
    return msn == nextMsn && part == 0;
  }

  private StoredSegment find(long msn) {
    if (inProgress != null && inProgress.msn == msn) return inProgress;
    for (StoredSegment s : listed) if (s.msn == msn) return s;
    purgeGraced();
    for (Graced g : graced) if (g.segment().msn == msn) return g.segment();
    return null;
  }

  private double listedSeconds() {
    return listed.stream().mapToDouble(s -> s.duration).sum();
  }

  private void charge(long added) {
    bytes += added;
    budget.add(added);
    purgeGraced();
    while ((bytes > settings.streamBudget() || budget.over()) && shedOne()) {
      // shedOne frees the oldest segment it may
    }
  }

  /** Frees the oldest graced segment, else the oldest listed one while more than three are listed. */
  private boolean shedOne() {
    if (!graced.isEmpty()) {
      release(graced.removeFirst().segment().bytes);
      return true;
    }
    if (listed.size() > 3) {
      retire(listed.removeFirst(), false);
      return true;
    }
    return false;
  }

  private void retire(StoredSegment s, boolean keepForGrace) {
    if (s.discontinuity) discontinuitySequence++;
    if (keepForGrace && !settings.segmentGrace().isZero()) {
      graced.addLast(new Graced(s, clock.instant().plus(settings.segmentGrace())));
    } else {
      release(s.bytes);
    }
  }

  private void purgeGraced() {
    Instant now = clock.instant();
    while (!graced.isEmpty() && graced.peekFirst().until().isBefore(now)) release(graced.removeFirst().segment().bytes);
  }

  private void release(long freed) {
    bytes -= freed;
    budget.release(freed);
  }

  private void changed() {
    rendered = null;
    String text;
    try {
      text = renderIfListable();
    } catch (RuntimeException e) {
      // A model the writer refuses is a packaging bug; players keep the last good playlist meanwhile.
      log.error("rendition {}: playlist not updated: {}", name, e.getMessage());
      return;
    }
    for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
      Waiter w = it.next();
      if (w.reply().isDone()) {
        it.remove();
      } else if (text != null && satisfied(w.msn(), w.part())) {
        // Answered off this thread: the response is built without the packager's locks.
        w.reply().completeAsync(() -> text);
        it.remove();
      }
    }
    for (Iterator<PartWaiter> it = partWaiters.iterator(); it.hasNext(); ) {
      PartWaiter w = it.next();
      Optional<byte[]> part = part(w.msn(), w.part());
      if (part.isPresent() || ended || !isNextPart(w.msn(), w.part())) {
        w.reply().completeAsync(() -> part);
        it.remove();
      }
    }
  }

  private void purgeDone() {
    waiters.removeIf(w -> w.reply().isDone());
    partWaiters.removeIf(w -> w.reply().isDone());
  }

  private String renderIfListable() {
    if (rendered == null && !listed.isEmpty()) rendered = PlaylistWriter.write(model());
    return rendered;
  }

  private MediaPlaylist model() {
    List<Segment> segments = new ArrayList<>(listed.size());
    double partWindow = 3.0 * targetDuration; // rfc8216bis 4.4.4.9: parts go once three target durations old
    double fromEnd = 0;
    StoredSegment[] byAge = listed.toArray(StoredSegment[]::new);
    boolean[] withParts = new boolean[byAge.length];
    for (int i = byAge.length - 1; i >= 0 && lowLatency; i--) {
      withParts[i] = fromEnd < partWindow;
      fromEnd += byAge[i].duration;
    }
    int previousInit = byAge[0].init;
    for (int i = 0; i < byAge.length; i++) {
      StoredSegment s = byAge[i];
      String map = i > 0 && s.init != previousInit ? initUri(s.init) : null;
      previousInit = s.init;
      segments.add(new Segment(name + "/s" + s.msn + ".m4s", s.duration, s.programDateTime, s.discontinuity,
          withParts[i] ? parts(s) : List.of(), map));
    }
    NextSegment next = null;
    PreloadHint hint = null;
    if (lowLatency && !ended) {
      if (hasParts(inProgress)) {
        String map = inProgress.init != previousInit ? initUri(inProgress.init) : null;
        next = new NextSegment(inProgress.programDateTime, inProgress.discontinuity, parts(inProgress), map);
        hint = new PreloadHint(HintType.PART, partUri(inProgress.msn, inProgress.fragments.size()));
      } else {
        hint = new PreloadHint(HintType.PART, partUri(completeEnd(), 0));
      }
    }
    ServerControl control = lowLatency ? new ServerControl(true, 3 * partTarget, null, null) : null;
    return new MediaPlaylist(targetDuration, byAge[0].msn, discontinuitySequence, true, initUri(byAge[0].init),
        control, lowLatency ? partTarget : null, 0, segments, next, hint, List.of(), ended);
  }

  private List<Part> parts(StoredSegment s) {
    List<Part> parts = new ArrayList<>(s.fragments.size());
    for (int i = 0; i < s.fragments.size(); i++) {
      parts.add(new Part(partUri(s.msn, i), s.fragmentDurations.get(i), s.independent.get(i)));
    }
    return parts;
  }

  private String initUri(int init) {
    return name + "/init" + init + ".mp4";
  }

  private String partUri(long msn, int part) {
    return name + "/p" + msn + "." + part + ".m4s";
  }
}
