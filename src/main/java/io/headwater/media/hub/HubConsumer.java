package io.headwater.media.hub;

import io.headwater.media.MediaFrame;
import io.headwater.media.MediaItem;
import io.headwater.media.MediaKind;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One consumer's bounded buffer between the publisher's thread (offer) and the consumer's stream
 * (poll). When it is full the consumer is behind: its buffer is dropped and it skips to the next video
 * keyframe (or the next frame for audio-only streams); every dropped frame is counted. Codec
 * configurations are never dropped, so a consumer never decodes with a stale one.
 */
final class HubConsumer {
  private final String name;
  private final int capacity;
  private final ArrayDeque<MediaItem> queue;
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong dropped;
  private boolean skippingToKeyframe;
  private boolean completed;
  private Throwable failure;
  private Runnable wakeUp = () -> {};

  HubConsumer(String name, int capacity) {
    this(name, capacity, new AtomicLong());
  }

  /** @param dropped where drops are counted; a consumer that resubscribes can keep one count across subscriptions */
  HubConsumer(String name, int capacity, AtomicLong dropped) {
    this.name = name;
    this.dropped = dropped;
    this.capacity = capacity;
    this.queue = new ArrayDeque<>(Math.min(capacity, 1024));
  }

  /** Fills the buffer with the GOP cache before any live item arrives. */
  synchronized void prime(List<MediaItem> start) {
    for (MediaItem item : start) {
      if (queue.size() < capacity || !(item instanceof MediaFrame)) {
        queue.addLast(item);
      } else {
        skippingToKeyframe = true;
        dropped.incrementAndGet();
      }
    }
  }

  String name() {
    return name;
  }

  /** Called on the publisher's thread; never blocks. */
  void offer(MediaItem item, boolean streamHasVideo) {
    boolean wasEmpty;
    synchronized (this) {
      if (completed) return;
      if (skippingToKeyframe && item instanceof MediaFrame f) {
        if (isStartingPoint(f, streamHasVideo)) {
          skippingToKeyframe = false;
        } else {
          dropped.incrementAndGet();
          return;
        }
      }
      if (queue.size() >= capacity) {
        fallBehind();
        if (item instanceof MediaFrame f && !isStartingPoint(f, streamHasVideo)) {
          dropped.incrementAndGet();
          return;
        }
        skippingToKeyframe = false;
      }
      wasEmpty = queue.isEmpty();
      queue.addLast(item);
    }
    if (wasEmpty) wakeUp.run();
  }

  /** Drops the queued frames; keeps configurations and metadata. Caller holds the lock. */
  private void fallBehind() {
    int before = queue.size();
    queue.removeIf(i -> i instanceof MediaFrame);
    dropped.addAndGet(before - queue.size());
    skippingToKeyframe = true;
  }

  private static boolean isStartingPoint(MediaFrame f, boolean streamHasVideo) {
    return streamHasVideo ? f.kind() == MediaKind.VIDEO && f.keyframe() : f.keyframe();
  }

  synchronized MediaItem poll() {
    MediaItem item = queue.pollFirst();
    if (item != null) delivered.incrementAndGet();
    return item;
  }

  synchronized boolean isDrained() {
    return queue.isEmpty() && completed;
  }

  synchronized Throwable failure() {
    return failure;
  }

  void complete(Throwable cause) {
    synchronized (this) {
      completed = true;
      failure = cause;
    }
    wakeUp.run();
  }

  void onWakeUp(Runnable callback) {
    this.wakeUp = callback;
  }

  HubStats.Consumer stats() {
    int queued;
    synchronized (this) {
      queued = queue.size();
    }
    return new HubStats.Consumer(name, delivered.get(), dropped.get(), queued);
  }
}
