package io.headwater.media.hub;

/**
 * Told of every hub {@link StreamHubs} opens, on the publisher session's thread, before the first item is
 * published: what attaches the node's standing consumers (the HLS packager, later outputs) to a new stream.
 * Must return quickly and never throw.
 */
@FunctionalInterface
public interface HubListener {
  void opened(StreamHub hub, StreamProfile profile);
}
