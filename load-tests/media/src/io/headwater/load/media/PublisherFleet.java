package io.headwater.load.media;

import java.util.ArrayList;
import java.util.List;

/**
 * The N publishers of one driver run, each on its own thread: started spread over {@code spreadMs}, awaited
 * until all publish (or fail, or the set-up timeout passes), and stopped together at the end, closing the
 * sockets of any still blocked in a write after a grace period.
 */
final class PublisherFleet {
  final RtmpPublisher.Run run;
  final List<RtmpPublisher> publishers = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private long startNanos;

  PublisherFleet(RtmpPublisher.Run run, List<String> keys, int n, long spreadMs) {
    if (keys.size() < n) throw new IllegalArgumentException("have " + keys.size() + " stream keys, need " + n);
    this.run = run;
    for (int i = 0; i < n; i++) {
      RtmpPublisher p = new RtmpPublisher(i, keys.get(i), run, n == 1 ? 0 : spreadMs * i / n);
      publishers.add(p);
      Thread t = new Thread(null, p, "publisher-" + i, 256 * 1024);
      t.setDaemon(true);
      threads.add(t);
    }
  }

  void start() {
    startNanos = System.nanoTime();
    threads.forEach(Thread::start);
  }

  /** Waits until no publisher is still waiting or connecting, at most until {@code deadlineNanos}; ms since start. */
  long awaitSetUp(long deadlineNanos) throws InterruptedException {
    while (System.nanoTime() < deadlineNanos && publishers.stream().anyMatch(
        p -> p.state == RtmpPublisher.State.WAITING || p.state == RtmpPublisher.State.CONNECTING)) {
      Thread.sleep(100);
    }
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  long startNanos() {
    return startNanos;
  }

  long publishing() {
    return publishers.stream().filter(p -> p.state == RtmpPublisher.State.PUBLISHING).count();
  }

  /**
   * Stops every publisher (unpublish and close) and waits for them; those still blocked in a write after
   * {@code graceSeconds} have their sockets closed. Returns how many were.
   */
  int stop(int graceSeconds) throws InterruptedException {
    run.stopAt = System.nanoTime();
    run.stopping = true;
    long joinDeadline = System.nanoTime() + graceSeconds * 1_000_000_000L;
    for (Thread t : threads) t.join(Math.max(1, (joinDeadline - System.nanoTime()) / 1_000_000));
    int blocked = 0;
    for (int i = 0; i < threads.size(); i++) {
      if (threads.get(i).isAlive()) {
        blocked++;
        publishers.get(i).closeQuietly();
      }
    }
    for (Thread t : threads) t.join(2000);
    return blocked;
  }
}
