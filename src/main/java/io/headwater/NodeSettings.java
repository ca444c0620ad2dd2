package io.headwater;

import com.typesafe.config.Config;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

/**
 * Where this node lives and how it is reached: data directory, HTTP binding, and the host and ports
 * written into the credentials and playback URLs handed to users.
 */
public record NodeSettings(
    Path dataDir,
    String publicHost,
    String httpInterface,
    int httpPort,
    String publicHttpUrl,
    int rtmpPort,
    int rtmpsPort,
    int srtPort) {

  public static NodeSettings fromConfig(Config root) {
    Config c = root.getConfig("headwater");
    String dataDir = c.getString("node.data-dir");
    if (dataDir.isBlank()) throw new SettingsException("headwater.node.data-dir", "must not be empty");
    String host = c.getString("node.public-host").trim();
    if (host.isEmpty()) host = localHostName();
    if (!host.matches("[A-Za-z0-9.\\-:\\[\\]]+")) {
      throw new SettingsException("headwater.node.public-host", "'" + host + "' is not a host name");
    }
    int httpPort = port(c, "http.port", true);
    String publicUrl = c.getString("http.public-url").trim();
    if (!publicUrl.isEmpty() && !publicUrl.matches("https?://[^\\s/]+(/[^\\s]*)?")) {
      throw new SettingsException("headwater.http.public-url", "'" + publicUrl + "' is not an http(s) URL");
    }
    return new NodeSettings(
        Path.of(dataDir).toAbsolutePath().normalize(),
        host,
        c.getString("http.interface"),
        httpPort,
        publicUrl.replaceAll("/+$", ""),
        port(c, "ingest.rtmp-port", false),
        port(c, "ingest.rtmps-port", false),
        port(c, "ingest.srt-port", false));
  }

  /** The base of playback and WebRTC URLs; {@code boundPort} is the port actually bound (port 0 binds a free one). */
  public String publicHttpUrl(int boundPort) {
    return publicHttpUrl.isEmpty() ? "http://" + publicHost + ":" + boundPort : publicHttpUrl;
  }

  private static int port(Config c, String key, boolean zeroAllowed) {
    int port = c.getInt(key);
    if (port < (zeroAllowed ? 0 : 1) || port > 65535) {
      throw new SettingsException("headwater." + key, port + " is not a TCP/UDP port");
    }
    return port;
  }

  private static String localHostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
