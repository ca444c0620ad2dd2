package io.headwater.it;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.headwater.HeadwaterNode;
import io.headwater.Secrets;
import io.headwater.restream.HostResolver;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Headwater nodes inside the test JVM, each on free ports, against the shared Cassandra. */
public final class TestNodes {
  private TestNodes() {}

  /** A node's settings: free ports, its own keyspaces and data dir, a known API token. */
  public static Map<String, Object> settings(String keyspacePrefix, String apiToken, Path dataDir) {
    InetSocketAddress cassandra = SharedCassandra.contactPoint();
    Map<String, Object> s = new HashMap<>();
    s.put("headwater.http.port", 0);
    s.put("headwater.http.interface", "127.0.0.1");
    s.put("headwater.node.public-host", "media.test");
    s.put("headwater.node.data-dir", dataDir.toString());
    s.put("headwater.bootstrap.api-token", apiToken);
    s.put("headwater.management.enabled", false);
    s.put("headwater.cassandra.contact-points", cassandra.getHostString() + ":" + cassandra.getPort());
    s.put("headwater.cassandra.keyspace-prefix", keyspacePrefix);
    s.put("headwater.cassandra.create-schema", true);
    s.put("pekko.remote.artery.canonical.port", 0);
    s.put("headwater.rtmp.interface", "127.0.0.1");
    s.put("headwater.ingest.rtmp-port", freePort());
    s.put("headwater.ingest.rtmps-port", freePort());
    s.put("headwater.srt.interface", "127.0.0.1");
    s.put("headwater.ingest.srt-port", freeUdpPort());
    s.put("pekko.coordinated-shutdown.run-by-jvm-shutdown-hook", "off");
    s.put("pekko.coordinated-shutdown.exit-jvm", "off");
    return s;
  }

  /**
   * Restream destination names as the test nodes see them, so no test depends on real DNS: these public
   * names answer documentation addresses; rebind.test and sink.test answer loopback, private.test a
   * private address; every other name does not resolve.
   */
  public static final HostResolver RESOLVER = host -> {
    String address = switch (host) {
      case "example.com", "live.example.com", "evil.example.com", "srt.example.com", "a.rtmp.youtube.com" -> "203.0.113.80";
      case "rebind.test", "sink.test" -> "127.0.0.1";
      case "private.test" -> "10.0.0.7";
      default -> throw new UnknownHostException(host);
    };
    return new InetAddress[] {InetAddress.getByAddress(host, InetAddress.getByName(address).getAddress())};
  };

  /** Starts a node (destination names resolved by {@link #RESOLVER}) and waits until its default account and token exist. */
  public static HeadwaterNode start(Map<String, Object> settings) {
    HeadwaterNode node = HeadwaterNode.start(config(settings), RESOLVER);
    try {
      node.bootstrapped().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      node.stop();
      throw new IllegalStateException("node did not bootstrap", e);
    }
    return node;
  }

  /** A node an IT started, with what its tests reach it by. */
  public record Started(HeadwaterNode node, ApiClient api, Path logs, int rtmpPort, int rtmpsPort, int srtPort) {}

  /**
   * Starts a node named {@code name} (its keyspaces and its data and log directory are named after it) with
   * {@code adjust}'s changes to the default test settings, and an API client for its bootstrapped account.
   */
  public static Started startWithApi(String name, Consumer<Map<String, Object>> adjust) throws Exception {
    String token = newToken();
    Path logs = Files.createTempDirectory("hw-" + name + "-it");
    Map<String, Object> settings = settings(uniqueKeyspacePrefix(name), token, logs);
    adjust.accept(settings);
    HeadwaterNode node = start(settings);
    ApiClient api = new ApiClient(node.httpPort(), token, node.bootstrapped().toCompletableFuture().get());
    return new Started(node, api, logs, (Integer) settings.get("headwater.ingest.rtmp-port"),
        (Integer) settings.get("headwater.ingest.rtmps-port"), (Integer) settings.get("headwater.ingest.srt-port"));
  }

  /** application.conf under the given overrides, resolved as the product resolves it. */
  public static Config config(Map<String, Object> settings) {
    return ConfigFactory.parseMap(settings)
        .withFallback(ConfigFactory.parseResources("application.conf"))
        .withFallback(ConfigFactory.defaultReference())
        .resolve();
  }

  public static String uniqueKeyspacePrefix(String name) {
    String cleaned = name.toLowerCase().replaceAll("[^a-z0-9]", "");
    return "it_" + cleaned.substring(0, Math.min(12, cleaned.length())) + "_" + Secrets.newHex128().substring(0, 6);
  }

  public static int freePort() {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public static int freeUdpPort() {
    try (java.net.DatagramSocket socket = new java.net.DatagramSocket(0)) {
      return socket.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public static String newToken() {
    return "test-" + Secrets.newApiToken();
  }
}
