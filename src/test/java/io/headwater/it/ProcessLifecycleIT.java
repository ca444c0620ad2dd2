package io.headwater.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The real artifact, as an operator runs it: {@code java -jar target/headwater.jar} on embedded defaults.
 * First start creates the account and prints its token once; the state survives a restart; SIGTERM
 * stops node and Cassandra within 10 s; after kill -9 the Cassandra child does not outlive the node.
 */
class ProcessLifecycleIT {
  private static final Path JAR = Path.of("target", "headwater.jar").toAbsolutePath();
  private final List<Process> started = new ArrayList<>();
  // Ports stay the same across the restart: they are part of the credential URLs compared after it.
  private final int rtmpPort = TestNodes.freePort();
  private final int rtmpsPort = TestNodes.freePort();
  private final int srtPort = TestNodes.freeUdpPort();

  @AfterEach
  void killLeftovers() {
    for (Process p : started) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  @Test
  void embeddedDefaultsSurviveRestartAndShutDownCleanly() throws Exception {
    Path dataDir = Files.createTempDirectory("hw-process-it");
    int httpPort = freePort();
    Path firstLog = dataDir.resolve("first.log");

    Process first = startNode(dataDir, httpPort, firstLog);
    Path tokenFile = dataDir.resolve("api-token");
    Await.condition("first start bootstraps", Duration.ofSeconds(150), () -> Files.exists(tokenFile) && verifies(httpPort, tokenFile));
    String token = Files.readString(tokenFile).trim();
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)));
    String printed = Files.readString(firstLog);
    assertEquals(1, occurrences(printed, token), "the new token is printed exactly once");
    String account = printed.lines().filter(l -> l.contains("account id:")).findFirst().orElseThrow().split(":")[1].trim();

    ApiClient api = new ApiClient(httpPort, token, account);
    String uid = api.createInput("{\"meta\":{\"name\":\"survivor\"},\"recording\":{\"mode\":\"automatic\",\"timeoutSeconds\":30},"
        + "\"deleteRecordingAfterDays\":90}");
    // A public address literal: the jar resolves names with real DNS, which a test cannot count on.
    assertEquals(200, api.post(api.input(uid) + "/outputs", "{\"url\":\"rtmp://198.51.100.7/app\",\"streamKey\":\"k1\"}").status());
    api.post(api.input(uid) + "/rotate_keys", null);
    api.post(api.input(uid) + "/disable", null);
    JsonNode before = api.get(api.input(uid)).result();
    JsonNode outputsBefore = api.get(api.input(uid) + "/outputs").result();

    ProcessHandle cassandra = cassandraChildOf(first);
    Instant termAt = Instant.now();
    first.destroy(); // SIGTERM
    assertTrue(first.waitFor(10, TimeUnit.SECONDS), "SIGTERM must stop the node within 10 s");
    assertFalse(cassandra.isAlive(), "embedded Cassandra stops with the node");
    long shutdownMillis = Duration.between(termAt, Instant.now()).toMillis();
    System.out.println("SIGTERM to exit: " + shutdownMillis + " ms");

    Path secondLog = dataDir.resolve("second.log");
    Process second = startNode(dataDir, httpPort, secondLog);
    Await.condition("restart serves the API", Duration.ofSeconds(150), () -> verifies(httpPort, tokenFile));
    assertEquals(0, occurrences(Files.readString(secondLog), token), "a known token is not printed again");
    assertEquals(before, api.get(api.input(uid)).result(), "the full state survives a process restart");
    assertEquals(outputsBefore, api.get(api.input(uid) + "/outputs").result());
    assertTrue(api.get(api.inputs()).raw().body().contains(uid));

    ProcessHandle secondCassandra = cassandraChildOf(second);
    second.destroyForcibly(); // kill -9: no shutdown hook runs
    Await.condition("Cassandra dies with its parent", Duration.ofSeconds(20), () -> !secondCassandra.isAlive());
  }

  private Process startNode(Path dataDir, int httpPort, Path log) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar", JAR.toString());
    builder.environment().put("HEADWATER_DATA_DIR", dataDir.toString());
    builder.environment().put("HEADWATER_HTTP_PORT", Integer.toString(httpPort));
    builder.environment().put("HEADWATER_HTTP_INTERFACE", "127.0.0.1");
    builder.environment().put("HEADWATER_CLUSTER_PORT", Integer.toString(freePort()));
    builder.environment().put("HEADWATER_MANAGEMENT_ENABLED", "false");
    builder.environment().put("HEADWATER_RTMP_PORT", Integer.toString(rtmpPort));
    builder.environment().put("HEADWATER_RTMPS_PORT", Integer.toString(rtmpsPort));
    builder.environment().put("HEADWATER_RTMP_INTERFACE", "127.0.0.1");
    builder.environment().put("HEADWATER_SRT_PORT", Integer.toString(srtPort));
    builder.environment().put("HEADWATER_SRT_INTERFACE", "127.0.0.1");
    builder.environment().remove("HEADWATER_API_TOKEN");
    builder.environment().remove("HEADWATER_CASSANDRA_CONTACT_POINTS");
    Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    started.add(process);
    return process;
  }

  private static boolean verifies(int port, Path tokenFile) {
    try {
      String token = Files.readString(tokenFile).trim();
      return new ApiClient(port, token, null).get("/client/v4/user/tokens/verify").status() == 200;
    } catch (IOException | RuntimeException notYet) {
      return false;
    }
  }

  private static ProcessHandle cassandraChildOf(Process node) {
    Optional<ProcessHandle> child = node.descendants()
        .filter(p -> p.info().arguments().map(args -> List.of(args).contains("io.headwater.cluster.ParentWatch")).orElse(false))
        .findFirst();
    assertTrue(child.isPresent(), "the node runs Cassandra as its child");
    return child.get();
  }

  private static int occurrences(String text, String needle) {
    int count = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) count++;
    return count;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
