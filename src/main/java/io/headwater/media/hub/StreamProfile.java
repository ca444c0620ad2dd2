package io.headwater.media.hub;

import java.time.Duration;
import java.util.Objects;

/**
 * What a live input's publish grant says about the stream, for the hub's consumers on this node: the
 * HLS packager reads it to choose LL-HLS and its reconnect window.
 *
 * @param sessionId the granted session, as the live input recorded it: messages about other sessions are stale
 * @param lowLatency the input prefers low latency: package LL-HLS parts
 * @param reconnectWindow how long after the publisher goes away a new publish continues the same broadcast
 * @param resumesBroadcast the grant continues a broadcast whose publisher went away within the window
 *     (status {@code reconnected}); false starts a new broadcast
 */
public record StreamProfile(String sessionId, boolean lowLatency, Duration reconnectWindow, boolean resumesBroadcast) {
  public StreamProfile {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(reconnectWindow, "reconnectWindow");
    if (reconnectWindow.isNegative()) throw new IllegalArgumentException("negative reconnect window " + reconnectWindow);
  }
}
