package io.headwater.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.headwater.HeadwaterNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cloudflare's rtmpsPlayback: FFmpeg plays the live stream with the playback key over RTMP and RTMPS and
 * decodes it; ingest and playback keys do not cross; rotate_keys cuts a viewer off; viewers count in /views.
 */
class RtmpPlaybackIT {
  private static final Duration LIVE = Duration.ofSeconds(30);
  private static HeadwaterNode node;
  private static ApiClient api;
  private static int rtmpPort;
  private static int rtmpsPort;
  private static Path logs;
  private final List<Process> processes = new ArrayList<>();

  @BeforeAll
  static void startNode() throws Exception {
    TestNodes.Started started = TestNodes.startWithApi("play", settings -> {});
    node = started.node();
    api = started.api();
    logs = started.logs();
    rtmpPort = started.rtmpPort();
    rtmpsPort = started.rtmpsPort();
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

  @Test
  void ffmpegPlaysTheLiveStreamWithThePlaybackKeyOverRtmpAndRtmps() throws Exception {
    JsonNode input = liveInput(20);
    String playbackKey = input.at("/rtmpsPlayback/streamKey").asText();
    for (String url : List.of("rtmp://127.0.0.1:" + rtmpPort + "/live/" + playbackKey,
        "rtmps://127.0.0.1:" + rtmpsPort + "/live/" + playbackKey)) {
      List<String> command = new ArrayList<>(List.of(Ffmpeg.ffmpegBinary(), "-v", "error"));
      if (url.startsWith("rtmps")) command.addAll(List.of("-tls_verify", "0"));
      command.addAll(List.of("-i", url, "-t", "3", "-f", "framemd5", "-"));
      var played = Ffmpeg.run(Duration.ofSeconds(60), command.toArray(String[]::new));
      assertEquals(0, played.exitCode(), url.replace(playbackKey, "<key>") + ": " + played.output());
      long video = played.output().lines().filter(l -> l.startsWith("0,")).count();
      assertTrue(video >= 60, "about 3 s at 30 fps decoded over " + url.substring(0, 5) + ": " + video);
    }
  }

  @Test
  void keysDoNotCrossAndRotationCutsAViewerOff() throws Exception {
    JsonNode input = liveInput(30);
    String uid = input.get("uid").asText();
    String ingestKey = input.at("/rtmps/streamKey").asText();
    var refused = Ffmpeg.run(Duration.ofSeconds(30), Ffmpeg.ffmpegBinary(), "-v", "error", "-i",
        "rtmp://127.0.0.1:" + rtmpPort + "/live/" + ingestKey, "-t", "1", "-f", "null", "-");
    assertFalse(refused.exitCode() == 0, "an ingest key does not play");

    String playbackKey = input.at("/rtmpsPlayback/streamKey").asText();
    Process viewer = new ProcessBuilder(Ffmpeg.ffmpegBinary(), "-v", "error", "-i",
        "rtmp://127.0.0.1:" + rtmpPort + "/live/" + playbackKey, "-f", "null", "-")
        .redirectErrorStream(true).redirectOutput(logs.resolve(uid + "-viewer.log").toFile()).start();
    processes.add(viewer);
    Await.condition("the viewer counts in /views", LIVE, () -> PlaybackClient.text(
        new PlaybackClient(node.httpPort()).get("/" + uid + "/views")).equals("{\"liveViewers\":1}"));

    api.post(api.input(uid) + "/rotate_keys", null);
    assertTrue(viewer.waitFor(15, TimeUnit.SECONDS), "rotate_keys ends the viewer's stream");
  }
}
