package io.headwater.media.hub;

import java.time.Duration;
import java.util.Objects;

/**
 * What a live input's publish grant says about the stream, for the hub's consumers on this node: the
 * HLS packager reads it to choose LL-HLS and its reconnect window.
 *
 * @param lowLatency the input prefers low latency: package LL-HLS parts
 * @param reconnectWindow how long after the publisher goes away a new publish continues the same broadcast
 * @param resumesBroadcast the grant continues a broadcast whose publisher went away within the window
 *     (status {@code reconnected}); false starts a new broadcast
 */
public record StreamProfile(boolean lowLatency, Duration reconnectWindow, boolean resumesBroadcast) {
  public StreamProfile {
    Objects.requireNonNull(reconnectWindow, "reconnectWindow");
    if (reconnectWindow.isNegative()) throw new IllegalArgumentException("negative reconnect window " + reconnectWindow);
  }
}
