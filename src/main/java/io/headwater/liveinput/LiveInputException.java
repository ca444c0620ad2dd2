package io.headwater.liveinput;

/**
 * Why the LiveInput entity refused a command. Each kind is its own class with a (String) constructor, so
 * a {@code StatusReply} error carrying it survives the trip between nodes, and routes map it by type.
 */
public abstract class LiveInputException extends RuntimeException {
  protected LiveInputException(String message) {
    super(message, null, false, false);
  }

  /** Unknown, deleted, or owned by another account: the caller cannot tell these apart. */
  public static final class NotFound extends LiveInputException {
    public NotFound(String message) {
      super(message);
    }
  }

  /** The live input exists but has no output with that uid. */
  public static final class OutputNotFound extends LiveInputException {
    public OutputNotFound(String message) {
      super(message);
    }
  }

  /** Adding an output would pass the per-input limit. */
  public static final class OutputLimitReached extends LiveInputException {
    public OutputLimitReached(String message) {
      super(message);
    }
  }

  /**
   * A publish was refused. The message is what the encoder may be told, one of the constants here; it never
   * says whether an input exists. Sessions map it to their protocol's refusal (RTMP status codes, SRT
   * reject codes).
   */
  public static final class PublishRefused extends LiveInputException {
    /** RTMP: the key is wrong, or the input unknown or deleted. */
    public static final String INVALID_STREAM_KEY = "invalid stream key";
    /** SRT: the key material does not open with the input's passphrase, or the input is unknown or deleted. */
    public static final String INVALID_PASSPHRASE = "invalid passphrase";
    public static final String DISABLED = "live input disabled";
    public static final String BUSY = "live input already has a publisher";
    /** Playback: the credential is right, but no publisher is live. */
    public static final String NOT_LIVE = "not live";
    /** A key refresh from a session that no longer holds the input. */
    public static final String NOT_PUBLISHING = "not the live input's publisher";

    public PublishRefused(String message) {
      super(message);
    }
  }

  /** A create for a uid that was deleted (an Idempotency-Key re-used after delete). */
  public static final class Gone extends LiveInputException {
    public Gone(String message) {
      super(message);
    }
  }
}
