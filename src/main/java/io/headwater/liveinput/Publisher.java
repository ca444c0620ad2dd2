package io.headwater.liveinput;

import io.headwater.CborSerializable;
import java.time.Instant;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The publisher a live input granted: its session, the node holding its socket and stream hub (where
 * playback and outputs find the media), its address and protocol, and how to reach its session.
 */
public record Publisher(
    String sessionId, String node, String remoteAddress, String protocol, ActorRef<PublisherControl> control, Instant since)
    implements CborSerializable {}
