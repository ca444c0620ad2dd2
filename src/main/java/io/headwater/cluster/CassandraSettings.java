package io.headwater.cluster;

import com.typesafe.config.Config;
import io.headwater.SettingsException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How this node reaches Cassandra: an external cluster (contact points) or an embedded child process,
 * and which keyspaces it uses.
 */
public record CassandraSettings(
    List<InetSocketAddress> contactPoints,
    String localDatacenter,
    String keyspacePrefix,
    String replication,
    boolean createSchema,
    int embeddedCqlPort,
    int embeddedStoragePort,
    String embeddedHeap,
    Optional<Path> embeddedLibDir,
    Duration embeddedStartupTimeout,
    Duration embeddedStopTimeout) {

  public boolean embedded() {
    return contactPoints.isEmpty();
  }

  public String journalKeyspace() {
    return keyspacePrefix + "_journal";
  }

  public String snapshotKeyspace() {
    return keyspacePrefix + "_snapshot";
  }

  public static CassandraSettings fromConfig(Config root) {
    Config c = root.getConfig("headwater.cassandra");
    String prefix = c.getString("keyspace-prefix");
    if (!prefix.matches("[a-z][a-z0-9_]{0,30}")) {
      throw new SettingsException(
          "headwater.cassandra.keyspace-prefix",
          "'" + prefix + "' must be 1-31 lowercase letters, digits or '_', starting with a letter");
    }
    String heap = c.getString("embedded.heap");
    if (!heap.matches("[1-9][0-9]*[mMgG]")) {
      throw new SettingsException("headwater.cassandra.embedded.heap", "'" + heap + "' is not a heap size such as 384m");
    }
    String libDir = c.getString("embedded.lib-dir").trim();
    return new CassandraSettings(
        parseContactPoints(c.getString("contact-points")),
        c.getString("local-datacenter"),
        prefix,
        c.getString("replication"),
        c.getBoolean("create-schema"),
        port(c, "embedded.cql-port"),
        port(c, "embedded.storage-port"),
        heap,
        libDir.isEmpty() ? Optional.empty() : Optional.of(Path.of(libDir)),
        c.getDuration("embedded.startup-timeout"),
        c.getDuration("embedded.stop-timeout"));
  }

  static List<InetSocketAddress> parseContactPoints(String value) {
    List<InetSocketAddress> points = new ArrayList<>();
    for (String raw : value.split(",")) {
      String entry = raw.trim();
      if (entry.isEmpty()) continue;
      int colon = entry.lastIndexOf(':');
      String host = colon < 0 ? entry : entry.substring(0, colon);
      int port = 9042;
      if (colon >= 0) {
        try {
          port = Integer.parseInt(entry.substring(colon + 1));
        } catch (NumberFormatException e) {
          port = -1;
        }
      }
      if (host.isEmpty() || port < 1 || port > 65535) {
        throw new SettingsException("headwater.cassandra.contact-points", "'" + entry + "' is not host:port");
      }
      points.add(InetSocketAddress.createUnresolved(host, port));
    }
    return List.copyOf(points);
  }

  private static int port(Config c, String key) {
    int port = c.getInt(key);
    if (port < 0 || port > 65535) {
      throw new SettingsException("headwater.cassandra." + key, port + " is not a TCP port");
    }
    return port;
  }
}
