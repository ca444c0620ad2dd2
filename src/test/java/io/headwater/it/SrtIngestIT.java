package io.headwater.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.headwater.HeadwaterNode;
import io.headwater.media.MediaItem;
import io.headwater.media.hub.StreamHub;
import io.headwater.media.srt.SrtStats;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
  private static int rtmpPort;
  private static Path logs;
  private final List<Process> publishers = new ArrayList<>();

  @BeforeAll
  static void startNode() throws Exception {
    TestNodes.Started started = TestNodes.startWithApi("srt", settings -> {});
    node = started.node();
    api = started.api();
    logs = started.logs();
    srtPort = started.srtPort();
    rtmpPort = started.rtmpPort();
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
    publish(url(input.at("/srt/streamId").asText(), input.at("/srt/passphrase").asText()), 20, "cloudflare");

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

  @Test
  void theAccessControlStreamIdPublishesThroughKeyRefreshesAndTheEncodersShutdownLeavesTheInputReconnecting()
      throws Exception {
    JsonNode input = api.post(api.inputs(), "{}").result();
    String uid = input.get("uid").asText();
    // libsrt switches keys every 200 packets here (srt.md 7.6), announcing the next key 60 packets ahead.
    Process ffmpeg = publish(url("#!::r=" + uid + ",m=publish", input.at("/srt/passphrase").asText())
        + "&kmrefreshrate=200&kmpreannounce=60", 5, "access-control");
    await("the hub opens", () -> node.hubs().find(uid));
    assertTrue(ffmpeg.waitFor(30, TimeUnit.SECONDS));
    JsonNode ended = await("the end of the publish is recorded", () -> Optional.of(api.get(api.input(uid)).result())
        .filter(r -> "reconnecting".equals(r.get("status").asText())));
    assertEquals("encoder disconnected; a publish within 60 s continues the broadcast",
        ended.at("/statusHistory/1/reason").asText());
    assertEquals("srt", ended.at("/statusHistory/1/protocol").asText());
    SrtStats stats = node.srt().stats(uid).orElseThrow();
    assertTrue(stats.packetsDelivered() > 400, "through at least one key switch: " + stats.summary());
    assertTrue(stats.keyRefreshes() >= 1, stats.summary());
    assertEquals(0, stats.packetsUndecryptable(), stats.summary());
    assertEquals(0, stats.tsContinuityErrors(), stats.summary());
  }

  @Test
  void refusalsCarryTheRejectCodesLibsrtShows() throws Exception {
    JsonNode input = api.post(api.inputs(), "{}").result();
    String uid = input.get("uid").asText();
    String passphrase = input.at("/srt/passphrase").asText();
    String wrong = (passphrase.charAt(0) == 'a' ? "b" : "a") + passphrase.substring(1);
    assertRefused(url(uid, wrong), "ERROR:BADSECRET", "wrong passphrase: 1010");
    assertRefused("srt://127.0.0.1:" + srtPort + "?streamid=" + uid, "ERROR:UNSECURE", "no passphrase: 1011");
    assertRefused(url("0".repeat(32), passphrase), "ERROR:BADSECRET", "unknown input: as a wrong passphrase");
    assertRefused(url("play" + uid, passphrase), "ERROR:BADSECRET", "the ingest passphrase does not play");
    assertRefused(url("#!::r=" + uid + ",m=bidirectional", passphrase), "ERROR:PREDEFINED:405", "bidirectional: 1405");
    assertEquals("null", api.get(api.input(uid)).result().get("status").toString(), "refusals leave no trace");

    Process rtmp = Ffmpeg.publishFlv("rtmp://127.0.0.1:" + rtmpPort + "/live/" + input.at("/rtmps/streamKey").asText(),
        30, logs.resolve("rtmp-" + System.nanoTime() + ".log"));
    publishers.add(rtmp);
    await("the RTMP publisher is live", () -> node.hubs().find(uid));
    assertRefused(url(uid, passphrase), "ERROR:PREDEFINED:409", "an RTMP publisher holds the input: 1409");
    assertTrue(rtmp.isAlive(), "the publisher in place goes on");
    assertEquals("rtmp", api.get(api.input(uid)).result().at("/statusHistory/0/protocol").asText());

    api.post(api.input(uid) + "/disable", null);
    assertTrue(rtmp.waitFor(10, TimeUnit.SECONDS));
    assertRefused(url(uid, passphrase), "ERROR:PREDEFINED:403", "disabled input: 1403");
    api.delete(api.input(uid));
    assertRefused(url(uid, passphrase), "ERROR:BADSECRET", "deleted input: as a wrong passphrase");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"disable, client_disconnect, kicked: live input disabled",
      "rotate_keys, reconnecting, kicked: stream keys rotated; a publish within 60 s continues the broadcast",
      "delete, , kicked: live input deleted"})
  void disableRotateAndDeleteEndTheLivePublisherWithinTwoSeconds(String action, String status, String reason)
      throws Exception {
    JsonNode input = api.post(api.inputs(), "{}").result();
    String uid = input.get("uid").asText();
    Process ffmpeg = publish(url(uid, input.at("/srt/passphrase").asText()), 30, action);
    StreamHub hub = await("the publisher is live", () -> node.hubs().find(uid));
    var consumer = hub.subscribe("viewer").runWith(Sink.ignore(), node.system());

    Instant actedAt = Instant.now();
    assertEquals(200, "delete".equals(action) ? api.delete(api.input(uid)).status()
        : api.post(api.input(uid) + "/" + action, null).status());
    consumer.toCompletableFuture().get(2, TimeUnit.SECONDS);
    assertTrue(ffmpeg.waitFor(10, TimeUnit.SECONDS), "the caller's connection ends (SHUTDOWN)");
    System.out.println(action + " to hub ended: " + Duration.between(actedAt, Instant.now()).toMillis() + " ms");
    if (!"delete".equals(action)) {
      JsonNode after = await("the kick is recorded", () -> Optional.of(api.get(api.input(uid)).result())
          .filter(r -> status.equals(r.get("status").asText())));
      assertEquals(reason, after.at("/statusHistory/1/reason").asText());
    }
  }

  @Test
  void lostAndReorderedPacketsAreRepairedByNakAndRetransmission() throws Exception {
    JsonNode input = api.post(api.inputs(), "{}").result();
    String uid = input.get("uid").asText();
    try (LossyUdpRelay relay = new LossyUdpRelay(new InetSocketAddress("127.0.0.1", srtPort), 0.05, 0.02, 6_000, 42)) {
      Process ffmpeg = publish("srt://127.0.0.1:" + relay.port() + "?streamid=" + uid + "&passphrase="
          + input.at("/srt/passphrase").asText() + "&pbkeylen=16", 9, "lossy");
      StreamHub hub = await("the hub opens", () -> node.hubs().find(uid));
      var items = hub.subscribe("test").runWith(Sink.seq(), node.system());
      assertTrue(ffmpeg.waitFor(30, TimeUnit.SECONDS));
      List<MediaItem> got = items.toCompletableFuture().get(10, TimeUnit.SECONDS);
      MediaAssertions.assertMediaIsDecodable(got, false);

      SrtStats stats = await("the connection's final counts", () -> node.srt().stats(uid)
          .filter(st -> st.packetsDelivered() == st.packetsReceived() && st.packetsReceived() > 0
              && node.hubs().find(uid).isEmpty()));
      System.out.println("loss test: relay dropped " + relay.dropped() + " and reordered " + relay.reordered() + " of "
          + (relay.forwarded() + relay.dropped()) + " data packets; node: " + stats.summary());
      assertTrue(relay.dropped() >= 10, "the relay dropped " + relay.dropped());
      assertTrue(stats.packetsLost() >= relay.dropped(), stats.summary());
      assertEquals(stats.packetsLost(), stats.packetsRetransmitted() + stats.packetsReordered(),
          "every missing packet arrived in time: " + stats.summary());
      assertEquals(0, stats.packetsDroppedTooLate(), stats.summary());
      assertEquals(0, stats.tsContinuityErrors(), "the demuxer saw an unbroken MPEG-TS: " + stats.summary());
      assertTrue(stats.naksSent() > 0 && stats.rttUs() < 100_000, stats.summary());
    }
  }

  @Test
  void aTwentySecondPublishThroughFivePercentLossAndThreeBurstsOfTwentyArrivesWholeAt300Ms() throws Exception {
    JsonNode input = api.post(api.inputs(), "{}").result();
    String uid = input.get("uid").asText();
    try (LossyUdpRelay relay = new LossyUdpRelay(new InetSocketAddress("127.0.0.1", srtPort), 0.05, 0, 18_000, 8, 3, 20)) {
      // FFmpeg's latency option is in microseconds.
      Process ffmpeg = publish("srt://127.0.0.1:" + relay.port() + "?streamid=" + uid + "&passphrase="
          + input.at("/srt/passphrase").asText() + "&pbkeylen=16&latency=300000", 20, "bursts");
      StreamHub hub = await("the hub opens", () -> node.hubs().find(uid));
      var items = hub.subscribe("test").runWith(Sink.seq(), node.system());
      assertTrue(ffmpeg.waitFor(45, TimeUnit.SECONDS));
      List<MediaItem> got = items.toCompletableFuture().get(10, TimeUnit.SECONDS);
      MediaAssertions.assertMediaIsDecodable(got, false);

      SrtStats stats = await("the connection's final counts", () -> node.srt().stats(uid)
          .filter(st -> st.packetsDelivered() == st.packetsReceived() && st.packetsReceived() > 0
              && node.hubs().find(uid).isEmpty()));
      System.out.println("burst loss test: relay dropped " + relay.dropped() + " in " + relay.bursts()
          + " bursts of 20 and 5 % random of " + (relay.forwarded() + relay.dropped()) + " data packets; node: "
          + stats.summary());
      assertEquals(3, relay.bursts());
      assertTrue(relay.dropped() >= 60 + 100, "the relay dropped " + relay.dropped());
      assertEquals(stats.packetsLost(), stats.packetsRetransmitted() + stats.packetsReordered(),
          "every missing packet arrived in time: " + stats.summary());
      assertEquals(0, stats.packetsDroppedTooLate(), stats.summary());
      assertEquals(0, stats.tsContinuityErrors(), "the demuxer saw an unbroken MPEG-TS: " + stats.summary());
      long video = got.stream().filter(i -> i instanceof io.headwater.media.MediaFrame f
          && f.kind() == io.headwater.media.MediaKind.VIDEO).count();
      assertTrue(video >= 20 * 30 - 5, "all 20 s at 30 fps: " + video);
    }
  }

  private void assertRefused(String url, String libsrtSays, String what) throws Exception {
    Path log = logs.resolve("refused-" + System.nanoTime() + ".log");
    Process ffmpeg = Ffmpeg.publishMpegTs(url, 5, log);
    publishers.add(ffmpeg);
    assertTrue(ffmpeg.waitFor(20, TimeUnit.SECONDS), what + ": the caller gives up");
    assertTrue(ffmpeg.exitValue() != 0, what);
    String output = Files.readString(log);
    assertTrue(output.contains("rejection HS response: " + libsrtSays), what + ": " + output);
  }

  private static String url(String streamId, String passphrase) {
    return "srt://127.0.0.1:" + srtPort + "?streamid=" + streamId + "&passphrase=" + passphrase + "&pbkeylen=16";
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
