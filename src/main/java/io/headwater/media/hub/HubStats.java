package io.headwater.media.hub;

import java.util.List;

/** A snapshot of a hub's counters: what the publisher sent and how each consumer keeps up. */
public record HubStats(String liveInputId, long published, List<Consumer> consumers) {
  public HubStats {
    consumers = List.copyOf(consumers);
  }

  /** @param dropped frames this consumer skipped because it fell behind */
  public record Consumer(String name, long delivered, long dropped, int queued) {}
}
