package io.headwater.liveinput;

import io.headwater.CborSerializable;
import java.time.Duration;
import java.util.Objects;

/**
 * A live input's answer to a publish it allows: the recorded {@link Publisher}, and what the session's
 * stream hub (and the packagers on it) need to know about the stream.
 *
 * @param lowLatency the input's {@code preferLowLatency}
 * @param reconnectWindow how long after this publish ends a new one continues the same broadcast
 *     ({@code recording.timeoutSeconds}, or the platform default); fixed for this publish, so the entity
 *     and the hub's packagers agree on when the broadcast ends
 * @param resumesBroadcast this publish came within the window of the previous one (status {@code
 *     reconnected}): the broadcast goes on; false starts a new broadcast
 */
public record PublishGrant(Publisher publisher, boolean lowLatency, Duration reconnectWindow, boolean resumesBroadcast)
    implements CborSerializable {
  public PublishGrant {
    Objects.requireNonNull(publisher, "publisher");
    Objects.requireNonNull(reconnectWindow, "reconnectWindow");
  }
}
