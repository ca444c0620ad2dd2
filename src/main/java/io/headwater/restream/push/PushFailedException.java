package io.headwater.restream.push;

/** Why an output connection ended, in words safe to show in the API (never the stream key). */
final class PushFailedException extends RuntimeException {
  PushFailedException(String reason) {
    super(reason, null, false, false);
  }
}
