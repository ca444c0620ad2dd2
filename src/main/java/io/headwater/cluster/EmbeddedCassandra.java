package io.headwater.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Cassandra running as a child JVM bound to 127.0.0.1, its data under
 * {@code <data-dir>/cassandra}. Its jars come from the build (target/cassandra/lib), never from
 * Headwater's classpath. The child exits when this JVM goes away, however it goes (see {@link ParentWatch}).
 */
public final class EmbeddedCassandra implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedCassandra.class);
  private static final String DAEMON = "org.apache.cassandra.service.CassandraDaemon";

  private final Process process;
  private final OutputStream lifeline;
  private final int cqlPort;
  private final Duration stopTimeout;

  private EmbeddedCassandra(Process process, int cqlPort, Duration stopTimeout) {
    this.process = process;
    this.lifeline = process.getOutputStream();
    this.cqlPort = cqlPort;
    this.stopTimeout = stopTimeout;
  }

  /** Starts Cassandra and returns once CQL answers on its port. */
  public static EmbeddedCassandra start(CassandraSettings settings, Path dataDir) {
    Path home = dataDir.resolve("cassandra");
    Path libDir = settings.embeddedLibDir().orElseGet(EmbeddedCassandra::libDirBesideHeadwater);
    try {
      requireCassandraJars(libDir);
      int cqlPort = settings.embeddedCqlPort() == 0 ? freePort() : settings.embeddedCqlPort();
      int storagePort = settings.embeddedStoragePort() == 0 ? freePort() : settings.embeddedStoragePort();
      Path conf = Files.createDirectories(home.resolve("conf"));
      Files.createDirectories(home.resolve("logs"));
      Files.writeString(conf.resolve("cassandra.yaml"), yaml(home, cqlPort, storagePort));
      Files.writeString(conf.resolve("logback.xml"), logbackXml(home));
      Path bootstrap = writeParentWatch(home.resolve("bootstrap"));

      List<String> command = new ArrayList<>();
      command.add(javaBinary());
      command.addAll(jvmFlags(settings.embeddedHeap(), home));
      command.add("-cp");
      command.add(conf + ":" + libDir.toAbsolutePath() + "/*:" + bootstrap);
      command.add(ParentWatch.class.getName());
      command.add(DAEMON);
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(home.resolve("logs/stdout.log").toFile())
              .start();
      EmbeddedCassandra cassandra = new EmbeddedCassandra(process, cqlPort, settings.embeddedStopTimeout());
      log.info("embedded Cassandra starting: pid {}, CQL 127.0.0.1:{}, data {}", process.pid(), cqlPort, home);
      cassandra.awaitCql(settings.embeddedStartupTimeout(), home.resolve("logs/stdout.log"));
      return cassandra;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start embedded Cassandra under " + home, e);
    }
  }

  public InetSocketAddress contactPoint() {
    return new InetSocketAddress("127.0.0.1", cqlPort);
  }

  /** Stops Cassandra gracefully (drain), killing it if it takes longer than the stop timeout. */
  @Override
  public void close() {
    if (!process.isAlive()) return;
    try {
      lifeline.close();
      if (!process.waitFor(stopTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("embedded Cassandra did not stop within {}; killing it", stopTimeout);
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    log.info("embedded Cassandra stopped");
  }

  private void awaitCql(Duration timeout, Path logFile) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "embedded Cassandra exited with " + process.exitValue() + " during start:\n" + tail(logFile));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", cqlPort), 250);
        return;
      } catch (IOException notYet) {
        pause(250);
      }
    }
    close();
    throw new IllegalStateException("embedded Cassandra did not open CQL within " + timeout + ":\n" + tail(logFile));
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Cassandra", e);
    }
  }

  static Path libDirBesideHeadwater() {
    try {
      Path codeSource = Path.of(EmbeddedCassandra.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      // target/headwater.jar and target/classes both sit beside target/cassandra/lib.
      return codeSource.getParent().resolve("cassandra").resolve("lib");
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate headwater's own jar", e);
    }
  }

  private static void requireCassandraJars(Path libDir) throws IOException {
    if (Files.isDirectory(libDir)) {
      try (Stream<Path> jars = Files.list(libDir)) {
        if (jars.anyMatch(p -> p.getFileName().toString().startsWith("cassandra-all-"))) return;
      }
    }
    throw new IllegalStateException(
        "no Cassandra jars in " + libDir + ": build with 'mvn package' (it puts them there), set"
            + " HEADWATER_CASSANDRA_LIB_DIR, or point HEADWATER_CASSANDRA_CONTACT_POINTS at a running cluster");
  }

  private static Path writeParentWatch(Path bootstrap) throws IOException {
    String resource = ParentWatch.class.getName().replace('.', '/') + ".class";
    Path target = bootstrap.resolve(resource);
    Files.createDirectories(target.getParent());
    try (InputStream in = EmbeddedCassandra.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException("missing " + resource);
      Files.write(target, in.readAllBytes());
    }
    return bootstrap;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static List<String> jvmFlags(String heap, Path home) {
    List<String> flags = new ArrayList<>(List.of(
        "-Xms" + heap, "-Xmx" + heap, "-Xss256k",
        "-XX:+UseG1GC", "-XX:+ParallelRefProcEnabled", "-XX:MaxTenuringThreshold=1",
        "-XX:+CrashOnOutOfMemoryError", "-XX:MaxDirectMemorySize=256m",
        "-Djdk.attach.allowAttachSelf=true",
        "-Dio.netty.tryReflectionSetAccessible=true",
        "-Dio.netty.allocator.useCacheForAllThreads=true",
        "-Dio.netty.allocator.maxOrder=11",
        "-Dcassandra-foreground=yes",
        // One node: nothing to gossip with, so do not wait for gossip to settle.
        "-Dcassandra.skip_wait_for_gossip_to_settle=0",
        "-Dcassandra.config=file://" + home.resolve("conf/cassandra.yaml"),
        "-Dcassandra.storagedir=" + home.resolve("data"),
        "-Dlogback.configurationFile=" + home.resolve("conf/logback.xml"),
        "-Dcassandra.logdir=" + home.resolve("logs")));
    // Cassandra's conf/jvm17-server.options: without these it dies at once on Java 17.
    for (String export : List.of(
        "java.base/jdk.internal.misc", "java.management.rmi/com.sun.jmx.remote.internal.rmi",
        "java.rmi/sun.rmi.registry", "java.rmi/sun.rmi.server", "java.sql/java.sql",
        "java.base/java.lang.ref", "jdk.unsupported/sun.misc", "jdk.compiler/com.sun.tools.javac.file",
        "jdk.attach/sun.tools.attach")) {
      flags.add("--add-exports=" + export + "=ALL-UNNAMED");
    }
    for (String open : List.of(
        "java.base/java.lang.module", "java.base/jdk.internal.loader", "java.base/jdk.internal.ref",
        "java.base/jdk.internal.reflect", "java.base/jdk.internal.math", "java.base/jdk.internal.module",
        "java.base/jdk.internal.util.jar", "jdk.management/com.sun.management.internal",
        "java.base/sun.nio.ch", "java.base/java.io", "java.base/java.lang.reflect",
        "jdk.compiler/com.sun.tools.javac", "java.base/java.lang", "java.base/java.util")) {
      flags.add("--add-opens=" + open + "=ALL-UNNAMED");
    }
    return flags;
  }

  private static String yaml(Path home, int cqlPort, int storagePort) {
    Path data = home.resolve("data");
    return String.join("\n",
        "cluster_name: headwater",
        "num_tokens: 1",
        "partitioner: org.apache.cassandra.dht.Murmur3Partitioner",
        "endpoint_snitch: SimpleSnitch",
        "listen_address: 127.0.0.1",
        "rpc_address: 127.0.0.1",
        "storage_port: " + storagePort,
        "native_transport_port: " + cqlPort,
        "start_native_transport: true",
        "seed_provider: [{class_name: org.apache.cassandra.locator.SimpleSeedProvider, parameters: [{seeds: \"127.0.0.1:" + storagePort + "\"}]}]",
        // A write is acknowledged only once its commit log group is on disk: with "periodic" (the stock
        // default) a crash of this machine could lose up to 10 s of writes the API already answered.
        "commitlog_sync: group",
        "commitlog_sync_group_window: 15ms",
        "commitlog_segment_size: 8MiB",
        "data_file_directories: [" + data.resolve("data") + "]",
        "commitlog_directory: " + data.resolve("commitlog"),
        "saved_caches_directory: " + data.resolve("saved_caches"),
        "hints_directory: " + data.resolve("hints"),
        "cdc_raw_directory: " + data.resolve("cdc_raw"),
        "authenticator: AllowAllAuthenticator",
        "authorizer: AllowAllAuthorizer",
        "auto_snapshot: false",
        "");
  }

  private static String logbackXml(Path home) {
    return "<configuration>\n"
        + "  <appender name=\"FILE\" class=\"ch.qos.logback.core.FileAppender\">\n"
        + "    <file>" + home.resolve("logs/system.log") + "</file>\n"
        + "    <encoder><pattern>%d %-5level [%thread] %logger{20} - %msg%n</pattern></encoder>\n"
        + "  </appender>\n"
        + "  <root level=\"INFO\"><appender-ref ref=\"FILE\"/></root>\n"
        + "</configuration>\n";
  }

  private static String tail(Path logFile) {
    try {
      List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
