package io.headwater.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.headwater.HeadwaterNode;
import io.headwater.it.ApiClient.Reply;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node whose journal cannot be reached (Cassandra down) answers every API call that needs the store
 * with 503 and Retry-After, never a 500 and never a guess, and keeps serving what needs no store.
 */
class StoreUnavailableIT {
  private static HeadwaterNode node;
  private static ApiClient api;

  @BeforeAll
  static void startNodeWithoutCassandra() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String token = TestNodes.newToken();
    Map<String, Object> settings = TestNodes.settings("it_store_down", token, Files.createTempDirectory("hw-down-it"));
    settings.put("headwater.cassandra.contact-points", "127.0.0.1:" + closedPort);
    settings.put("headwater.cassandra.create-schema", false);
    settings.put("headwater.api.ask-timeout", "1s");
    settings.put("headwater.api.retry-after", "3s");
    node = HeadwaterNode.start(TestNodes.config(settings));
    api = new ApiClient(node.httpPort(), token, "0123456789abcdef0123456789abcdef");
  }

  @AfterAll
  static void stopNode() {
    if (node != null) node.stop();
  }

  @Test
  void callsThatNeedTheStoreAnswer503WithRetryAfter() {
    for (Reply reply : List.of(
        api.get(api.inputs()),
        api.post(api.inputs(), "{\"meta\":{\"name\":\"lost?\"}}"),
        api.send("POST", api.inputs(), "{}", "Idempotency-Key", "k1"),
        api.get("/client/v4/user/tokens/verify"))) {
      assertEquals(503, reply.status(), reply.raw().body());
      assertEquals("3", reply.header("retry-after"));
      assertFalse(reply.json().get("success").asBoolean());
    }
  }

  @Test
  void theNodeKeepsServingWhatNeedsNoStore() {
    assertEquals(200, api.get("/healthz").status());
    Reply noCredentials = api.sendRaw("GET", api.inputs(), null);
    assertEquals(400, noCredentials.status(), "credential checks that need no lookup still answer at once");
  }
}
