package io.headwater.restream.push;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Capped exponential backoff with jitter between an output's connection attempts: {@code initial}
 * doubling per failed attempt up to {@code max}, each delay scaled by a random factor in
 * [1 - jitter, 1 + jitter] so outputs that failed together do not retry together.
 */
record Backoff(Duration initial, Duration max, double jitter) {
  Backoff {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("backoff " + initial + " to " + max);
    }
    if (jitter < 0 || jitter >= 1) throw new IllegalArgumentException("jitter " + jitter);
  }

  /** The delay before retry number {@code attempt} (0 after the first failure); {@code random} in [0, 1). */
  Duration delay(int attempt, DoubleSupplier random) {
    double base = initial.toMillis() * Math.pow(2, Math.min(attempt, 30));
    double capped = Math.min(base, max.toMillis());
    double factor = 1 + jitter * (2 * random.getAsDouble() - 1);
    return Duration.ofMillis(Math.round(capped * factor));
  }
}
