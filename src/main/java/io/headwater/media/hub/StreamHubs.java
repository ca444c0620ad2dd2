package io.headwater.media.hub;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The stream hubs of the live inputs published on this node. A session opens one when its publish is
 * granted and ends it when the publish ends; consumers on this node find hubs here. Consumers on other
 * nodes will go through a resolver that asks the LiveInput entity which node holds the publisher.
 */
public final class StreamHubs {
  private static final Logger log = LoggerFactory.getLogger(StreamHubs.class);
  private final ConcurrentHashMap<String, StreamHub> hubs = new ConcurrentHashMap<>();
  private final CopyOnWriteArrayList<HubListener> listeners = new CopyOnWriteArrayList<>();
  private final int consumerCapacity;
  private final int gopMaxFrames;
  private final long gopMaxBytes;

  public StreamHubs(int consumerCapacity, int gopMaxFrames, long gopMaxBytes) {
    this.consumerCapacity = consumerCapacity;
    this.gopMaxFrames = gopMaxFrames;
    this.gopMaxBytes = gopMaxBytes;
  }

  /** Registers a listener told of every hub opened from now on. */
  public void addListener(HubListener listener) {
    listeners.add(listener);
  }

  /**
   * A fresh hub for a granted publish; a hub left over from an earlier publish of the same input is ended.
   * Listeners attach their consumers before this returns; the GOP cache covers the moment until their
   * streams run, so they see the stream from its start.
   */
  public StreamHub open(String liveInputId, StreamProfile profile) {
    StreamHub hub = new StreamHub(liveInputId, consumerCapacity, gopMaxFrames, gopMaxBytes);
    StreamHub previous = hubs.put(liveInputId, hub);
    if (previous != null) previous.end(null);
    for (HubListener l : listeners) {
      try {
        l.opened(hub, profile);
      } catch (RuntimeException e) {
        // One consumer's failure (HLS, outputs) must not cost the publish or the other consumers.
        log.error("live input {}: a hub listener failed on open: {}", liveInputId, e.toString());
      }
    }
    return hub;
  }

  public Optional<StreamHub> find(String liveInputId) {
    return Optional.ofNullable(hubs.get(liveInputId));
  }

  /** Ends {@code hub} and forgets it, unless a newer publish has replaced it already. */
  public void close(StreamHub hub, Throwable cause) {
    hub.end(cause);
    hubs.remove(hub.liveInputId(), hub);
    for (HubListener l : listeners) {
      try {
        l.closed(hub);
      } catch (RuntimeException e) {
        log.error("live input {}: a hub listener failed on close: {}", hub.liveInputId(), e.toString());
      }
    }
  }
}
