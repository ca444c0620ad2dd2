package io.headwater.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.headwater.HeadwaterNode;
import io.headwater.media.MediaItem;
import io.headwater.media.hub.StreamHub;
import io.headwater.media.hub.StreamProfile;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * FFmpeg (JavaCV's bundled binary) publishes H.264 + AAC over RTMP and RTMPS with the key the API
 * handed out; the live input's status follows, the stream hub delivers decodable media, and the
 * refusals and kicks an operator relies on happen.
 */
class RtmpIngestIT {
  private static HeadwaterNode node;
  private static ApiClient api;
  private static int rtmpPort;
  private static int rtmpsPort;
  private static Path logs;
  /** The stream profile of the latest hub opened per live input, as the session's grant gave it. */
  private static final Map<String, StreamProfile> profiles = new ConcurrentHashMap<>();
  private final List<Process> publishers = new ArrayList<>();

  @BeforeAll
  static void startNode() throws Exception {
    TestNodes.Started started = TestNodes.startWithApi("rtmp", settings -> {});
    node = started.node();
    api = started.api();
    logs = started.logs();
    rtmpPort = started.rtmpPort();
    rtmpsPort = started.rtmpsPort();
    node.hubs().addListener((hub, profile) -> profiles.put(hub.liveInputId(), profile));
  }

  @AfterAll
  static void stopNode() {
    if (node != null) node.stop();
  }

  @AfterEach
  void stopPublishers() {
    publishers.forEach(Process::destroyForcibly);
  }

  @Test
  void anRtmpPublishGoesLiveFeedsTheHubAndEndsAsClientDisconnectAfterTheWindow() throws Exception {
    JsonNode input = api.post(api.inputs(),
        "{\"meta\":{\"name\":\"rtmp\"},\"recording\":{\"timeoutSeconds\":2}}").result();
    String uid = input.get("uid").asText();
    String key = input.at("/rtmps/streamKey").asText();
    Process ffmpeg = publish("rtmp://127.0.0.1:" + rtmpPort + "/live/" + key, 6, "rtmp");

    StreamHub hub = await("the hub opens", () -> node.hubs().find(uid));
    assertEquals("connected", api.get(api.input(uid)).result().get("status").asText());
    await("the grant's profile reaches the hub's listeners", () -> Optional.ofNullable(profiles.get(uid))
        .filter(p -> settingsOf(p).equals(List.of(false, Duration.ofSeconds(2), false))));
    List<MediaItem> items = hub.subscribe("test").takeWithin(Duration.ofSeconds(3)).runWith(Sink.seq(), node.system())
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    MediaAssertions.assertMediaIsDecodable(items);

    assertTrue(ffmpeg.waitFor(30, TimeUnit.SECONDS));
    JsonNode after = await("the end of the publish is recorded", () -> Optional.of(api.get(api.input(uid)).result())
        .filter(r -> "client_disconnect".equals(r.get("status").asText())));
    JsonNode history = after.get("statusHistory");
    assertEquals(3, history.size());
    assertEquals("connected", history.get(0).get("state").asText());
    assertEquals("rtmp", history.get(0).get("protocol").asText());
    assertTrue(history.get(0).get("remoteAddress").asText().startsWith("127.0.0.1:"));
    assertEquals("reconnecting", history.get(1).get("state").asText());
    assertTrue(history.get(1).get("reason").asText().endsWith("; a publish within 2 s continues the broadcast"),
        history.get(1).toString());
    assertEquals("client_disconnect", history.get(2).get("state").asText());
    assertEquals("no publish within 2 s; the broadcast ended", history.get(2).get("reason").asText());
    assertTrue(node.hubs().find(uid).isEmpty(), "the hub is gone with the publisher");
  }

  @Test
  void aPublishWithinTheReconnectWindowContinuesTheBroadcast() throws Exception {
    JsonNode input = api.post(api.inputs(), "{\"preferLowLatency\":true}").result();
    String uid = input.get("uid").asText();
    String url = "rtmp://127.0.0.1:" + rtmpPort + "/live/" + input.at("/rtmps/streamKey").asText();
    Process first = publish(url, 3, "first");
    await("the first publisher is live", () -> node.hubs().find(uid));
    await("the platform default window", () -> Optional.ofNullable(profiles.get(uid))
        .filter(p -> settingsOf(p).equals(List.of(true, Duration.ofSeconds(60), false))));
    assertTrue(first.waitFor(30, TimeUnit.SECONDS));
    await("the input waits for its publisher", () -> Optional.of(api.get(api.input(uid)).result())
        .filter(r -> "reconnecting".equals(r.get("status").asText())));

    publish(url, 20, "again");
    JsonNode resumed = await("the broadcast continues", () -> Optional.of(api.get(api.input(uid)).result())
        .filter(r -> "reconnected".equals(r.get("status").asText())));
    assertEquals(3, resumed.get("statusHistory").size());
    // The status is the entity's; the hub opens a moment later, when the session has the grant.
    await("the hub resumes the broadcast", () -> Optional.ofNullable(profiles.get(uid))
        .filter(p -> settingsOf(p).equals(List.of(true, Duration.ofSeconds(60), true))));
  }

  @Test
  void rtmpsWorksWithTheSameKey() throws Exception {
    JsonNode input = api.post(api.inputs(), "{}").result();
    String uid = input.get("uid").asText();
    publish("rtmps://127.0.0.1:" + rtmpsPort + "/live/" + input.at("/rtmps/streamKey").asText(), 5, "rtmps");
    StreamHub hub = await("the hub opens", () -> node.hubs().find(uid));
    List<MediaItem> items = hub.subscribe("test").takeWithin(Duration.ofSeconds(2)).runWith(Sink.seq(), node.system())
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    MediaAssertions.assertMediaIsDecodable(items);
    assertEquals("rtmps", api.get(api.input(uid)).result().at("/statusHistory/0/protocol").asText());
  }

  @Test
  void wrongKeysAndDisabledInputsAreRefusedAndLeaveNoTrace() throws Exception {
    JsonNode input = api.post(api.inputs(), "{}").result();
    String uid = input.get("uid").asText();
    String key = input.at("/rtmps/streamKey").asText();
    String wrongSecret = (key.charAt(0) == 'a' ? "b" : "a") + key.substring(1);

    Process wrong = publish("rtmp://127.0.0.1:" + rtmpPort + "/live/" + wrongSecret, 5, "wrong");
    assertTrue(wrong.waitFor(15, TimeUnit.SECONDS), "a refused encoder is disconnected");
    assertNotEquals(0, wrong.exitValue());
    Process garbage = publish("rtmp://127.0.0.1:" + rtmpPort + "/live/not-a-key", 5, "garbage");
    assertTrue(garbage.waitFor(15, TimeUnit.SECONDS));
    assertNull(api.get(api.input(uid)).result().get("status").textValue(), "refusals leave the status as it was");

    api.post(api.input(uid) + "/disable", null);
    Process disabled = publish("rtmp://127.0.0.1:" + rtmpPort + "/live/" + key, 5, "disabled");
    assertTrue(disabled.waitFor(15, TimeUnit.SECONDS));
    assertTrue(node.hubs().find(uid).isEmpty());

    api.delete(api.input(uid));
    Process deleted = publish("rtmp://127.0.0.1:" + rtmpPort + "/live/" + key, 5, "deleted");
    assertTrue(deleted.waitFor(15, TimeUnit.SECONDS));
    assertTrue(node.hubs().find(uid).isEmpty());
  }

  @Test
  void aSecondPublisherIsRefusedWhileTheFirstIsLive() throws Exception {
    JsonNode input = api.post(api.inputs(), "{}").result();
    String uid = input.get("uid").asText();
    String url = "rtmp://127.0.0.1:" + rtmpPort + "/live/" + input.at("/rtmps/streamKey").asText();
    Process first = publish(url, 20, "first");
    await("the first publisher is live", () -> node.hubs().find(uid));
    Process second = publish(url, 20, "second");
    assertTrue(second.waitFor(15, TimeUnit.SECONDS), "the second publisher is refused");
    assertTrue(first.isAlive(), "the first one goes on");
    assertEquals(1, api.get(api.input(uid)).result().get("statusHistory").size());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"disable, client_disconnect, kicked: live input disabled",
      "rotate_keys, reconnecting, kicked: stream keys rotated; a publish within 60 s continues the broadcast",
      "delete, , kicked: live input deleted"})
  void disableRotateAndDeleteKickTheLivePublisherWithinTwoSeconds(String action, String status, String reason)
      throws Exception {
    JsonNode input = api.post(api.inputs(), "{}").result();
    String uid = input.get("uid").asText();
    Process ffmpeg = publish("rtmp://127.0.0.1:" + rtmpPort + "/live/" + input.at("/rtmps/streamKey").asText(), 30, action);
    StreamHub hub = await("the publisher is live", () -> node.hubs().find(uid));
    var consumer = hub.subscribe("viewer").runWith(Sink.ignore(), node.system());

    Instant actedAt = Instant.now();
    assertEquals(200, "delete".equals(action) ? api.delete(api.input(uid)).status() : api.post(api.input(uid) + "/" + action, null).status());
    consumer.toCompletableFuture().get(2, TimeUnit.SECONDS);
    assertTrue(ffmpeg.waitFor(5, TimeUnit.SECONDS), "the encoder's connection is closed");
    System.out.println(action + " to hub ended: " + Duration.between(actedAt, Instant.now()).toMillis() + " ms");
    if (!"delete".equals(action)) {
      // A disabled input cannot be reconnected to; a rotated one can, with the new key.
      JsonNode after = await("the kick is recorded", () -> Optional.of(api.get(api.input(uid)).result())
          .filter(r -> status.equals(r.get("status").asText())));
      assertEquals(reason, after.at("/statusHistory/1/reason").asText());
    }
  }

  private Process publish(String url, int seconds, String name) throws Exception {
    Process p = Ffmpeg.publishFlv(url, seconds, logs.resolve(name + "-" + System.nanoTime() + ".log"));
    publishers.add(p);
    return p;
  }

  private static <T> T await(String what, Supplier<Optional<T>> probe) throws InterruptedException {
    return Await.value(what, Duration.ofSeconds(20), probe);
  }

  /** A profile without its session id, which each publish makes new. */
  private static List<Object> settingsOf(StreamProfile p) {
    return List.of(p.lowLatency(), p.reconnectWindow(), p.resumesBroadcast());
  }
}
