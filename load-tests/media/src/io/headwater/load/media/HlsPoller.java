package io.headwater.load.media;

import io.headwater.media.hls.codec.MasterPlaylist;
import io.headwater.media.hls.codec.MediaPlaylist;
import io.headwater.media.hls.codec.PlaylistParseException;
import io.headwater.media.hls.codec.PlaylistParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Follows one stream's live HLS playlists from the moment its {@link RtmpPublisher} sends its first media
 * tag (T0), the way a player's playlist loader would, and records when each segment and LL-HLS part is
 * first listed. The URL is a master playlist (its first variant is followed) or a media playlist; until it
 * answers 200 with at least one segment it is fetched every poll interval. That first answer gives the
 * time to first playlist. Then:
 *
 * <ul>
 *   <li>a playlist with EXT-X-PART-INF and CAN-BLOCK-RELOAD=YES is followed with blocking reloads for the
 *       next part ({@code _HLS_msn}, {@code _HLS_part}, rfc8216bis 6.2.5.2), so an answer arrives as soon as
 *       the server lists the part: the resolution is the HTTP round trip;
 *   <li>any other playlist is fetched again every poll interval on average (0.5 to 1.5 intervals apart at
 *       random, so the phase against the segment boundaries varies), so a new segment is seen up to 1.5
 *       intervals after it was listed, on average about half an interval.
 * </ul>
 *
 * <p>The live edge lag of a segment or part is (when it was first seen − T0) − (the media time up to its
 * end: the EXTINF durations of every segment from the first one, plus for a part the durations of the
 * parts before it in its segment and its own). The publisher sends each tag when its timestamp falls due
 * from T0, so the lag is what the server added: waiting for the keyframe that closes a segment is not in
 * it, as that keyframe is the first media after the segment's end. Segments and parts listed in the first
 * playlist are not counted: they are in the time to first playlist. The first segment listed must have
 * Media Sequence Number 0 (a new broadcast); a segment that was never seen (a gap) ends the poller's
 * measurements, since media time is no longer known.
 */
final class HlsPoller implements Runnable {
  /** A segment ({@code part} -1) or part first seen at {@code seenNanos}, and its live edge lag. */
  record Sample(int poller, long msn, int part, long seenNanos, double lagMs) {}

  private record Fetch(int status, String text, long sent, long received) {}

  private static final Duration POLL_TIMEOUT = Duration.ofSeconds(5);
  /** Longer than a server's blocking reload timeout (Headwater's default is 6 s). */
  private static final Duration BLOCKING_TIMEOUT = Duration.ofSeconds(10);

  final int index;
  private final RtmpPublisher publisher;
  private final URI url;
  private final HttpClient http;
  private final long pollNanos;
  private final PlaylistParser parser = new PlaylistParser();

  volatile boolean stop;
  /** Response times are recorded until then (the end of the measuring window). */
  volatile long recordUntil = Long.MAX_VALUE;
  /** T0: the publisher's first media tag, System.nanoTime(); 0 until it published. */
  volatile long t0;
  /** When the first playlist listing a segment arrived; 0 if none did. */
  volatile long firstPlaylistNanos;
  volatile boolean lowLatency;
  /** EXTINF of the first segment (Media Sequence Number 0), seconds. */
  volatile double firstSegmentSeconds;
  volatile String fatal;
  /** Written by the poller's thread; read by the driver once the poller stopped, under the list's lock. */
  final List<Sample> segments = Collections.synchronizedList(new ArrayList<>());
  final List<Sample> parts = Collections.synchronizedList(new ArrayList<>());
  final Map<String, Integer> errors = new TreeMap<>();
  /** Request to response of each plain reload after the first playlist, microseconds. */
  final RtmpPublisher.LongList responseMicros = new RtmpPublisher.LongList();
  volatile long requests;

  private URI media;
  /** The last segment known complete and the media time, in seconds, up to its end. */
  private long lastSegment = -1;
  private double mediaEnd;
  private final Map<Long, Double> segmentStart = new HashMap<>();
  private long lastPartMsn = -1;
  private int lastPartIndex = -1;

  HlsPoller(int index, RtmpPublisher publisher, URI url, HttpClient http, long pollMillis) {
    this.index = index;
    this.publisher = publisher;
    this.url = url;
    this.http = http;
    this.pollNanos = pollMillis * 1_000_000L;
  }

  @Override
  public void run() {
    try {
      while (publisher.mediaStartNanos == 0) {
        if (stop || publisher.state == RtmpPublisher.State.FAILED) return;
        LockSupport.parkNanos(2_000_000L);
      }
      t0 = publisher.mediaStartNanos;
      long tick = t0 + ThreadLocalRandom.current().nextLong(pollNanos);
      MediaPlaylist playlist = null;
      Fetch fetch = null;
      URI target = url;
      while (playlist == null) {
        tick = sleepUntilTick(tick);
        if (stop) return;
        fetch = get(target, POLL_TIMEOUT);
        while (fetch.status == 200 && media == null) {
          if (fetch.text.contains("#EXT-X-STREAM-INF")) { // a master: its first variant, at once
            MasterPlaylist master = parser.parseMaster(fetch.text);
            media = url.resolve(master.variants().get(0).uri());
            target = media;
            fetch = get(target, POLL_TIMEOUT);
          } else {
            media = url;
          }
        }
        if (fetch.status != 200) {
          if (fetch.status != 204 && fetch.status != 404) error("status " + fetch.status + " before the first playlist");
          continue;
        }
        MediaPlaylist p = parser.parseMedia(fetch.text);
        if (!p.segments().isEmpty()) playlist = p;
      }
      firstPlaylistNanos = fetch.received;
      firstSegmentSeconds = playlist.segments().get(0).duration();
      lowLatency = playlist.partTarget() != null && playlist.serverControl() != null
          && playlist.serverControl().canBlockReload();
      if (!absorb(playlist, fetch.received, false)) return;
      follow(playlist, tick);
    } catch (PlaylistParseException e) {
      fatal = "unparsable playlist: " + e.getMessage();
    } catch (RuntimeException e) {
      fatal = e.toString();
    }
  }

  private void follow(MediaPlaylist last, long tick) throws PlaylistParseException {
    while (!stop && !last.endList()) {
      Fetch f;
      if (lowLatency) {
        long msn = last.mediaSequence() + last.segments().size();
        int part = last.next() == null ? 0 : last.next().parts().size();
        f = get(URI.create(media + "?_HLS_msn=" + msn + "&_HLS_part=" + part), BLOCKING_TIMEOUT);
      } else {
        tick = sleepUntilTick(tick);
        if (stop) return;
        f = get(media, POLL_TIMEOUT);
        if (f.status == 200 && f.received <= recordUntil) responseMicros.add((f.received - f.sent) / 1000);
      }
      if (f.status != 200) {
        if (f.status > 0) error("status " + f.status);
        if (!stop) LockSupport.parkNanos(100_000_000L);
        continue;
      }
      last = parser.parseMedia(f.text);
      if (!absorb(last, f.received, true)) return;
    }
  }

  /**
   * Takes note of the segments and parts {@code p} lists that were not seen before; with {@code record},
   * as samples. False when the poller cannot go on (a gap, or a first playlist that is not the start).
   */
  private boolean absorb(MediaPlaylist p, long received, boolean record) {
    long first = p.firstListedSequence();
    if (lastSegment < 0 && first != 0) {
      fatal = "the first playlist starts at media sequence " + first + ", not 0: the start of the broadcast was missed";
      return false;
    }
    for (int i = 0; i < p.segments().size(); i++) {
      MediaPlaylist.Segment s = p.segments().get(i);
      long msn = first + i;
      if (msn == lastSegment + 1) {
        segmentStart.put(msn, mediaEnd);
        segmentStart.remove(msn - 50);
        mediaEnd += s.duration();
        lastSegment = msn;
        if (record) segments.add(sample(msn, -1, received, mediaEnd));
      } else if (msn > lastSegment) {
        fatal = "segments " + (lastSegment + 1) + " to " + (msn - 1) + " were never seen listed";
        return false;
      }
      Double start = segmentStart.get(msn);
      if (start != null) absorbParts(msn, start, s.parts(), received, record);
    }
    if (p.next() != null) {
      long msn = first + p.segments().size();
      if (msn != lastSegment + 1) {
        fatal = "the segment in progress " + msn + " does not follow the last complete one " + lastSegment;
        return false;
      }
      absorbParts(msn, mediaEnd, p.next().parts(), received, record);
    }
    return true;
  }

  private void absorbParts(long msn, double start, List<MediaPlaylist.Part> listed, long received, boolean record) {
    double end = start;
    for (int j = 0; j < listed.size(); j++) {
      end += listed.get(j).duration();
      if (msn > lastPartMsn || (msn == lastPartMsn && j > lastPartIndex)) {
        lastPartMsn = msn;
        lastPartIndex = j;
        if (record) parts.add(sample(msn, j, received, end));
      }
    }
  }

  private Sample sample(long msn, int part, long received, double mediaSeconds) {
    return new Sample(index, msn, part, received, (received - t0) / 1e6 - mediaSeconds * 1000);
  }

  /**
   * Sleeps until {@code tick}, then returns the next one: a random 0.5 to 1.5 poll intervals later (mean
   * one interval), so that polls do not keep one phase against segments that are a whole number of intervals
   * long. A tick already past is skipped.
   */
  private long sleepUntilTick(long tick) {
    long now;
    while ((now = System.nanoTime()) < tick && !stop) LockSupport.parkNanos(tick - now);
    long next = tick;
    do {
      next += pollNanos / 2 + ThreadLocalRandom.current().nextLong(pollNanos);
    } while (next <= System.nanoTime());
    return next;
  }

  private Fetch get(URI uri, Duration timeout) {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
        .header("User-Agent", "headwater-hls-poller/" + index).GET().build();
    long sent = System.nanoTime();
    requests++;
    try {
      HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      return new Fetch(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8), sent, System.nanoTime());
    } catch (IOException e) {
      if (!stop) error(e.getClass().getSimpleName());
      return new Fetch(-1, "", sent, System.nanoTime());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop = true;
      return new Fetch(-1, "", sent, System.nanoTime());
    }
  }

  private void error(String what) {
    synchronized (errors) {
      errors.merge(what, 1, Integer::sum);
    }
  }
}
