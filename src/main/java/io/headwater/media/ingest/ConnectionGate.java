package io.headwater.media.ingest;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admission limits of one ingest protocol on a node: connections in total and per IP, and publish attempts
 * with a bad key or passphrase per IP per minute (a scanner is slowed to a trickle). RTMP and RTMPS share
 * one; SRT has its own. Thread-safe.
 */
public final class ConnectionGate {
  private final int maxConnections;
  private final int maxPerIp;
  private final int maxBadKeysPerMinute;
  private final Clock clock;
  private final AtomicInteger total = new AtomicInteger();
  private final ConcurrentHashMap<String, AtomicInteger> perIp = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, ArrayDeque<Long>> badKeys = new ConcurrentHashMap<>();

  public ConnectionGate(int maxConnections, int maxPerIp, int maxBadKeysPerMinute, Clock clock) {
    this.maxConnections = maxConnections;
    this.maxPerIp = maxPerIp;
    this.maxBadKeysPerMinute = maxBadKeysPerMinute;
    this.clock = clock;
  }

  /** Admits a connection, or returns why not; an admitted connection must be {@link #release}d once. */
  public String admit(String ip) {
    if (total.incrementAndGet() > maxConnections) {
      total.decrementAndGet();
      return "too many connections (" + maxConnections + ")";
    }
    AtomicInteger mine = perIp.computeIfAbsent(ip, k -> new AtomicInteger());
    if (mine.incrementAndGet() > maxPerIp) {
      mine.decrementAndGet();
      total.decrementAndGet();
      return "too many connections from this address (" + maxPerIp + ")";
    }
    return null;
  }

  public void release(String ip) {
    total.decrementAndGet();
    perIp.computeIfPresent(ip, (k, count) -> count.decrementAndGet() <= 0 ? null : count);
  }

  /** Whether this IP may try a key now; false once it had too many bad keys in the last minute. */
  public boolean mayTryKey(String ip) {
    ArrayDeque<Long> attempts = badKeys.get(ip);
    if (attempts == null) return true;
    synchronized (attempts) {
      prune(attempts);
      return attempts.size() < maxBadKeysPerMinute;
    }
  }

  public void recordBadKey(String ip) {
    ArrayDeque<Long> attempts = badKeys.computeIfAbsent(ip, k -> new ArrayDeque<>());
    synchronized (attempts) {
      prune(attempts);
      attempts.addLast(clock.millis());
    }
    if (badKeys.size() > 100_000) badKeys.clear(); // a bound against address spraying
  }

  public int connections() {
    return total.get();
  }

  private void prune(ArrayDeque<Long> attempts) {
    long cutoff = clock.millis() - 60_000;
    while (!attempts.isEmpty() && attempts.peekFirst() < cutoff) attempts.pollFirst();
  }
}
