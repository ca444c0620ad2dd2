package io.headwater.liveinput;

import io.headwater.CborSerializable;
import java.time.Instant;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The publisher a live input granted: its session, the node holding its socket and stream hub (where
 * playback and outputs find the media), its address and protocol, how to reach its session, and the
 * restreamer of its node (null where a node runs none, as in entity tests).
 */
public record Publisher(String sessionId, String node, String remoteAddress, String protocol,
    ActorRef<PublisherControl> control, ActorRef<OutputControl> outputControl, Instant since)
    implements CborSerializable {}
