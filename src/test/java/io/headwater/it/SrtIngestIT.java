package io.headwater.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.headwater.HeadwaterNode;
import io.headwater.media.MediaItem;
import io.headwater.media.hub.StreamHub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * FFmpeg (JavaCV's bundled binary, built with libsrt) publishes MPEG-TS over SRT with the credentials the API
 * hands out: the live input goes live with protocol srt, the hub delivers decodable media, HLS plays; the
 * refusals, kicks and packet-loss repair an operator relies on happen.
 */
class SrtIngestIT {
  private static HeadwaterNode node;
  private static ApiClient api;
  private static PlaybackClient player;
  private static int srtPort;
  private static Path logs;
  private final List<Process> publishers = new ArrayList<>();

  @BeforeAll
  static void startNode() throws Exception {
    String token = TestNodes.newToken();
    logs = Files.createTempDirectory("hw-srt-it");
    var settings = TestNodes.settings(TestNodes.uniqueKeyspacePrefix("srt"), token, logs);
    srtPort = (Integer) settings.get("headwater.ingest.srt-port");
    node = TestNodes.start(settings);
    api = new ApiClient(node.httpPort(), token, node.bootstrapped().toCompletableFuture().get());
    player = new PlaybackClient(node.httpPort());
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
  void aPublishWithTheCloudflareCredentialsGoesLiveFeedsTheHubAndPlaysAsHls() throws Exception {
    JsonNode input = api.post(api.inputs(), "{}").result();
    String uid = input.get("uid").asText();
    assertEquals("srt://media.test:" + srtPort, input.at("/srt/url").asText());
    assertEquals(uid, input.at("/srt/streamId").asText());
    String url = "srt://127.0.0.1:" + srtPort + "?streamid=" + input.at("/srt/streamId").asText()
        + "&passphrase=" + input.at("/srt/passphrase").asText() + "&pbkeylen=16";
    publish(url, 20, "cloudflare");

    StreamHub hub = await("the hub opens", () -> node.hubs().find(uid));
    JsonNode live = api.get(api.input(uid)).result();
    assertEquals("connected", live.get("status").asText());
    assertEquals("srt", live.at("/statusHistory/0/protocol").asText());
    assertTrue(live.at("/statusHistory/0/remoteAddress").asText().startsWith("127.0.0.1:"));
    List<MediaItem> items = hub.subscribe("test").takeWithin(Duration.ofSeconds(3)).runWith(Sink.seq(), node.system())
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    MediaAssertions.assertMediaIsDecodable(items, false);
    await("HLS plays", () -> Optional.of(player.get("/" + uid + "/manifest/video.m3u8")).filter(r -> r.statusCode() == 200));
  }

  private Process publish(String url, int seconds, String name) throws Exception {
    Process p = Ffmpeg.publishMpegTs(url, seconds, logs.resolve(name + "-" + System.nanoTime() + ".log"));
    publishers.add(p);
    return p;
  }

  private static <T> T await(String what, Supplier<Optional<T>> probe) throws InterruptedException {
    return Await.value(what, Duration.ofSeconds(20), probe);
  }
}
