package io.headwater.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.headwater.HeadwaterNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Simulcast: FFmpeg publishes to node A; A pushes the input's outputs to a second Headwater node (B, a
 * real RTMP and SRT server with its own live inputs) and to FFmpeg listening for RTMP or SRT. Covers delivery, status in
 * the API, the backoff timeline against a sink that keeps hanging up, and enabling, disabling and deleting
 * outputs while live. A allows loopback only through its restream allow-list (sink.test).
 */
class RestreamIT {
  private static final Duration LIVE = Duration.ofSeconds(30);
  private static HeadwaterNode source;
  private static HeadwaterNode sink;
  private static ApiClient sourceApi;
  private static ApiClient sinkApi;
  private static int sourceRtmp;
  private static int sinkRtmp;
  private static int sinkSrt;
  private static Path logs;
  private final List<Process> processes = new ArrayList<>();

  @BeforeAll
  static void startNodes() throws Exception {
    logs = Files.createTempDirectory("hw-restream-it");
    String sinkToken = TestNodes.newToken();
    var sinkSettings = TestNodes.settings(TestNodes.uniqueKeyspacePrefix("sink"), sinkToken, logs.resolve("sink"));
    sinkRtmp = (Integer) sinkSettings.get("headwater.ingest.rtmp-port");
    sinkSrt = (Integer) sinkSettings.get("headwater.ingest.srt-port");
    sink = TestNodes.start(sinkSettings);
    sinkApi = new ApiClient(sink.httpPort(), sinkToken, sink.bootstrapped().toCompletableFuture().get());

    String token = TestNodes.newToken();
    var settings = TestNodes.settings(TestNodes.uniqueKeyspacePrefix("restream"), token, logs.resolve("source"));
    settings.put("headwater.restream.allow", "sink.test");
    settings.put("headwater.restream.push.backoff-initial", "250ms");
    settings.put("headwater.restream.push.backoff-max", "2s");
    sourceRtmp = (Integer) settings.get("headwater.ingest.rtmp-port");
    source = TestNodes.start(settings);
    sourceApi = new ApiClient(source.httpPort(), token, source.bootstrapped().toCompletableFuture().get());
  }

  @AfterAll
  static void stopNodes() {
    if (source != null) source.stop();
    if (sink != null) sink.stop();
  }

  @AfterEach
  void stopProcesses() {
    processes.forEach(Process::destroyForcibly);
  }

  @Test
  void bothOutputsReceiveDecodableMediaAndTheApiShowsThemForwarding() throws Exception {
    JsonNode sinkInput = sinkApi.post(sinkApi.inputs(), "{}").result();
    Path received = logs.resolve("ffmpeg-sink.flv");
    int listenPort = TestNodes.freePort();
    processes.add(new ProcessBuilder(Ffmpeg.ffmpegBinary(), "-hide_banner", "-nostdin", "-loglevel", "error",
        "-listen", "1", "-i", "rtmp://127.0.0.1:" + listenPort + "/app/listener-key", "-c", "copy", "-f", "flv",
        received.toString()).redirectErrorStream(true).redirectOutput(logs.resolve("ffmpeg-sink.log").toFile()).start());

    String uid = sourceApi.createInput("{}");
    addOutput(uid, "rtmp://sink.test:" + sinkRtmp + "/live", sinkInput.at("/rtmps/streamKey").asText());
    addOutput(uid, "rtmp://sink.test:" + listenPort + "/app", "listener-key");
    Process publisher = publish(uid, 12);

    String sinkUid = sinkInput.get("uid").asText();
    Await.condition("the sink node's input goes live", LIVE, () -> "connected".equals(status(sinkApi, sinkUid)));
    JsonNode outputs = allOutputs(uid, "forwarding");
    for (JsonNode o : outputs) {
      assertFalse(o.get("status").toString().contains(o.get("streamKey").asText()), "no key in a status");
    }
    var sinkPlays = new PlaybackClient(sink.httpPort());
    Await.condition("HLS of the restreamed input on the sink node", LIVE,
        () -> sinkPlays.get("/" + sinkUid + "/manifest/video.m3u8").statusCode() == 200);

    assertTrue(publisher.waitFor(60, TimeUnit.SECONDS));
    JsonNode after = allOutputs(uid, "idle");
    assertEquals(2, after.size());
    assertTrue(processes.get(0).waitFor(30, TimeUnit.SECONDS), "FFmpeg's listener ends with the stream");
    var probe = Ffmpeg.run(Duration.ofSeconds(60), Ffmpeg.ffprobeBinary(), "-v", "error", "-count_frames",
        "-show_entries", "stream=codec_name,nb_read_frames", "-of", "csv=p=0", received.toString());
    assertEquals(0, probe.exitCode(), probe.output());
    assertTrue(probe.output().contains("h264,"), probe.output());
    int frames = Integer.parseInt(probe.output().lines().filter(l -> l.startsWith("h264,")).findFirst().orElseThrow()
        .substring(5).trim());
    assertTrue(frames > 30 * 6, "most of 12 s at 30 fps reached FFmpeg: " + frames);
  }

  @Test
  void srtOutputsReachAnFfmpegListenerAndAnotherNodesSrtIngestEncrypted() throws Exception {
    JsonNode sinkInput = sinkApi.post(sinkApi.inputs(), "{}").result();
    String sinkUid = sinkInput.get("uid").asText();
    Path received = logs.resolve("ffmpeg-srt-sink.ts");
    int listenPort = TestNodes.freeUdpPort();
    String listenerPassphrase = "listener-passphrase-0123";
    Process listener = new ProcessBuilder(Ffmpeg.ffmpegBinary(), "-hide_banner", "-nostdin", "-loglevel", "error",
        "-i", "srt://127.0.0.1:" + listenPort + "?mode=listener&passphrase=" + listenerPassphrase, "-c", "copy", "-f",
        "mpegts", received.toString()).redirectErrorStream(true)
        .redirectOutput(logs.resolve("ffmpeg-srt-sink.log").toFile()).start();
    processes.add(listener);

    String uid = sourceApi.createInput("{}");
    addOutput(uid, "srt://sink.test:" + listenPort + "?passphrase=" + listenerPassphrase + "&pbkeylen=32", "");
    String sinkPassphrase = sinkInput.at("/srt/passphrase").asText();
    addOutput(uid, "srt://sink.test:" + sinkSrt + "?passphrase=" + sinkPassphrase, sinkInput.at("/srt/streamId").asText());
    Process publisher = publish(uid, 12);

    Await.condition("the sink node's input goes live over SRT", LIVE, () -> "connected".equals(status(sinkApi, sinkUid))
        && "srt".equals(sinkApi.get(sinkApi.input(sinkUid)).result().at("/statusHistory/0/protocol").asText()));
    JsonNode outputs = allOutputs(uid, "forwarding");
    for (JsonNode o : outputs) {
      assertFalse(o.get("status").toString().contains(listenerPassphrase), "no passphrase in a status");
      assertFalse(o.get("status").toString().contains(sinkPassphrase), "no passphrase in a status");
    }
    var sinkPlays = new PlaybackClient(sink.httpPort());
    Await.condition("HLS of the SRT-restreamed input on the sink node", LIVE,
        () -> sinkPlays.get("/" + sinkUid + "/manifest/video.m3u8").statusCode() == 200);
    var srtStats = sink.srt().stats(sinkUid).orElseThrow();
    assertEquals(0, srtStats.packetsUndecryptable(), srtStats.summary());

    assertTrue(publisher.waitFor(60, TimeUnit.SECONDS));
    allOutputs(uid, "idle");
    Await.condition("the sink node's publisher left", LIVE, () -> "reconnecting".equals(status(sinkApi, sinkUid)));
    var sinkStats = sink.srt().stats(sinkUid).orElseThrow();
    System.out.println("SRT output to the sink node: " + sinkStats.summary());
    assertEquals(0, sinkStats.tsContinuityErrors(), sinkStats.summary());
    assertTrue(listener.waitFor(30, TimeUnit.SECONDS), "FFmpeg's SRT listener ends with the stream (SHUTDOWN)");
    var probe = Ffmpeg.run(Duration.ofSeconds(60), Ffmpeg.ffprobeBinary(), "-v", "error", "-count_frames",
        "-show_entries", "stream=codec_name,nb_read_frames", "-of", "csv=p=0", received.toString());
    assertEquals(0, probe.exitCode(), probe.output());
    int frames = Integer.parseInt(probe.output().lines().filter(l -> l.startsWith("h264,")).findFirst().orElseThrow()
        .substring(5).trim());
    System.out.println("SRT output to FFmpeg's listener: " + probe.output().replace('\n', ' '));
    assertTrue(frames > 30 * 6, "most of 12 s at 30 fps reached FFmpeg over SRT: " + frames);
    assertTrue(probe.output().contains("aac,"), probe.output());
  }

  @Test
  void aSinkThatHangsUpIsRetriedOnTheBackoffTimeline() throws Exception {
    List<Long> accepts = new CopyOnWriteArrayList<>();
    try (ServerSocket hangUp = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor = new Thread(() -> {
        while (!hangUp.isClosed()) {
          try (Socket s = hangUp.accept()) {
            accepts.add(System.nanoTime());
          } catch (IOException closed) {
            return;
          }
        }
      });
      acceptor.start();
      String uid = sourceApi.createInput("{}");
      addOutput(uid, "rtmp://sink.test:" + hangUp.getLocalPort() + "/live", "some-key");
      publish(uid, 20);

      Await.condition("six attempts", LIVE, () -> accepts.size() >= 6);
      JsonNode status = sourceApi.get(sourceApi.input(uid) + "/outputs").result().get(0).get("status");
      assertTrue(List.of("error", "connecting").contains(status.get("state").asText()), status.toString());
      assertEquals("the destination closed the connection", status.get("lastError").asText());
      assertTrue(status.get("reconnects").asInt() >= 5);
      // Configured 250 ms doubling to 2 s, ±20 %; each gap also holds the connect and the hang-up.
      long[] expected = {250, 500, 1000, 2000, 2000};
      for (int i = 0; i < expected.length; i++) {
        long gapMillis = (accepts.get(i + 1) - accepts.get(i)) / 1_000_000;
        assertTrue(gapMillis >= expected[i] * 0.8 - 5 && gapMillis <= expected[i] * 1.2 + 250,
            "gap " + i + " was " + gapMillis + " ms, expected " + expected[i] + " ms ± 20 %");
      }
    }
  }

  @Test
  void aSinkDownForAWhileComesBackWhileHlsAndTheOtherOutputLoseNothing() throws Exception {
    JsonNode steadyInput = sinkApi.post(sinkApi.inputs(), "{}").result();
    JsonNode flakyInput = sinkApi.post(sinkApi.inputs(), "{}").result();
    try (TcpProxy flaky = new TcpProxy(sinkRtmp)) {
      String uid = sourceApi.createInput("{}");
      JsonNode steady = addOutput(uid, "rtmp://sink.test:" + sinkRtmp + "/live", steadyInput.at("/rtmps/streamKey").asText());
      JsonNode down = addOutput(uid, "rtmp://sink.test:" + flaky.port() + "/live", flakyInput.at("/rtmps/streamKey").asText());
      publish(uid, 30);
      Await.condition("both forwarding", LIVE, () -> state(uid, steady).equals("forwarding") && state(uid, down).equals("forwarding"));

      flaky.down();
      Await.condition("the flaky output in error", LIVE, () -> state(uid, down).equals("error"));
      Await.condition("retried on the backoff while down", LIVE, () -> outputStatus(uid, down).get("reconnects").asInt() >= 4);
      flaky.up();
      Await.condition("forwarding again once the sink is back", LIVE, () -> state(uid, down).equals("forwarding"));

      JsonNode steadyStatus = outputStatus(uid, steady);
      assertEquals("forwarding", steadyStatus.get("state").asText());
      assertEquals(0, steadyStatus.get("reconnects").asInt(), "the other output never noticed");
      assertEquals(0, steadyStatus.get("droppedFrames").asInt());
      var hls = source.hubs().find(uid).orElseThrow().stats().consumers().stream()
          .filter(c -> c.name().equals("hls")).findFirst().orElseThrow();
      assertEquals(0, hls.dropped(), "HLS packaging dropped nothing");
      var player = new PlaybackClient(source.httpPort());
      String master = PlaybackClient.text(player.get("/" + uid + "/manifest/video.m3u8"));
      String media = PlaybackClient.text(player.get("/" + uid + "/manifest/" + master.lines()
          .filter(l -> l.endsWith(".m3u8")).findFirst().orElseThrow()));
      assertFalse(media.contains("#EXT-X-DISCONTINUITY\n"), "one unbroken HLS timeline:\n" + media);
    }
  }

  @Test
  void outputsAddedDisabledAndDeletedWhileLiveTakeEffectWithinTwoSeconds() throws Exception {
    JsonNode sinkInput = sinkApi.post(sinkApi.inputs(), "{}").result();
    String sinkUid = sinkInput.get("uid").asText();
    String uid = sourceApi.createInput("{}");
    publish(uid, 25);
    Await.condition("the source goes live", LIVE, () -> "connected".equals(status(sourceApi, uid)));

    JsonNode output = addOutput(uid, "rtmp://sink.test:" + sinkRtmp + "/live", sinkInput.at("/rtmps/streamKey").asText());
    Await.condition("added while live: the sink goes live", Duration.ofSeconds(5),
        () -> "connected".equals(status(sinkApi, sinkUid)));

    sourceApi.put(sourceApi.input(uid) + "/outputs/" + output.get("uid").asText(), "{\"enabled\":false}");
    Await.condition("disabled: the sink's publisher leaves", Duration.ofSeconds(3),
        () -> "reconnecting".equals(status(sinkApi, sinkUid)));

    sourceApi.put(sourceApi.input(uid) + "/outputs/" + output.get("uid").asText(), "{\"enabled\":true}");
    Await.condition("enabled again: the sink is back", Duration.ofSeconds(5),
        () -> "reconnected".equals(status(sinkApi, sinkUid)));

    sourceApi.delete(sourceApi.input(uid) + "/outputs/" + output.get("uid").asText());
    Await.condition("deleted: the sink's publisher leaves", Duration.ofSeconds(3),
        () -> "reconnecting".equals(status(sinkApi, sinkUid)));
  }

  /** The input's two outputs, once both are in {@code state}. */
  private static JsonNode allOutputs(String uid, String state) throws InterruptedException {
    return Await.value("both outputs " + state, LIVE, () -> {
      JsonNode list = sourceApi.get(sourceApi.input(uid) + "/outputs").result();
      boolean all = list.size() == 2;
      for (JsonNode o : list) all &= state.equals(o.at("/status/state").asText());
      return all ? Optional.of(list) : Optional.empty();
    });
  }

  private JsonNode addOutput(String uid, String url, String key) {
    var reply = sourceApi.post(sourceApi.input(uid) + "/outputs",
        "{\"url\":\"" + url + "\",\"streamKey\":\"" + key + "\",\"enabled\":true}");
    assertEquals(200, reply.status(), reply.raw().body());
    return reply.result();
  }

  private Process publish(String uid, int seconds) throws IOException {
    String key = sourceApi.get(sourceApi.input(uid)).result().at("/rtmps/streamKey").asText();
    Process p = Ffmpeg.publish("rtmp://127.0.0.1:" + sourceRtmp + "/live/" + key, seconds,
        logs.resolve(uid + ".log"), true, true, 2);
    processes.add(p);
    return p;
  }

  private static JsonNode outputStatus(String uid, JsonNode output) {
    for (JsonNode o : sourceApi.get(sourceApi.input(uid) + "/outputs").result()) {
      if (o.get("uid").asText().equals(output.get("uid").asText())) return o.get("status");
    }
    throw new AssertionError("output " + output.get("uid") + " is gone");
  }

  private static String state(String uid, JsonNode output) {
    return outputStatus(uid, output).get("state").asText();
  }

  private static String status(ApiClient api, String uid) {
    JsonNode s = api.get(api.input(uid)).result().get("status");
    return s == null || s.isNull() ? null : s.asText();
  }
}
