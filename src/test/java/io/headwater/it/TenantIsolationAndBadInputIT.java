package io.headwater.it;

import static io.headwater.it.CloudflareLiveInputsIT.assertNotFound;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.headwater.HeadwaterNode;
import io.headwater.it.ApiClient.Reply;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a careless or hostile client meets: another tenant's ids, bad credentials, malformed and
 * oversized bodies, wrong types, ids that cannot exist. Always a clear 4xx in Cloudflare's envelope,
 * never a 5xx, and nothing lost.
 */
class TenantIsolationAndBadInputIT {
  private static HeadwaterNode node;
  private static ApiClient alice;
  private static ApiClient bob;

  @BeforeAll
  static void startNode() throws Exception {
    String token = TestNodes.newToken();
    Map<String, Object> settings = TestNodes.settings(
        TestNodes.uniqueKeyspacePrefix("isolation"), token, Files.createTempDirectory("hw-iso-it"));
    // A loopback sink the operator chose; TestNodes.RESOLVER answers 127.0.0.1 for it.
    settings.put("headwater.restream.allow", "sink.test");
    node = TestNodes.start(settings);
    alice = new ApiClient(node.httpPort(), token, node.bootstrapped().toCompletableFuture().get());
    TestTenants.Tenant b = TestTenants.create(node.system(), "bob");
    bob = alice.as(b.token(), b.accountId());
  }

  @AfterAll
  static void stopNode() {
    if (node != null) node.stop();
  }

  @Test
  void anotherAccountsInputCanNeitherBeReadListedChangedNorDeleted() {
    String uid = alice.createInput("{\"meta\":{\"name\":\"alice-only\"}}");
    alice.post(alice.input(uid) + "/outputs", "{\"url\":\"rtmp://example.com/app\",\"streamKey\":\"secret-key\"}");
    String outputUid = alice.get(alice.input(uid) + "/outputs").result().get(0).get("uid").asText();
    bob.createInput("{\"meta\":{\"name\":\"bob-only\"}}");

    // Bob, with his own token, addressing Alice's input under his own account.
    String bobsView = bob.inputs() + "/" + uid;
    assertNotFound(bob.get(bobsView));
    assertNotFound(bob.put(bobsView, "{\"enabled\":false}"));
    assertNotFound(bob.delete(bobsView));
    assertNotFound(bob.post(bobsView + "/disable", null));
    assertNotFound(bob.post(bobsView + "/rotate_keys", null));
    assertNotFound(bob.get(bobsView + "/outputs"));
    assertNotFound(bob.post(bobsView + "/outputs", "{\"url\":\"rtmp://evil.example.com/app\",\"streamKey\":\"x\"}"));
    assertNotFound(bob.put(bobsView + "/outputs/" + outputUid, "{\"enabled\":false}"));
    assertNotFound(bob.delete(bobsView + "/outputs/" + outputUid));
    assertNotFound(bob.get(bobsView + "/videos"));
    for (JsonNode item : bob.get(bob.inputs()).result().get("liveInputs")) {
      assertFalse(item.get("uid").asText().equals(uid), "Alice's input in Bob's list");
    }

    // Bob's token on Alice's account path.
    ApiClient bobOnAlicesAccount = alice.as(tokenOf(bob), accountOf(alice));
    for (Reply r : List.of(bobOnAlicesAccount.get(alice.inputs()), bobOnAlicesAccount.get(alice.input(uid)),
        bobOnAlicesAccount.delete(alice.input(uid)), bobOnAlicesAccount.put(alice.input(uid), "{\"enabled\":false}"))) {
      assertEquals(403, r.status());
      assertEquals(10000, r.errorCode());
    }

    // Nothing of Alice's changed.
    JsonNode after = alice.get(alice.input(uid)).result();
    assertTrue(after.get("enabled").asBoolean());
    assertEquals("alice-only", after.at("/meta/name").asText());
    assertEquals(1, alice.get(alice.input(uid) + "/outputs").result().size());
    assertTrue(alice.get(alice.input(uid) + "/outputs").result().get(0).get("enabled").asBoolean());
  }

  @Test
  void credentialsAreCheckedWithCloudflaresCodes() {
    Reply none = alice.sendRaw("GET", alice.inputs(), null);
    assertEquals(400, none.status());
    assertEquals(9106, none.errorCode());
    assertEquals(List.of("success", "errors"), CloudflareLiveInputsIT.fieldNames(none.json()));

    Reply malformed = alice.sendRaw("GET", alice.inputs(), null, "Authorization", "Basic dXNlcjpwdw==");
    assertEquals(400, malformed.status());
    assertEquals(6003, malformed.errorCode());
    assertEquals(6111, malformed.json().at("/errors/0/error_chain/0/code").asInt());

    Reply unknown = alice.sendRaw("GET", alice.inputs(), null, "Authorization", "Bearer " + TestNodes.newToken());
    assertEquals(403, unknown.status());
    assertEquals(10000, unknown.errorCode());

    String token = tokenOf(alice);
    Reply keyAndEmail = alice.sendRaw("GET", alice.inputs(), null,
        "X-Auth-Email", "admin@headwater.local", "X-Auth-Key", token);
    assertEquals(200, keyAndEmail.status());
    Reply wrongEmail = alice.sendRaw("GET", alice.inputs(), null,
        "X-Auth-Email", "someone@else.example", "X-Auth-Key", token);
    assertEquals(403, wrongEmail.status());
    Reply keyWithoutEmail = alice.sendRaw("GET", alice.inputs(), null, "X-Auth-Key", token);
    assertEquals(400, keyWithoutEmail.status());
    assertEquals(6003, keyWithoutEmail.errorCode());

    Reply sdkHeaders = alice.send("GET", alice.inputs(), null,
        "api-version", "2026-11-25", "X-Stainless-Retry-Count", "0", "X-Stainless-Lang", "js", "User-Agent", "Cloudflare/JS 7.3.0");
    assertEquals(200, sdkHeaders.status(), "unknown SDK headers are ignored");
  }

  @Test
  void malformedBodiesAndWrongTypesAreRefusedWithAPointer() {
    String uid = alice.createInput("{}");
    assertBadRequest(alice.post(alice.inputs(), "{\"meta\":"), "");
    assertBadRequest(alice.post(alice.inputs(), "[1,2,3]"), "");
    assertBadRequest(alice.post(alice.inputs(), "\"just a string\""), "");
    assertBadRequest(alice.post(alice.inputs(), "{\"enabled\":\"yes\"}"), "/enabled");
    assertBadRequest(alice.post(alice.inputs(), "{\"meta\":\"name\"}"), "/meta");
    assertBadRequest(alice.post(alice.inputs(), "{\"recording\":{\"mode\":\"sometimes\"}}"), "/recording/mode");
    assertBadRequest(alice.post(alice.inputs(), "{\"recording\":{\"timeoutSeconds\":\"10\"}}"), "/recording/timeoutSeconds");
    assertBadRequest(alice.post(alice.inputs(), "{\"recording\":{\"timeoutSeconds\":1.5}}"), "/recording/timeoutSeconds");
    assertBadRequest(alice.post(alice.inputs(), "{\"recording\":{\"allowedOrigins\":[\"ok.com\",3]}}"), "/recording/allowedOrigins/1");
    assertBadRequest(alice.post(alice.inputs(), "{\"recording\":[]}"), "/recording");
    assertBadRequest(alice.post(alice.inputs(), "{\"preferLowLatency\":1}"), "/preferLowLatency");
    assertBadRequest(alice.put(alice.input(uid), "{\"defaultCreator\":\"" + "x".repeat(65) + "\"}"), "/defaultCreator");
    assertBadRequest(alice.post(alice.inputs(), "{\"meta\":{\"name\":\"" + "x".repeat(20_000) + "\"}}"), "/meta");
    assertBadRequest(alice.post(alice.inputs(), "[".repeat(10_000) + "]".repeat(10_000)), "");

    for (String days : List.of("29", "1097", "-1")) {
      Reply r = alice.post(alice.inputs(), "{\"deleteRecordingAfterDays\":" + days + "}");
      assertEquals(400, r.status(), days);
      assertEquals(10060, r.errorCode(), days);
      assertTrue(r.json().at("/errors/0/message").asText().contains("must be between 30 and 1096 days"));
    }
    assertEquals(200, alice.post(alice.inputs(), "{\"deleteRecordingAfterDays\":1096}").status());
    assertEquals(200, alice.post(alice.inputs(), "{\"unknownField\":{\"deep\":[1]},\"recording\":{\"alsoUnknown\":1}}").status(),
        "unknown fields are ignored, as Cloudflare does");
    assertEquals(400, alice.send("POST", alice.inputs(), "{}", "Idempotency-Key", "k".repeat(256)).status());

    // The input the refused updates aimed at is unchanged.
    assertTrue(alice.get(alice.input(uid)).result().get("defaultCreator") == null);
  }

  @Test
  void restreamDestinationsInsideTheNetworkAreRefusedWithTheirReasonAndNeverEchoTheKey() {
    String uid = alice.createInput("{}");
    String outputs = alice.input(uid) + "/outputs";
    String streamKey = "sk-live-" + "7".repeat(24);
    Map<String, String> refused = new LinkedHashMap<>();
    refused.put("rtmp://10.0.0.5/live", "/url: destination 10.0.0.5 is a private-network address (RFC 1918); restreaming to it is refused");
    refused.put("rtmp://169.254.169.254/latest", "the cloud metadata service");
    refused.put("rtmp://[::ffff:127.0.0.1]/live", "is a loopback address (127.0.0.1)");
    refused.put("rtmp://2130706433/live", "non-canonical form");
    refused.put("rtmp://rebind.test/live", "destination rebind.test resolves to 127.0.0.1, a loopback address");
    refused.put("rtmp://private.test/live", "resolves to 10.0.0.7, a private-network address");
    refused.put("rtmp://localhost/live", "local-only name");
    refused.put("rtmp://nowhere.test/live", "does not resolve");
    refused.put("rtmp://user:pw@live.example.com/live", "user information");
    refused.put("http://live.example.com/live", "only rtmp://, rtmps:// and srt://");
    refused.put("srt://live.example.com", "srt destinations must name one");
    refused.put("rtmp://127.0.0.1:19350/live", "loopback address");
    refused.forEach((url, reason) -> {
      Reply r = alice.post(outputs, "{\"url\":\"" + url + "\",\"streamKey\":\"" + streamKey + "\"}");
      assertBadRequest(r, "/url");
      assertEquals(10005, r.errorCode(), url);
      String message = r.json().at("/errors/0/message").asText();
      assertTrue(message.contains(reason), url + ": " + message);
      assertFalse(r.raw().body().contains(streamKey), "the stream key is never echoed in an error: " + r.raw().body());
    });
    assertBadRequest(alice.post(outputs, "{\"url\":\"rtmp://live.example.com/" + "a".repeat(10 * 1024) + "\",\"streamKey\":\"k\"}"), "/url");

    // The allow-list admits the name it lists, loopback though it is, and only that.
    Reply sink = alice.post(outputs, "{\"url\":\"rtmp://sink.test:19350/live\",\"streamKey\":\"" + streamKey + "\"}");
    assertEquals(200, sink.status(), sink.raw().body());
    JsonNode list = alice.get(outputs).result();
    assertEquals(1, list.size(), "refused destinations left nothing behind");
    assertEquals("rtmp://sink.test:19350/live", list.get(0).get("url").asText());
  }

  @Test
  void tenMegabyteBodiesAreRefusedAndTheServerGoesOn() {
    String big = "{\"meta\":{\"blob\":\"" + "a".repeat(10 * 1024 * 1024) + "\"}}";
    try {
      Reply tooLarge = alice.post(alice.inputs(), big);
      assertEquals(413, tooLarge.status());
      assertNotNull(tooLarge.json(), "413 comes in the envelope");
    } catch (java.io.UncheckedIOException closedWhileSending) {
      // The server answers 413 and closes before the body is all sent; curl reads that answer, but the
      // JDK client, still writing, sometimes reports only the closed connection. Refused either way.
      assertTrue(closedWhileSending.getCause().getMessage().contains("no bytes")
          || closedWhileSending.getCause().getMessage().contains("closed"), closedWhileSending.getCause().toString());
    }
    assertEquals(200, alice.get(alice.inputs()).status());
  }

  @Test
  void idsThatCannotExistAreNotFoundWithoutALookup() {
    for (String id : List.of("not-hex", "ABCDEF0123456789ABCDEF0123456789", "0".repeat(31), "0".repeat(33),
        "..%2F..%2Fetc%2Fpasswd", "%2e%2e", "0000000000000000000000000000000g")) {
      Reply r = alice.get(alice.inputs() + "/" + id);
      assertEquals(404, r.status(), id);
      // "%2e%2e" is ".." once decoded: it climbs out of /live_inputs and matches no route (7003).
      assertTrue(List.of(10003, 7003).contains(r.errorCode()), id);
    }
    Reply noRoute = alice.get("/client/v4/accounts/" + accountOf(alice) + "/stream/nothing_here");
    assertEquals(404, noRoute.status());
    assertEquals(7003, noRoute.errorCode());
    Reply wrongMethod = alice.send("PATCH", alice.inputs(), "{}");
    assertEquals(405, wrongMethod.status());
  }

  private static void assertBadRequest(Reply reply, String pointer) {
    assertEquals(400, reply.status(), reply.raw().body());
    assertFalse(reply.json().get("success").asBoolean());
    assertTrue(reply.json().at("/errors/0/code").asInt() >= 1000);
    assertFalse(reply.json().at("/errors/0/message").asText().isBlank());
    if (!pointer.isEmpty()) assertEquals(pointer, reply.json().at("/errors/0/source/pointer").asText(), reply.raw().body());
  }

  private static String tokenOf(ApiClient client) {
    return client.tokenForTests();
  }

  private static String accountOf(ApiClient client) {
    return client.inputs().split("/")[4];
  }
}
