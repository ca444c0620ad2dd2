package io.headwater.api;

import com.typesafe.config.Config;
import io.headwater.SettingsException;
import io.headwater.restream.Destination;
import java.time.Duration;

/** Limits and timeouts of the REST faces, read once from {@code headwater.api}. */
public record ApiSettings(
    Duration askTimeout,
    Duration retryAfter,
    long maxBodyBytes,
    int maxMetaBytes,
    int maxOutputsPerInput,
    int maxOutputUrlLength,
    int maxOutputStreamKeyLength,
    Duration idempotencyKeyTtl,
    Duration tokenCacheTtl) {

  /** Upper bound of headwater.api.max-output-stream-key-length. */
  public static final int MAX_STREAM_KEY_LENGTH = 1024;

  public static ApiSettings fromConfig(Config root) {
    Config c = root.getConfig("headwater.api");
    return new ApiSettings(
        positive(c, "ask-timeout"),
        positive(c, "retry-after"),
        atLeast(c, "max-body-bytes", 1024),
        (int) atLeast(c, "max-meta-bytes", 2),
        (int) atLeast(c, "max-outputs-per-input", 1),
        (int) between(c, "max-output-url-length", 16, Destination.MAX_URL_LENGTH),
        (int) between(c, "max-output-stream-key-length", 1, MAX_STREAM_KEY_LENGTH),
        positive(c, "idempotency-key-ttl"),
        c.getDuration("token-cache-ttl"));
  }

  /** Retry-After in whole seconds, at least 1. */
  public long retryAfterSeconds() {
    return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
  }

  private static Duration positive(Config c, String key) {
    Duration d = c.getDuration(key);
    if (d.isNegative() || d.isZero()) throw new SettingsException("headwater.api." + key, "must be positive, was " + d);
    return d;
  }

  private static long between(Config c, String key, long min, long max) {
    long value = atLeast(c, key, min);
    if (value > max) throw new SettingsException("headwater.api." + key, "must be at most " + max + ", was " + value);
    return value;
  }

  private static long atLeast(Config c, String key, long min) {
    long value = c.getLong(key);
    if (value < min) throw new SettingsException("headwater.api." + key, "must be at least " + min + ", was " + value);
    return value;
  }
}
