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
   * A publish was refused. The message is what the encoder may be told ("invalid stream key", "live
   * input disabled", "live input already has a publisher"); it never says whether an input exists.
   */
  public static final class PublishRefused extends LiveInputException {
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
