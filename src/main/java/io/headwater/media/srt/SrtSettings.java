package io.headwater.media.srt;

import com.typesafe.config.Config;
import io.headwater.SettingsException;
import java.time.Duration;
import java.util.Optional;

/**
 * The SRT listener's binding, latency and limits, from {@code headwater.srt} (the port is
 * {@code headwater.ingest.srt-port}, the one written into every input's credentials).
 *
 * @param latency the receive latency the listener asks for; a caller asking more gets more (srt.md 4.3)
 * @param maxLatency the largest negotiated latency accepted; a caller asking more is refused
 * @param peerIdleTimeout a connection that hears nothing from its caller this long is closed (srt.md 8.8)
 * @param maxHandshakesInFlight conclusions waiting for the live input's answer at once
 * @param maxPayloadBytesPerSecond payload one connection may send in a second, retransmissions included
 * @param receiveBufferPackets the flow window advertised and the packets one connection buffers
 * @param socketReceiveBufferBytes the UDP socket's receive buffer (SO_RCVBUF), shared by all connections
 */
public record SrtSettings(
    String iface,
    int port,
    Duration latency,
    Duration maxLatency,
    Duration peerIdleTimeout,
    int maxHandshakesInFlight,
    int maxConnections,
    int maxConnectionsPerIp,
    int maxBadPassphrasesPerIpPerMinute,
    long maxPayloadBytesPerSecond,
    int receiveBufferPackets,
    int socketReceiveBufferBytes) {

  /** srt.md 4.3: latencies travel as 16-bit milliseconds. */
  static final Duration LATENCY_LIMIT = Duration.ofMillis(0xFFFF);

  /**
   * What to tell the operator when the kernel gave the UDP socket less receive buffer than asked
   * ({@code granted} as the socket reports it; Linux caps the request at {@code net.core.rmem_max}, 208 KiB
   * on a stock kernel), or empty when it gave all of it. Every SRT connection of the node shares that
   * buffer: it must hold what arrives while the listener's thread stalls (a GC pause, a busy machine),
   * and 4 MiB is 150 ms of 212 Mbit/s (load-tests/RESULTS.md, "SRT ingest").
   */
  public Optional<String> socketBufferShortfall(int granted) {
    if (granted >= socketReceiveBufferBytes) return Optional.empty();
    return Optional.of("the SRT port's UDP receive buffer is " + granted / 1024 + " KiB, not the "
        + socketReceiveBufferBytes / 1024 + " KiB of headwater.srt.socket-receive-buffer: the kernel caps it "
        + "(on Linux, net.core.rmem_max). Packets are lost when the SRT thread stalls longer than the buffer "
        + "lasts; raise the cap, e.g. sysctl -w net.core.rmem_max=" + socketReceiveBufferBytes);
  }

  public static SrtSettings fromConfig(Config root) {
    Config c = root.getConfig("headwater.srt");
    Duration latency = c.getDuration("latency");
    if (latency.isNegative() || latency.compareTo(LATENCY_LIMIT) > 0) {
      throw new SettingsException("headwater.srt.latency", "must be between 0 and 65535ms, was " + latency);
    }
    Duration maxLatency = c.getDuration("max-latency");
    if (maxLatency.compareTo(latency) < 0 || maxLatency.compareTo(LATENCY_LIMIT) > 0) {
      throw new SettingsException("headwater.srt.max-latency",
          "must be between headwater.srt.latency and 65535ms, was " + maxLatency);
    }
    Duration idle = c.getDuration("peer-idle-timeout");
    if (idle.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new SettingsException("headwater.srt.peer-idle-timeout", "must be at least 1s, was " + idle);
    }
    int mbps = atLeastOne(c, "max-payload-rate-mbps");
    int buffer = c.getInt("receive-buffer-packets");
    if (buffer < 32 || buffer > 1 << 20) {
      throw new SettingsException("headwater.srt.receive-buffer-packets", "must be between 32 and 1048576, was " + buffer);
    }
    long socketBuffer = c.getBytes("socket-receive-buffer");
    if (socketBuffer < 65536 || socketBuffer > Integer.MAX_VALUE) {
      throw new SettingsException("headwater.srt.socket-receive-buffer", "must be between 64KiB and 2GiB, was " + socketBuffer);
    }
    return new SrtSettings(
        c.getString("interface"),
        port(root),
        latency,
        maxLatency,
        idle,
        atLeastOne(c, "max-handshakes-in-flight"),
        atLeastOne(c, "max-connections"),
        atLeastOne(c, "max-connections-per-ip"),
        atLeastOne(c, "max-bad-passphrases-per-ip-per-minute"),
        mbps * 1_000_000L / 8,
        buffer,
        (int) socketBuffer);
  }

  private static int port(Config root) {
    int port = root.getInt("headwater.ingest.srt-port");
    if (port < 1 || port > 65535) throw new SettingsException("headwater.ingest.srt-port", port + " is not a TCP/UDP port");
    return port;
  }

  private static int atLeastOne(Config c, String key) {
    int v = c.getInt(key);
    if (v < 1) throw new SettingsException("headwater.srt." + key, "must be at least 1, was " + v);
    return v;
  }
}
