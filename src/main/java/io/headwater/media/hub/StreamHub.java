package io.headwater.media.hub;

import io.headwater.media.MediaItem;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The fan-out point of one live stream on the node that holds its publisher. The publisher's session
 * calls {@link #publish} and is never slowed down by consumers; each consumer (packager, transcoder,
 * output, pull viewer) is a {@link Source} with its own bounded buffer that drops to the next keyframe
 * when it falls behind, and a new consumer starts from the GOP cache (configurations, then the frames
 * since the latest keyframe).
 */
public final class StreamHub {
  /** Consumers whose names start so are pull viewers (RTMP play, SRT playback); they count in /views. */
  public static final String PULL_VIEWER_PREFIX = "viewer ";

  private final String liveInputId;
  private final int consumerCapacity;
  private final GopCache gop;
  private final CopyOnWriteArrayList<HubConsumer> consumers = new CopyOnWriteArrayList<>();
  private final AtomicLong published = new AtomicLong();
  private volatile boolean ended;
  private Throwable endCause;

  /**
   * @param consumerCapacity items a consumer may have queued before it counts as behind
   * @param gopMaxFrames, gopMaxBytes bounds of the GOP cache
   */
  public StreamHub(String liveInputId, int consumerCapacity, int gopMaxFrames, long gopMaxBytes) {
    this.liveInputId = liveInputId;
    this.consumerCapacity = consumerCapacity;
    this.gop = new GopCache(gopMaxFrames, gopMaxBytes);
  }

  public String liveInputId() {
    return liveInputId;
  }

  /** Hands an item to every consumer. Called by the one publisher, on one thread at a time. */
  public void publish(MediaItem item) {
    boolean hasVideo;
    synchronized (gop) {
      if (ended) return;
      gop.add(item);
      hasVideo = gop.hasVideo();
    }
    published.incrementAndGet();
    for (HubConsumer c : consumers) c.offer(item, hasVideo);
  }

  /**
   * A new consumer, starting from the GOP cache. Materialize it once; cancelling it detaches it. A
   * consumer that subscribes after the end completes at once.
   */
  public Source<MediaItem, NotUsed> subscribe(String consumerName) {
    return subscribe(consumerName, consumerCapacity);
  }

  /** As {@link #subscribe(String)}, with a buffer of {@code capacity} items instead of the hub's default. */
  public Source<MediaItem, NotUsed> subscribe(String consumerName, int capacity) {
    return Source.fromGraph(new HubSourceStage(this, new HubConsumer(consumerName, capacity)));
  }

  /**
   * As {@link #subscribe(String, int)}, counting dropped frames into {@code dropped}, which the caller
   * keeps: an output that reconnects shows one count over all its subscriptions.
   */
  public Source<MediaItem, NotUsed> subscribe(String consumerName, int capacity, AtomicLong dropped) {
    return Source.fromGraph(new HubSourceStage(this, new HubConsumer(consumerName, capacity, dropped)));
  }

  /** Called when a consumer's stream starts: primed and registered under publish()'s lock, so no item is missed. */
  void attach(HubConsumer consumer) {
    synchronized (gop) {
      consumer.prime(gop.snapshot());
      if (ended) consumer.complete(endCause);
      else consumers.addIfAbsent(consumer);
    }
  }

  void detach(HubConsumer consumer) {
    consumers.remove(consumer);
  }

  /** The publisher is gone: consumers drain what they have, then complete (or fail with {@code cause}). */
  public void end(Throwable cause) {
    List<HubConsumer> current;
    synchronized (gop) {
      if (ended) return;
      ended = true;
      endCause = cause;
      current = new ArrayList<>(consumers);
      consumers.clear();
    }
    for (HubConsumer c : current) c.complete(cause);
  }

  public HubStats stats() {
    return new HubStats(liveInputId, published.get(), consumers.stream().map(HubConsumer::stats).toList());
  }
}
