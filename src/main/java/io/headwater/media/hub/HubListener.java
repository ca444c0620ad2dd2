package io.headwater.media.hub;

/**
 * Told of every hub {@link StreamHubs} opens and closes, on the publisher session's thread, before the first item is
 * published: what attaches the node's standing consumers (the HLS packager, later outputs) to a new stream.
 * Must return quickly and never throw.
 */
public interface HubListener {
  void opened(StreamHub hub, StreamProfile profile);

  /** The hub's publish ended; called by the session before it reports the end to the live input. */
  default void closed(StreamHub hub) {}
}
