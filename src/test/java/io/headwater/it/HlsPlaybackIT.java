package io.headwater.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.headwater.HeadwaterNode;
import io.headwater.media.hls.codec.MasterPlaylist;
import io.headwater.media.hls.codec.MediaPlaylist;
import io.headwater.media.hls.codec.PlaylistChecker;
import io.headwater.media.hls.codec.PlaylistParser;
import io.headwater.media.mp4.codec.FragmentReader;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * FFmpeg publishes over RTMP; players fetch live HLS from the node's HTTP port: ffprobe and FFmpeg (JavaCV's
 * binaries) decode it, and the playlist checker validates every reload a player would see. Covers 204/404,
 * reconnects inside and past the window, audio-only, LL-HLS blocking reload, CORS, lifecycle and views.
 */
class HlsPlaybackIT {
  private static final Duration LIVE = Duration.ofSeconds(30);
  private static HeadwaterNode node;
  private static ApiClient api;
  private static PlaybackClient player;
  private static int rtmpPort;
  private static Path logs;
  private final List<Process> publishers = new ArrayList<>();

  @BeforeAll
  static void startNode() throws Exception {
    TestNodes.Started started = TestNodes.startWithApi("hls", settings -> {});
    node = started.node();
    api = started.api();
    logs = started.logs();
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
  void ffprobeDecodesTheLiveStreamThroughTheMasterPlaylist() throws Exception {
    Live live = startLive("{}", 25, true, true);

    MasterPlaylist master = new PlaylistParser().parseMaster(live.masterText);
    assertEquals(1, master.variants().size());
    MasterPlaylist.Variant source = master.variants().get(0);
    assertTrue(source.codecs().startsWith("avc1.") && source.codecs().contains(",mp4a.40.2"), source.codecs());
    assertEquals("640x360", source.resolution().toString());
    assertEquals(30.0, source.frameRate(), 0.5);
    assertTrue(source.bandwidth() > 300_000 && source.bandwidth() < 5_000_000, "BANDWIDTH " + source.bandwidth());

    var probe = Ffmpeg.run(Duration.ofSeconds(60), Ffmpeg.ffprobeBinary(), "-v", "error",
        "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", player.url(live.masterPath));
    assertEquals(0, probe.exitCode(), probe.output());
    assertTrue(probe.output().contains("h264,640,360"), probe.output());
    assertTrue(probe.output().contains("aac"), probe.output());

    var decode = Ffmpeg.run(Duration.ofSeconds(60), Ffmpeg.ffmpegBinary(), "-v", "error", "-i",
        player.url(live.masterPath), "-t", "4", "-f", "null", "-");
    assertEquals(0, decode.exitCode(), decode.output());
    assertEquals("", decode.output().strip(), "FFmpeg decodes 4 s of the live stream without an error");
  }

  @Test
  void everyReloadAPlayerSeesFollowsTheRules() throws Exception {
    Live live = startLive("{}", 20, true, true);
    PlaylistChecker checker = new PlaylistChecker(PlaylistChecker.Options.DEFAULT.withKeyframes(
        uri -> startsWithKeyframe(live.mediaDir + uri)));
    long lastSequence = -1;
    int reloads = 0;
    long deadline = System.nanoTime() + Duration.ofSeconds(9).toNanos();
    while (System.nanoTime() < deadline) {
      MediaPlaylist p = reload(live, lastSequence + 1, null);
      assertEquals(List.of(), checker.accept(p), "reload " + reloads);
      assertEquals(2, p.targetDuration());
      assertTrue(p.segments().stream().allMatch(s -> s.programDateTime() != null), "PDT on every segment");
      lastSequence = p.mediaSequence() + p.segments().size() - 1;
      reloads++;
    }
    assertTrue(reloads >= 3, "blocking reloads followed the live edge: " + reloads);
  }

  @Test
  void anInputThatIsNotLiveAnswers204AndAnUnknownOne404() {
    String uid = api.createInput("{}");
    assertEquals(204, player.get("/" + uid + "/manifest/video.m3u8").statusCode());
    assertEquals("{\"isInput\":true,\"videoUID\":null,\"live\":false}", PlaybackClient.text(player.get("/" + uid + "/lifecycle")));
    assertEquals(404, player.get("/" + "0".repeat(32) + "/manifest/video.m3u8").statusCode());
    assertEquals(404, player.get("/" + "0".repeat(32) + "/lifecycle").statusCode());
    assertEquals(404, player.get("/NOT-AN-ID/manifest/video.m3u8").statusCode());
    assertEquals(404, player.get("/" + uid + "/manifest/" + "1".repeat(32) + "/src.m3u8").statusCode());
    assertEquals(404, player.get("/" + uid + "/manifest/../../etc/passwd").statusCode());
  }

  @Test
  void aReconnectWithinTheWindowContinuesTheTimelineWithADiscontinuity() throws Exception {
    Live live = startLive("{\"recording\":{\"timeoutSeconds\":30}}", 7, true, true);
    MediaPlaylist before = reload(live, null, null);
    assertTrue(live.publisher.waitFor(30, TimeUnit.SECONDS));
    Await.condition("status reconnecting", LIVE, () -> "reconnecting".equals(status(live.uid)));
    assertEquals(200, player.get(live.mediaPath).statusCode(), "the playlist stays while reconnecting");

    publishers.add(Ffmpeg.publish(rtmp(live.key), 10, logs.resolve(live.uid + "-2.log"), true, true, 2));
    Await.condition("status reconnected", LIVE, () -> "reconnected".equals(status(live.uid)));
    MediaPlaylist joined = Await.value("a discontinuity listed", LIVE, () -> {
      MediaPlaylist p = parse(player.get(live.mediaPath));
      return p.segments().stream().anyMatch(MediaPlaylist.Segment::discontinuity) ? Optional.of(p) : Optional.empty();
    });
    assertTrue(joined.mediaSequence() + joined.segments().size() > before.mediaSequence() + before.segments().size());
    assertTrue(PlaybackClient.text(player.get("/" + live.uid + "/manifest/video.m3u8")).contains(live.videoUid),
        "the same broadcast (video uid) continues");
    assertTrue(PlaybackClient.text(player.get("/" + live.uid + "/lifecycle")).contains("\"live\":true"));
  }

  @Test
  void pastTheWindowThePlaylistEndsAndTheNextPublishIsANewBroadcast() throws Exception {
    Live live = startLive("{\"recording\":{\"timeoutSeconds\":1}}", 6, true, true);
    assertTrue(live.publisher.waitFor(30, TimeUnit.SECONDS));
    MediaPlaylist ended = Await.value("EXT-X-ENDLIST", LIVE, () -> Optional.of(parse(player.get(live.mediaPath)))
        .filter(MediaPlaylist::endList));
    assertTrue(ended.segments().size() >= 2);
    Await.condition("status client_disconnect", LIVE, () -> "client_disconnect".equals(status(live.uid)));
    assertEquals(204, player.get(live.masterPath).statusCode());
    assertTrue(PlaybackClient.text(player.get("/" + live.uid + "/lifecycle")).contains("\"live\":false"));

    publishers.add(Ffmpeg.publish(rtmp(live.key), 10, logs.resolve(live.uid + "-2.log"), true, true, 2));
    String master = Await.value("a new master", LIVE, () -> {
      var r = player.get(live.masterPath);
      return r.statusCode() == 200 ? Optional.of(PlaybackClient.text(r)) : Optional.empty();
    });
    assertFalse(master.contains(live.videoUid), "a new broadcast gets a new video uid");
  }

  @Test
  void anAudioOnlyInputPlays() throws Exception {
    Live live = startLive("{}", 15, false, true);
    MasterPlaylist.Variant v = new PlaylistParser().parseMaster(live.masterText).variants().get(0);
    assertEquals("mp4a.40.2", v.codecs());
    assertEquals(null, v.resolution());
    var probe = Ffmpeg.run(Duration.ofSeconds(60), Ffmpeg.ffprobeBinary(), "-v", "error",
        "-show_entries", "stream=codec_name,sample_rate", "-of", "csv=p=0", player.url(live.masterPath));
    assertEquals(0, probe.exitCode(), probe.output());
    assertEquals(List.of("aac,48000"), probe.output().lines().filter(l -> !l.isBlank()).distinct().toList());
  }

  @Test
  void lowLatencyBlockingReloadAnswersAsSoonAsThePartExists() throws Exception {
    Live live = startLive("{\"preferLowLatency\":true}", 20, true, true);
    MediaPlaylist p = reload(live, null, null);
    assertEquals(0.5, p.partTarget());
    assertTrue(p.serverControl().canBlockReload());
    assertTrue(p.preloadHint() != null);
    long msn = p.mediaSequence() + p.segments().size();
    int part = p.next() == null ? 0 : p.next().parts().size();
    for (int i = 0; i < 4; i++) {
      long started = System.nanoTime();
      MediaPlaylist next = reload(live, msn, part);
      long waitedMillis = (System.nanoTime() - started) / 1_000_000;
      assertTrue(waitedMillis < 1_500, "a part of 0.5 s arrived after " + waitedMillis + " ms");
      String awaited = "/p" + msn + "." + part + ".m4s";
      boolean listed = next.allParts().stream().anyMatch(x -> x.uri().endsWith(awaited))
          || next.mediaSequence() + next.segments().size() > msn + 1;
      assertTrue(listed, "the awaited part " + msn + "." + part + " is in the answer");
      msn = next.mediaSequence() + next.segments().size();
      part = next.next() == null ? 0 : next.next().parts().size();
    }
    HttpResponse<byte[]> hinted = player.get(live.mediaDir + p.preloadHint().uri());
    assertEquals(200, hinted.statusCode(), "a hinted part is served once it exists");
  }

  @Test
  void corsFollowsAllowedOrigins() throws Exception {
    Live live = startLive("{\"recording\":{\"allowedOrigins\":[\"*.example.com\"]}}", 12, true, false);
    assertFalse(live.masterText.contains("mp4a"), "a video-only input lists no audio codec: " + live.masterText);
    var allowed = player.get(live.masterPath, "Origin", "https://player.example.com");
    assertEquals(200, allowed.statusCode());
    assertEquals("https://player.example.com", allowed.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
    assertTrue(allowed.headers().allValues("Vary").contains("Origin"));
    assertEquals(403, player.get(live.masterPath, "Origin", "https://evil.test").statusCode());
    assertEquals(403, player.get(live.masterPath, "Origin", "https://example.com").statusCode());
    var preflight = player.send("OPTIONS", live.mediaPath, "Origin", "https://a.example.com",
        "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "range");
    assertEquals(204, preflight.statusCode());
    assertTrue(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("GET"));
    assertEquals("range", preflight.headers().firstValue("Access-Control-Allow-Headers").orElse(null));
    assertEquals(200, player.get(live.masterPath).statusCode(), "no Origin: not a CORS request");
    assertTrue(player.get(live.mediaPath).headers().firstValue("Cache-Control").orElse("").contains("max-age=1"));
  }

  @Test
  void viewsCountDistinctRecentPlayersUnlessHidden() throws Exception {
    Live live = startLive("{}", 12, true, true);
    player.get(live.mediaPath, "User-Agent", "player-a");
    player.get(live.mediaPath, "User-Agent", "player-b");
    player.get(live.mediaPath, "User-Agent", "player-b");
    String views = PlaybackClient.text(player.get("/" + live.uid + "/views"));
    assertTrue(views.matches("\\{\"liveViewers\":[2-9]\\}"), views);

    api.put(api.input(live.uid), "{\"recording\":{\"hideLiveViewerCount\":true}}");
    // Playback reads an input's settings at most once a second.
    Await.condition("the count hidden", Duration.ofSeconds(5),
        () -> PlaybackClient.text(player.get("/" + live.uid + "/views")).equals("{}"));
  }

  // ---- helpers

  private record Live(String uid, String key, Process publisher, String masterPath, String masterText,
      String videoUid, String mediaPath, String mediaDir) {}

  /** Creates an input, starts FFmpeg publishing to it and waits for its master playlist. */
  private Live startLive(String body, int seconds, boolean video, boolean audio) throws Exception {
    var input = api.post(api.inputs(), body).result();
    String uid = input.get("uid").asText();
    String key = input.at("/rtmps/streamKey").asText();
    Process publisher = Ffmpeg.publish(rtmp(key), seconds, logs.resolve(uid + ".log"), video, audio, 2);
    publishers.add(publisher);
    String masterPath = "/" + uid + "/manifest/video.m3u8";
    String master = Await.value("the master playlist", LIVE, () -> {
      HttpResponse<byte[]> r = player.get(masterPath);
      return r.statusCode() == 200 ? Optional.of(PlaybackClient.text(r)) : Optional.empty();
    });
    assertEquals("application/vnd.apple.mpegurl", player.get(masterPath).headers().firstValue("Content-Type").orElse(""));
    String variant = new PlaylistParser().parseMaster(master).variants().get(0).uri();
    String mediaPath = "/" + uid + "/manifest/" + variant;
    String videoUid = variant.substring(0, variant.indexOf('/'));
    return new Live(uid, key, publisher, masterPath, master, videoUid, mediaPath, "/" + uid + "/manifest/" + videoUid + "/");
  }

  private String rtmp(String key) {
    return "rtmp://127.0.0.1:" + rtmpPort + "/live/" + key;
  }

  private MediaPlaylist reload(Live live, Long msn, Integer part) {
    String query = msn == null ? "" : "?_HLS_msn=" + msn + (part == null ? "" : "&_HLS_part=" + part);
    HttpResponse<byte[]> r = player.get(live.mediaPath + query);
    assertEquals(200, r.statusCode(), PlaybackClient.text(r));
    return parse(r);
  }

  private static MediaPlaylist parse(HttpResponse<byte[]> r) {
    try {
      return new PlaylistParser().parseMedia(r.body());
    } catch (Exception e) {
      throw new AssertionError(PlaybackClient.text(r), e);
    }
  }

  private boolean startsWithKeyframe(String path) {
    HttpResponse<byte[]> r = player.get(path);
    assertEquals(200, r.statusCode(), path);
    assertEquals("public, max-age=31536000, immutable", r.headers().firstValue("Cache-Control").orElse(""));
    try {
      return FragmentReader.read(r.body()).get(0).tracks().get(0).samples().get(0).sync();
    } catch (Exception e) {
      throw new AssertionError(path, e);
    }
  }

  private String status(String uid) {
    var s = api.get(api.input(uid)).result().get("status");
    return s == null || s.isNull() ? null : s.asText();
  }
}
