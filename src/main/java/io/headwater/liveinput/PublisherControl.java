package io.headwater.liveinput;

import io.headwater.CborSerializable;

/**
 * What a LiveInput tells the session holding its publisher (on whichever node accepted the socket):
 * today only to end the publish, on disable, delete or rotate_keys.
 */
public sealed interface PublisherControl extends CborSerializable {
  /** End the publish now and close the connection. {@code reason} is safe to log. */
  record Kick(String reason) implements PublisherControl {}
}
