package io.headwater.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.headwater.HeadwaterNode;
import io.headwater.it.ApiClient.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint of the Cloudflare live inputs face over real HTTP, against a node on real Cassandra:
 * shapes, status codes, error codes, partial updates, outputs, idempotent create.
 */
class CloudflareLiveInputsIT {
  private static HeadwaterNode node;
  private static ApiClient api;

  @BeforeAll
  static void startNode() throws Exception {
    String token = TestNodes.newToken();
    Path dataDir = Files.createTempDirectory("hw-cf-it");
    node = TestNodes.start(TestNodes.settings(TestNodes.uniqueKeyspacePrefix("cloudflare"), token, dataDir));
    String account = node.bootstrapped().toCompletableFuture().get();
    api = new ApiClient(node.httpPort(), token, account);
  }

  @AfterAll
  static void stopNode() {
    if (node != null) node.stop();
  }

  @Test
  void createReturnsTheFullLiveInputWithCredentialsInCloudflaresShape() {
    Reply reply = api.post(api.inputs(),
        "{\"meta\":{\"name\":\"show-1\"},\"recording\":{\"mode\":\"automatic\",\"timeoutSeconds\":180},"
            + "\"deleteRecordingAfterDays\":30}");
    assertEquals(200, reply.status());
    assertEquals("application/json", reply.header("content-type"));
    assertEquals(List.of("result", "success", "errors", "messages"), fieldNames(reply.json()));
    assertTrue(reply.json().get("success").asBoolean());
    JsonNode input = reply.result();
    String uid = input.get("uid").asText();
    assertTrue(uid.matches("[0-9a-f]{32}"), uid);
    assertEquals(List.of("uid", "rtmps", "rtmpsPlayback", "srt", "srtPlayback", "webRTC", "webRTCPlayback", "playback",
        "created", "modified", "enabled", "meta", "status", "recording", "deleteRecordingAfterDays", "preferLowLatency", "statusHistory"),
        fieldNames(input));
    assertTrue(input.at("/rtmps/url").asText().matches("rtmps://media\\.test:\\d+/live/"), input.at("/rtmps/url").asText());
    assertTrue(input.at("/rtmps/streamKey").asText().matches("[0-9a-f]{32}k" + uid));
    assertTrue(input.at("/rtmpsPlayback/streamKey").asText().matches("[0-9a-f]{32}k" + uid));
    assertNotEquals(input.at("/rtmps/streamKey"), input.at("/rtmpsPlayback/streamKey"));
    assertTrue(input.at("/srt/url").asText().matches("srt://media\\.test:\\d+"), input.at("/srt/url").asText());
    assertEquals(input.at("/srt/url"), input.at("/srtPlayback/url"), "one SRT port for publish and playback");
    assertEquals(uid, input.at("/srt/streamId").asText());
    assertEquals("play" + uid, input.at("/srtPlayback/streamId").asText());
    assertNotEquals(input.at("/srt/passphrase"), input.at("/srtPlayback/passphrase"));
    assertTrue(input.at("/webRTC/url").asText().matches("http://media\\.test:\\d+/[0-9a-f]{32}k" + uid + "/webRTC/publish"));
    assertTrue(input.at("/playback/hls").asText().endsWith("/" + uid + "/manifest/video.m3u8"));
    assertTrue(input.at("/playback/dash").asText().endsWith("/" + uid + "/manifest/video.mpd"));
    assertTrue(input.get("created").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z"));
    assertEquals(input.get("created"), input.get("modified"));
    assertTrue(input.get("enabled").asBoolean());
    assertEquals("show-1", input.at("/meta/name").asText());
    assertTrue(input.get("status").isNull());
    assertEquals("automatic", input.at("/recording/mode").asText());
    assertEquals(180, input.at("/recording/timeoutSeconds").asInt());
    assertTrue(input.at("/recording/allowedOrigins").isNull());
    assertEquals(30, input.get("deleteRecordingAfterDays").asInt());
    assertFalse(input.has("keysRotatedAt"), "keysRotatedAt is omitted until a rotation");
  }

  @Test
  void emptyCreateGetsCloudflaresDefaults() {
    JsonNode input = api.post(api.inputs(), "{}").result();
    assertEquals("{}", input.get("meta").toString());
    assertEquals("off", input.at("/recording/mode").asText());
    assertTrue(input.at("/recording/timeoutSeconds").isNull());
    assertFalse(input.at("/recording/requireSignedURLs").asBoolean());
    assertFalse(input.at("/recording/hideLiveViewerCount").asBoolean());
    assertTrue(input.get("deleteRecordingAfterDays").isNull());
    assertFalse(input.get("preferLowLatency").asBoolean());
    assertTrue(input.get("enabled").asBoolean());
    // A body-less POST behaves like {}.
    assertEquals(200, api.send("POST", api.inputs(), null).status());
  }

  @Test
  void aCreatedInputIsInTheVeryNextList() {
    for (int i = 0; i < 5; i++) {
      String uid = api.createInput("{\"meta\":{\"name\":\"listed-" + i + "\"}}");
      Reply list = api.get(api.inputs());
      assertEquals(200, list.status());
      List<String> uids = new ArrayList<>();
      list.result().get("liveInputs").forEach(item -> uids.add(item.get("uid").asText()));
      assertTrue(uids.contains(uid), "input " + uid + " missing from the list right after its create");
      assertEquals(list.result().get("liveInputs").size(), list.result().get("total").asInt());
    }
    JsonNode item = api.get(api.inputs()).result().get("liveInputs").get(0);
    assertEquals(List.of("uid", "created", "modified", "meta", "deleteRecordingAfterDays", "enabled"), fieldNames(item));
  }

  @Test
  void getReturnsWhatCreateReturned() {
    Reply created = api.post(api.inputs(), "{\"meta\":{\"name\":\"get-me\"},\"preferLowLatency\":true}");
    String uid = created.result().get("uid").asText();
    Reply got = api.get(api.input(uid));
    assertEquals(200, got.status());
    assertEquals(created.result(), got.result());
  }

  @Test
  void updateMergesPerSubFieldAndChangesModified() {
    String uid = api.createInput("{\"meta\":{\"name\":\"a\"},\"recording\":{\"mode\":\"automatic\",\"timeoutSeconds\":60,"
        + "\"allowedOrigins\":[\"example.com\"]},\"deleteRecordingAfterDays\":45}");
    JsonNode before = api.get(api.input(uid)).result();
    Reply updated = api.put(api.input(uid), "{\"recording\":{\"hideLiveViewerCount\":true}}");
    assertEquals(200, updated.status());
    JsonNode after = updated.result();
    assertTrue(after.at("/recording/hideLiveViewerCount").asBoolean());
    assertEquals("automatic", after.at("/recording/mode").asText(), "fields the PUT did not name stay");
    assertEquals(60, after.at("/recording/timeoutSeconds").asInt());
    assertEquals("[\"example.com\"]", after.at("/recording/allowedOrigins").toString());
    assertEquals(45, after.get("deleteRecordingAfterDays").asInt());
    assertEquals("a", after.at("/meta/name").asText());
    assertEquals(before.get("created"), after.get("created"));
    assertTrue(after.get("modified").asText().compareTo(before.get("modified").asText()) > 0);

    JsonNode cleared = api.put(api.input(uid),
        "{\"deleteRecordingAfterDays\":null,\"recording\":{\"allowedOrigins\":null,\"timeoutSeconds\":0},\"meta\":{\"name\":\"b\"}}").result();
    assertTrue(cleared.get("deleteRecordingAfterDays").isNull());
    assertTrue(cleared.at("/recording/allowedOrigins").isNull());
    assertTrue(cleared.at("/recording/timeoutSeconds").isNull(), "0 is echoed as null, as Cloudflare does");
    assertEquals("{\"name\":\"b\"}", cleared.get("meta").toString());
    assertEquals(cleared, api.get(api.input(uid)).result());
  }

  @Test
  void enabledTogglesThroughPutAndTheDedicatedEndpoints() {
    String uid = api.createInput("{}");
    assertFalse(api.put(api.input(uid), "{\"enabled\":false}").result().get("enabled").asBoolean());
    assertTrue(api.post(api.input(uid) + "/enable", null).result().get("enabled").asBoolean());
    Reply disabled = api.post(api.input(uid) + "/disable", null);
    assertEquals(200, disabled.status());
    assertFalse(disabled.result().get("enabled").asBoolean());
    assertFalse(api.get(api.input(uid)).result().get("enabled").asBoolean(), "a disabled input can still be read");
    assertFalse(api.post(api.inputs(), "{\"enabled\":false}").result().get("enabled").asBoolean());
  }

  @Test
  void rotateKeysReplacesEverySecretAndKeepsEverythingElse() {
    JsonNode before = api.post(api.inputs(), "{\"meta\":{\"name\":\"rotate\"}}").result();
    String uid = before.get("uid").asText();
    Reply rotated = api.post(api.input(uid) + "/rotate_keys", null);
    assertEquals(200, rotated.status());
    JsonNode after = rotated.result();
    for (String pointer : List.of("/rtmps/streamKey", "/rtmpsPlayback/streamKey", "/srt/passphrase",
        "/srtPlayback/passphrase", "/webRTC/url")) {
      assertNotEquals(before.at(pointer), after.at(pointer), pointer + " must change");
    }
    assertEquals(uid, after.get("uid").asText());
    assertEquals(before.get("meta"), after.get("meta"));
    assertEquals(after.get("modified"), after.get("keysRotatedAt"));
    assertEquals(after, api.get(api.input(uid)).result());
  }

  @Test
  void deleteAnswersAnEmptyResultThenTheInputIsGoneEverywhere() {
    String uid = api.createInput("{}");
    Reply deleted = api.delete(api.input(uid));
    assertEquals(200, deleted.status());
    assertEquals("", deleted.result().asText());
    assertTrue(deleted.result().isTextual());
    assertNotFound(api.get(api.input(uid)));
    assertNotFound(api.delete(api.input(uid)));
    assertNotFound(api.put(api.input(uid), "{}"));
    assertNotFound(api.post(api.input(uid) + "/enable", null));
    assertNotFound(api.get(api.input(uid) + "/outputs"));
    api.get(api.inputs()).result().get("liveInputs").forEach(item -> assertNotEquals(uid, item.get("uid").asText()));
  }

  @Test
  void outputsCanBeListedCreatedToggledAndDeleted() {
    String uid = api.createInput("{}");
    assertEquals("[]", api.get(api.input(uid) + "/outputs").result().toString());
    Reply created = api.post(api.input(uid) + "/outputs",
        "{\"url\":\"rtmp://a.rtmp.youtube.com/live2\",\"streamKey\":\"abcd-efgh\"}");
    assertEquals(200, created.status());
    JsonNode output = created.result();
    // Cloudflare's fields in its order, then our pusher status (its SDKs ignore added fields).
    assertEquals(List.of("uid", "url", "streamKey", "enabled", "status"), fieldNames(output));
    assertEquals("idle", output.at("/status/state").asText(), "nothing is live");
    assertTrue(output.get("enabled").asBoolean());
    String outputUid = output.get("uid").asText();
    api.post(api.input(uid) + "/outputs", "{\"url\":\"srt://srt.example.com:9000\",\"streamKey\":\"\",\"enabled\":false}");

    JsonNode list = api.get(api.input(uid) + "/outputs").result();
    assertEquals(2, list.size());
    assertEquals(output, list.get(0));
    assertFalse(list.get(1).get("enabled").asBoolean());

    Reply toggled = api.put(api.input(uid) + "/outputs/" + outputUid, "{\"enabled\":false}");
    assertEquals(200, toggled.status());
    assertFalse(toggled.result().get("enabled").asBoolean());
    assertEquals(400, api.put(api.input(uid) + "/outputs/" + outputUid, "{}").status(), "enabled is required");

    Reply deleted = api.delete(api.input(uid) + "/outputs/" + outputUid);
    assertEquals(200, deleted.status());
    assertEquals(1, api.get(api.input(uid) + "/outputs").result().size());
    assertNotFound(api.delete(api.input(uid) + "/outputs/" + outputUid));
    assertNotFound(api.put(api.input(uid) + "/outputs/" + "0".repeat(32), "{\"enabled\":true}"));
  }

  @Test
  void outputsAreLimitedToSupportedSchemesAndFiftyPerInput() {
    String uid = api.createInput("{}");
    for (String url : List.of("http://example.com/live", "ftp://example.com", "example.com/live", "rtmp://", "rtmp://user:pw@example.com/app")) {
      Reply refused = api.post(api.input(uid) + "/outputs", "{\"url\":\"" + url + "\",\"streamKey\":\"k\"}");
      assertEquals(400, refused.status(), url);
      assertEquals("/url", refused.json().at("/errors/0/source/pointer").asText(), url);
    }
    assertEquals(400, api.post(api.input(uid) + "/outputs", "{\"url\":\"rtmp://example.com/app\"}").status(), "streamKey is required");
    for (int i = 0; i < 50; i++) {
      assertEquals(200, api.post(api.input(uid) + "/outputs", "{\"url\":\"rtmps://example.com/app\",\"streamKey\":\"k" + i + "\"}").status());
    }
    Reply over = api.post(api.input(uid) + "/outputs", "{\"url\":\"rtmps://example.com/app\",\"streamKey\":\"k50\"}");
    assertEquals(400, over.status());
    assertEquals(50, api.get(api.input(uid) + "/outputs").result().size());
  }

  @Test
  void videosOfALiveInputIsAnEmptyArrayUntilRecordingsExist() {
    String uid = api.createInput("{}");
    Reply videos = api.get(api.input(uid) + "/videos");
    assertEquals(200, videos.status());
    assertEquals("[]", videos.result().toString());
    assertNotFound(api.get(api.input("f".repeat(32)) + "/videos"));
  }

  @Test
  void sameIdempotencyKeyCreatesOneInput() {
    String key = "retry-" + System.nanoTime();
    Reply first = api.send("POST", api.inputs(), "{\"meta\":{\"name\":\"once\"}}", "Idempotency-Key", key);
    Reply second = api.send("POST", api.inputs(), "{\"meta\":{\"name\":\"once\"}}", "Idempotency-Key", key);
    assertEquals(200, second.status());
    assertEquals(first.result(), second.result());
    long copies = 0;
    for (JsonNode item : api.get(api.inputs()).result().get("liveInputs")) {
      if (item.get("uid").equals(first.result().get("uid"))) copies++;
    }
    assertEquals(1, copies);
    Reply other = api.send("POST", api.inputs(), "{}", "Idempotency-Key", key + "-other");
    assertNotEquals(first.result().get("uid"), other.result().get("uid"));

    api.delete(api.input(first.result().get("uid").asText()));
    Reply afterDelete = api.send("POST", api.inputs(), "{}", "Idempotency-Key", key);
    assertEquals(409, afterDelete.status(), "Cloudflare answers 409 for a key of a deleted input");
    assertEquals("false", afterDelete.header("x-should-retry"), "so that the SDKs do not retry it");
  }

  @Test
  void accountsAndTokenVerification() {
    Reply accounts = api.get("/client/v4/accounts");
    assertEquals(200, accounts.status());
    assertEquals(1, accounts.result().size());
    assertTrue(api.inputs().contains(accounts.result().get(0).get("id").asText()));
    assertTrue(accounts.result().get(0).has("name"));

    Reply verified = api.get("/client/v4/user/tokens/verify");
    assertEquals(200, verified.status());
    assertEquals("active", verified.result().get("status").asText());
    Reply invalid = api.as(TestNodes.newToken(), null).get("/client/v4/user/tokens/verify");
    assertEquals(401, invalid.status());
    assertEquals(1000, invalid.errorCode());
  }

  static void assertNotFound(Reply reply) {
    assertEquals(404, reply.status(), reply.raw().body());
    assertEquals(10003, reply.errorCode());
    assertFalse(reply.json().get("success").asBoolean());
    assertNull(reply.json().get("result").textValue());
  }

  static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
