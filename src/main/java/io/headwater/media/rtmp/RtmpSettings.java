package io.headwater.media.rtmp;

import com.typesafe.config.Config;
import io.headwater.SettingsException;
import io.headwater.media.rtmp.codec.RtmpLimits;
import java.nio.file.Path;
import java.time.Duration;

/** The RTMP and RTMPS servers' binding, TLS, timeouts and protocol limits, from {@code headwater.rtmp}. */
public record RtmpSettings(
    String iface,
    int rtmpPort,
    int rtmpsPort,
    boolean rtmpsEnabled,
    Path keystore,
    char[] keystorePassword,
    Duration handshakeTimeout,
    Duration noMediaTimeout,
    Duration idleTimeout,
    int maxConnections,
    int maxConnectionsPerIp,
    int maxBadKeysPerIpPerMinute,
    RtmpLimits limits,
    int outChunkSize) {

  public static RtmpSettings fromConfig(Config root) {
    Config c = root.getConfig("headwater.rtmp");
    String keystore = c.getString("keystore").trim();
    RtmpLimits limits;
    try {
      limits = new RtmpLimits(
          c.getInt("max-chunk-size"), c.getInt("max-message-size"), c.getInt("max-pending-bytes"),
          c.getInt("max-chunk-streams"), c.getInt("amf-max-depth"), c.getInt("amf-max-elements"),
          c.getInt("amf-max-string-bytes"));
    } catch (IllegalArgumentException e) {
      throw new SettingsException("headwater.rtmp", e.getMessage());
    }
    int outChunk = c.getInt("out-chunk-size");
    if (outChunk < 128 || outChunk > 65536) {
      throw new SettingsException("headwater.rtmp.out-chunk-size", outChunk + " is outside 128..65536");
    }
    return new RtmpSettings(
        c.getString("interface"),
        root.getInt("headwater.ingest.rtmp-port"),
        root.getInt("headwater.ingest.rtmps-port"),
        c.getBoolean("rtmps-enabled"),
        keystore.isEmpty() ? null : Path.of(keystore),
        c.getString("keystore-password").toCharArray(),
        positive(c, "handshake-timeout"),
        positive(c, "no-media-timeout"),
        positive(c, "idle-timeout"),
        atLeastOne(c, "max-connections"),
        atLeastOne(c, "max-connections-per-ip"),
        atLeastOne(c, "max-bad-keys-per-ip-per-minute"),
        limits,
        outChunk);
  }

  private static Duration positive(Config c, String key) {
    Duration d = c.getDuration(key);
    if (d.isZero() || d.isNegative()) throw new SettingsException("headwater.rtmp." + key, "must be positive");
    return d;
  }

  private static int atLeastOne(Config c, String key) {
    int v = c.getInt(key);
    if (v < 1) throw new SettingsException("headwater.rtmp." + key, "must be at least 1, was " + v);
    return v;
  }
}
