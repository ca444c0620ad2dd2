package io.headwater.media.hls;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of HLS segments all renditions on this node hold, against {@code headwater.hls.total-budget}.
 * Each rendition also keeps within its own budget; a rendition that adds bytes while the node is over
 * budget sheds its own oldest segments, so the stream that grows pays.
 */
public final class MemoryBudget {
  private final long limit;
  private final AtomicLong used = new AtomicLong();

  public MemoryBudget(long limit) {
    this.limit = limit;
  }

  void add(long bytes) {
    used.addAndGet(bytes);
  }

  void release(long bytes) {
    used.addAndGet(-bytes);
  }

  boolean over() {
    return used.get() > limit;
  }

  public long used() {
    return used.get();
  }
}
