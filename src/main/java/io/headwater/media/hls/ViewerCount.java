package io.headwater.media.hls;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Live viewers of one broadcast: distinct playback clients (address and User-Agent) that asked for a
 * playlist within the viewer timeout. Players reload their media playlist every target duration or
 * faster, so a watching client is always recent. Clients behind one NAT with the same player count once.
 */
public final class ViewerCount {
  /** More distinct clients than this are counted, but no more are remembered: the map stays bounded. */
  static final int MAX_TRACKED = 100_000;

  private final Duration timeout;
  private final Clock clock;
  private final ConcurrentHashMap<String, Instant> lastSeen = new ConcurrentHashMap<>();

  ViewerCount(Duration timeout, Clock clock) {
    this.timeout = timeout;
    this.clock = clock;
  }

  public void seen(String client) {
    Instant now = clock.instant();
    if (lastSeen.size() >= MAX_TRACKED && !lastSeen.containsKey(client)) purge(now);
    if (lastSeen.size() < MAX_TRACKED || lastSeen.containsKey(client)) lastSeen.put(client, now);
  }

  public int count() {
    Instant now = clock.instant();
    purge(now);
    return lastSeen.size();
  }

  private void purge(Instant now) {
    Instant oldest = now.minus(timeout);
    lastSeen.values().removeIf(seen -> seen.isBefore(oldest));
  }
}
