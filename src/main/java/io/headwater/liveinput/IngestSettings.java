package io.headwater.liveinput;

import com.typesafe.config.Config;
import io.headwater.SettingsException;
import java.time.Duration;

/**
 * How publishes of every protocol behave over time, from {@code headwater.ingest}: the reconnect window
 * a live input uses when its {@code recording.timeoutSeconds} is unset.
 */
public record IngestSettings(Duration reconnectWindow) {
  /** Cloudflare accepts 1..86400 for {@code timeoutSeconds}; the platform default stays within that. */
  static final Duration MAX_RECONNECT_WINDOW = Duration.ofDays(1);

  public static IngestSettings fromConfig(Config root) {
    String key = "headwater.ingest.reconnect-window";
    Duration window = root.getDuration(key);
    if (window.compareTo(Duration.ofSeconds(1)) < 0 || window.compareTo(MAX_RECONNECT_WINDOW) > 0) {
      throw new SettingsException(key, "must be between 1s and 24h, was " + window);
    }
    return new IngestSettings(window);
  }
}
