package io.headwater.it;

import com.typesafe.config.ConfigFactory;
import io.headwater.cluster.CassandraSettings;
import io.headwater.cluster.EmbeddedCassandra;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One real Cassandra for the whole integration-test JVM, started on first use through the same
 * {@link EmbeddedCassandra} the product uses, with fresh data under target/. Each test class gets its own
 * keyspaces (see {@link TestNodes}).
 */
public final class SharedCassandra {
  private static EmbeddedCassandra instance;

  private SharedCassandra() {}

  public static synchronized InetSocketAddress contactPoint() {
    if (instance == null) {
      Path dataDir = Path.of("target", "it-cassandra").toAbsolutePath();
      deleteRecursively(dataDir);
      String libDir = System.getProperty("headwater.test.cassandra-lib-dir", "");
      CassandraSettings settings = CassandraSettings.fromConfig(
          ConfigFactory.parseString("headwater.cassandra.embedded.lib-dir = \"" + libDir + "\"")
              .withFallback(ConfigFactory.defaultReference())
              .resolve());
      instance = EmbeddedCassandra.start(settings, dataDir);
      Runtime.getRuntime().addShutdownHook(new Thread(instance::close, "stop-shared-cassandra"));
    }
    return instance.contactPoint();
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) return;
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
