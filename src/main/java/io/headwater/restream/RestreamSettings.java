package io.headwater.restream;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValueType;
import io.headwater.SettingsException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Restream destination safety, from {@code headwater.restream}: the operator's allow-list, and the
 * deadline and pool size of the destination name lookups.
 */
public record RestreamSettings(AllowList allow, Duration resolveTimeout, int resolverThreads) {
  static final int MAX_RESOLVER_THREADS = 64;

  public static RestreamSettings fromConfig(Config root) {
    Config c = root.getConfig("headwater.restream");
    AllowList allow;
    try {
      allow = AllowList.of(allowEntries(c));
    } catch (IllegalArgumentException e) {
      throw new SettingsException("headwater.restream.allow", e.getMessage() + " (HEADWATER_RESTREAM_ALLOW)");
    }
    Duration timeout = c.getDuration("resolve-timeout");
    if (timeout.isZero() || timeout.isNegative()) {
      throw new SettingsException("headwater.restream.resolve-timeout", "must be positive, was " + timeout);
    }
    int threads = c.getInt("resolver-threads");
    if (threads < 1 || threads > MAX_RESOLVER_THREADS) {
      throw new SettingsException("headwater.restream.resolver-threads", "must be 1.." + MAX_RESOLVER_THREADS + ", was " + threads);
    }
    return new RestreamSettings(allow, timeout, threads);
  }

  /** A HOCON list, or one comma-separated string (what HEADWATER_RESTREAM_ALLOW gives). */
  private static List<String> allowEntries(Config c) {
    ConfigValueType type = c.getValue("allow").valueType();
    try {
      if (type == ConfigValueType.LIST) return c.getStringList("allow");
      if (type == ConfigValueType.STRING) return Arrays.asList(c.getString("allow").split(",", -1));
    } catch (ConfigException.WrongType e) {
      // a list holding something other than strings: reported below
    }
    throw new SettingsException("headwater.restream.allow",
        "must be a list of host names and CIDR blocks, or one comma-separated string of them (HEADWATER_RESTREAM_ALLOW)");
  }
}
