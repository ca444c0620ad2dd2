package io.headwater.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.headwater.HeadwaterNode;
import io.headwater.media.srt.SrtSenderStats;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cloudflare's srtPlayback: FFmpeg publishes over RTMP, another FFmpeg (JavaCV's, with libsrt) plays the input
 * over SRT with the srtPlayback stream id and passphrase and decodes it; the ingest passphrase and a wrong one
 * are refused; the viewer counts in /views; disable, rotate_keys and delete end the viewer with a SHUTDOWN.
 */
class SrtPlaybackIT {
  private static final Duration LIVE = Duration.ofSeconds(30);
  private static HeadwaterNode node;
  private static ApiClient api;
  private static int rtmpPort;
  private static int srtPort;
  private static Path logs;
  private final List<Process> processes = new ArrayList<>();

  @BeforeAll
  static void startNode() throws Exception {
    TestNodes.Started started = TestNodes.startWithApi("srtplay", settings -> {});
    node = started.node();
    api = started.api();
    logs = started.logs();
    rtmpPort = started.rtmpPort();
    srtPort = started.srtPort();
  }

  @AfterAll
  static void stopNode() {
    if (node != null) node.stop();
  }

  @AfterEach
  void stop() {
    processes.forEach(Process::destroyForcibly);
  }

  private JsonNode liveInput(int seconds) throws Exception {
    JsonNode input = api.post(api.inputs(), "{}").result();
    String uid = input.get("uid").asText();
    processes.add(Ffmpeg.publish("rtmp://127.0.0.1:" + rtmpPort + "/live/" + input.at("/rtmps/streamKey").asText(),
        seconds, logs.resolve(uid + ".log"), true, true, 2));
    Await.condition("live", LIVE, () -> "connected".equals(api.get(api.input(uid)).result().get("status").asText()));
    return input;
  }

  private String playUrl(JsonNode input, String passphrase) {
    assertEquals("srt://media.test:" + srtPort, input.at("/srtPlayback/url").asText());
    return "srt://127.0.0.1:" + srtPort + "?streamid=" + input.at("/srtPlayback/streamId").asText() + "&passphrase="
        + passphrase + "&mode=caller";
  }

  @Test
  void ffmpegPlaysTheLiveStreamWithTheSrtPlaybackCredentialsAndDecodesIt() throws Exception {
    JsonNode input = liveInput(20);
    String url = playUrl(input, input.at("/srtPlayback/passphrase").asText());
    Instant start = Instant.now();
    var played = Ffmpeg.run(Duration.ofSeconds(40), Ffmpeg.ffmpegBinary(), "-v", "error", "-i", url, "-t", "4",
        "-f", "framemd5", "-");
    String shown = played.output().replace(input.at("/srtPlayback/passphrase").asText(), "<passphrase>");
    assertEquals(0, played.exitCode(), shown);
    long video = played.output().lines().filter(l -> l.startsWith("0,")).count();
    long audio = played.output().lines().filter(l -> l.startsWith("1,")).count();
    System.out.println("SRT playback: " + video + " video and " + audio + " audio frames decoded in "
        + Duration.between(start, Instant.now()).toMillis() + " ms");
    assertTrue(video >= 90, "about 4 s at 30 fps decoded: " + video);
    assertTrue(audio >= 100, "and the audio: " + audio);
  }

  @Test
  void aViewerBehindFivePercentLossAndThreeBurstsOfTwentyDecodesEveryFrame() throws Exception {
    JsonNode input = liveInput(25);
    String uid = input.get("uid").asText();
    try (LossyUdpRelay relay = new LossyUdpRelay(new InetSocketAddress("127.0.0.1", srtPort), 0.05, 0, 7_000, 9, 3, 20)) {
      String url = "srt://127.0.0.1:" + relay.port() + "?streamid=play" + uid + "&passphrase="
          + input.at("/srtPlayback/passphrase").asText() + "&mode=caller&latency=300000";
      var played = Ffmpeg.run(Duration.ofSeconds(40), Ffmpeg.ffmpegBinary(), "-v", "error", "-i", url, "-t", "8",
          "-f", "framemd5", "-");
      assertEquals(0, played.exitCode(), played.output());
      List<String> complaints = played.output().lines().filter(l -> !l.startsWith("#") && !l.matches("^[01],.*"))
          .toList();
      assertEquals(List.of(), complaints, "the decoder saw no damage");
      long video = played.output().lines().filter(l -> l.startsWith("0,")).count();
      assertTrue(video >= 8 * 30 - 5, "8 s at 30 fps: " + video);
      SrtSenderStats stats = Await.value("the viewer's counts", LIVE, () -> node.srt().playbackStats(uid));
      System.out.println("playback loss test: relay dropped " + relay.dropped() + " in " + relay.bursts()
          + " bursts of 20 and 5 % random of " + (relay.forwarded() + relay.dropped()) + "; node: " + stats.summary());
      assertEquals(3, relay.bursts());
      assertTrue(stats.packetsRetransmitted() >= stats.packetsReportedLost() && stats.packetsReportedLost() >= 60,
          stats.summary());
      assertEquals(0, stats.packetsDropped(), stats.summary());
    }
  }

  @Test
  void theIngestPassphraseAndAWrongOneDoNotPlayAndAViewerCountsInViews() throws Exception {
    JsonNode input = liveInput(30);
    String uid = input.get("uid").asText();
    String playback = input.at("/srtPlayback/passphrase").asText();
    for (String passphrase : List.of(input.at("/srt/passphrase").asText(),
        (playback.charAt(0) == 'a' ? "b" : "a") + playback.substring(1))) {
      var refused = Ffmpeg.run(Duration.ofSeconds(30), Ffmpeg.ffmpegBinary(), "-v", "warning", "-i",
          playUrl(input, passphrase), "-t", "1", "-f", "null", "-");
      assertFalse(refused.exitCode() == 0, "refused");
      assertTrue(refused.output().contains("rejection HS response: ERROR:BADSECRET"),
          refused.output().replace(passphrase, "<passphrase>"));
    }

    Process viewer = new ProcessBuilder(Ffmpeg.ffmpegBinary(), "-v", "error", "-i", playUrl(input, playback), "-f",
        "null", "-").redirectErrorStream(true).redirectOutput(logs.resolve(uid + "-viewer.log").toFile()).start();
    processes.add(viewer);
    Await.condition("the viewer counts in /views", LIVE, () -> PlaybackClient.text(
        new PlaybackClient(node.httpPort()).get("/" + uid + "/views")).equals("{\"liveViewers\":1}"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"disable", "rotate_keys", "delete"})
  void disableRotateAndDeleteEndTheViewer(String action) throws Exception {
    JsonNode input = liveInput(30);
    String uid = input.get("uid").asText();
    Process viewer = new ProcessBuilder(Ffmpeg.ffmpegBinary(), "-v", "error", "-i",
        playUrl(input, input.at("/srtPlayback/passphrase").asText()), "-f", "null", "-")
        .redirectErrorStream(true).redirectOutput(logs.resolve(uid + "-" + action + ".log").toFile()).start();
    processes.add(viewer);
    Await.condition("the viewer plays", LIVE, () -> node.hubs().find(uid).map(h -> h.stats().consumers().stream()
        .anyMatch(c -> c.name().startsWith("viewer srt ") && c.delivered() > 30)).orElse(false));

    Instant actedAt = Instant.now();
    assertEquals(200, "delete".equals(action) ? api.delete(api.input(uid)).status()
        : api.post(api.input(uid) + "/" + action, null).status());
    assertTrue(viewer.waitFor(15, TimeUnit.SECONDS), action + " ends the viewer's stream");
    System.out.println(action + " to the viewer's end: " + Duration.between(actedAt, Instant.now()).toMillis() + " ms");
  }
}
