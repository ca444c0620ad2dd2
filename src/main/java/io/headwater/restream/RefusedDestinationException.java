package io.headwater.restream;

/**
 * A destination refused by {@link Destination#parse} or, at connect time, by
 * {@link DestinationPolicy#checkAtConnect}. Its message is the refusal's, safe to show and to log.
 */
public final class RefusedDestinationException extends RuntimeException {
  private final Refusal refusal;

  public RefusedDestinationException(Refusal refusal) {
    super(refusal.message(), null, false, false);
    this.refusal = refusal;
  }

  RefusedDestinationException(Refusal.Reason reason, String message) {
    this(new Refusal(reason, message));
  }

  public Refusal refusal() {
    return refusal;
  }
}
