package io.headwater.it;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waiting for something a user would see (a status, a hub, a process), bounded by a deadline. */
public final class Await {
  private static final long POLL_MILLIS = 50;

  private Await() {}

  /** The first value {@code probe} yields within {@code timeout}; fails naming {@code what} otherwise. */
  public static <T> T value(String what, Duration timeout, Supplier<Optional<T>> probe) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      Optional<T> value = probe.get();
      if (value.isPresent()) return value.get();
      if (Instant.now().isAfter(deadline)) throw new AssertionError(what + ": not within " + timeout);
      TimeUnit.MILLISECONDS.sleep(POLL_MILLIS); // the polling interval of a deadline-bounded wait
    }
  }

  public static void condition(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
    value(what, timeout, () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty());
  }
}
