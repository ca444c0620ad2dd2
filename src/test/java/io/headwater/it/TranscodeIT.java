package io.headwater.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.headwater.HeadwaterNode;
import io.headwater.media.hls.codec.MasterPlaylist;
import io.headwater.media.hls.codec.MediaPlaylist;
import io.headwater.media.hls.codec.PlaylistParser;
import io.headwater.media.mp4.codec.FragmentReader;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The transcoded ladder end to end: FFmpeg publishes 720p and 1080p over RTMP, the node lists every rung below
 * the source in the master playlist, ffprobe decodes each rendition and agrees with the master's RESOLUTION,
 * CODECS and FRAME-RATE, and segments (and LL-HLS parts) of the same number cover the same time in every
 * rendition, by EXTINF and by the tfdt of each segment. A source the transcoder cannot decode plays untranscoded,
 * and its input's status history says why. The node's ladder runs x264's ultrafast preset to keep CI light.
 */
class TranscodeIT {
  private static final Duration LIVE = Duration.ofSeconds(40);
  private static HeadwaterNode node;
  private static ApiClient api;
  private static PlaybackClient player;
  private static int rtmpPort;
  private static Path logs;
  private final List<Process> publishers = new ArrayList<>();

  @BeforeAll
  static void startNode() throws Exception {
    TestNodes.Started started = TestNodes.startWithApi("transcode", settings -> {
      settings.put("headwater.transcode.preset", "ultrafast");
    });
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
  void a720pLowLatencySourceGetsAlignedRungsWithAlignedPartsThatFfprobeDecodes() throws Exception {
    Live live = startLive("{\"preferLowLatency\":true}", 20, "1280x720", "libx264", "veryfast");
    MasterPlaylist master = awaitMaster(live, 3);
    assertEquals(List.of("src", "480p", "360p"), names(master));
    assertEquals(List.of("1280x720", "854x480", "640x360"), resolutions(master));
    assertMasterIsWhatFfprobeSees(live, master);
    assertAligned(live, master, true);
  }

  @Test
  void a1080pSourceGetsTheWholeDefaultLadder() throws Exception {
    Live live = startLive("{}", 14, "1920x1080", "libx264", "ultrafast");
    MasterPlaylist master = awaitMaster(live, 4);
    assertEquals(List.of("src", "720p", "480p", "360p"), names(master));
    assertEquals(List.of("1920x1080", "1280x720", "854x480", "640x360"), resolutions(master));
    assertMasterIsWhatFfprobeSees(live, master);
    assertAligned(live, master, false);
  }

  @Test
  void aSourceTheTranscoderCannotDecodePlaysUntranscodedAndItsInputSaysWhy() throws Exception {
    Live live = startLive("{}", 12, "854x480", "libsvtav1", "12");
    String reason = Await.value("the failure in the status history", LIVE, () -> history(live.uid).stream()
        .filter(r -> r.startsWith("transcoding stopped: ")).findFirst());
    assertEquals("transcoding stopped: AV1 sources are not transcoded; the source rendition plays on without the ladder",
        reason);
    assertEquals("connected", api.get(api.input(live.uid)).result().get("status").asText(), "the publish goes on");

    MasterPlaylist master = awaitMaster(live, 1);
    assertEquals(List.of("src"), names(master));
    assertTrue(master.variants().get(0).codecs().startsWith("av01."), master.variants().get(0).codecs());
    var probe = Ffmpeg.run(Duration.ofSeconds(60), Ffmpeg.ffprobeBinary(), "-v", "error", "-show_entries",
        "stream=codec_name,width,height", "-of", "csv=p=0", player.url(live.masterPath));
    assertEquals(0, probe.exitCode(), probe.output());
    assertTrue(probe.output().contains("av1,854,480"), probe.output());
  }

  // ---- helpers

  private record Live(String uid, Process publisher, String masterPath, String manifestDir) {}

  private Live startLive(String body, int seconds, String size, String encoder, String preset) throws Exception {
    var input = api.post(api.inputs(), body).result();
    String uid = input.get("uid").asText();
    String key = input.at("/rtmps/streamKey").asText();
    Process publisher = Ffmpeg.publish("rtmp://127.0.0.1:" + rtmpPort + "/live/" + key, seconds,
        logs.resolve(uid + ".log"), true, true, 2, size, encoder, preset);
    publishers.add(publisher);
    return new Live(uid, publisher, "/" + uid + "/manifest/video.m3u8", "/" + uid + "/manifest/");
  }

  /** The master playlist once it lists {@code variants} renditions. */
  private MasterPlaylist awaitMaster(Live live, int variants) throws InterruptedException {
    return Await.value(variants + " renditions in the master", LIVE, () -> {
      HttpResponse<byte[]> r = player.get(live.masterPath);
      if (r.statusCode() != 200) return Optional.empty();
      MasterPlaylist m = parseMaster(PlaybackClient.text(r));
      return m.variants().size() >= variants ? Optional.of(m) : Optional.empty();
    });
  }

  private static List<String> names(MasterPlaylist master) {
    return master.variants().stream().map(v -> v.uri().substring(v.uri().indexOf('/') + 1, v.uri().indexOf(".m3u8")))
        .toList();
  }

  private static List<String> resolutions(MasterPlaylist master) {
    return master.variants().stream().map(v -> v.resolution().toString()).toList();
  }

  /** ffprobe decodes every rendition's media playlist and reports the size, codec profile and level the master says. */
  private void assertMasterIsWhatFfprobeSees(Live live, MasterPlaylist master) throws Exception {
    for (MasterPlaylist.Variant v : master.variants()) {
      var probe = Ffmpeg.run(Duration.ofSeconds(60), Ffmpeg.ffprobeBinary(), "-v", "error", "-show_entries",
          "stream=codec_name,profile,level,width,height,avg_frame_rate", "-of", "compact=p=0",
          player.url(live.manifestDir + v.uri()));
      assertEquals(0, probe.exitCode(), v.uri() + ": " + probe.output());
      Map<String, String> video = fields(probe.output(), "h264", v.uri());
      assertEquals("LC", fields(probe.output(), "aac", v.uri()).get("profile"), v.uri());
      assertEquals(v.resolution().toString(), video.get("width") + "x" + video.get("height"), v.uri());
      String avc = v.codecs().split(",")[0];
      assertEquals(String.format("%02x", Integer.parseInt(video.get("level"))), avc.substring(9, 11), v.uri() + ": " + video);
      assertEquals(profileIdc(video.get("profile")), avc.substring(5, 7), v.uri() + ": " + video);
      assertEquals("mp4a.40.2", v.codecs().split(",")[1]);
      String[] rate = video.get("avg_frame_rate").split("/");
      assertEquals(Double.parseDouble(rate[0]) / Double.parseDouble(rate[1]), v.frameRate(), 0.5, v.uri());
      assertTrue(v.bandwidth() > 0, v.uri());
    }
  }

  /** The fields ffprobe's compact output gives the stream of {@code codec}. */
  private static Map<String, String> fields(String output, String codec, String what) {
    String line = output.lines().filter(l -> l.startsWith("codec_name=" + codec + "|")).findFirst()
        .orElseThrow(() -> new AssertionError(what + ": no " + codec + " stream: " + output));
    Map<String, String> fields = new HashMap<>();
    for (String field : line.split("\\|")) fields.put(field.substring(0, field.indexOf('=')), field.substring(field.indexOf('=') + 1));
    return fields;
  }

  private static String profileIdc(String ffprobeProfile) {
    return switch (ffprobeProfile) {
      case "Baseline", "Constrained Baseline" -> "42";
      case "Main" -> "4d";
      case "High" -> "64";
      default -> throw new AssertionError("profile " + ffprobeProfile);
    };
  }

  /**
   * Every segment number listed by all renditions has the same EXTINF and the same tfdt everywhere, and with
   * LL-HLS the same part durations; at least three such segments.
   */
  private void assertAligned(Live live, MasterPlaylist master, boolean parts) throws Exception {
    Map<String, MediaPlaylist> playlists = Await.value("three common segments", LIVE, () -> {
      Map<String, MediaPlaylist> all = new HashMap<>();
      for (MasterPlaylist.Variant v : master.variants()) all.put(v.uri(), parseMedia(player.get(live.manifestDir + v.uri())));
      return common(all.values()).size() >= 3 ? Optional.of(all) : Optional.empty();
    });
    List<Long> numbers = common(playlists.values());
    int partsCompared = 0;
    for (long msn : numbers) {
      Double extinf = null;
      Long tfdt = null;
      List<Double> partDurations = null;
      for (var e : playlists.entrySet()) {
        MediaPlaylist p = e.getValue();
        MediaPlaylist.Segment s = p.segments().get((int) (msn - p.mediaSequence()));
        String dir = live.manifestDir + e.getKey().substring(0, e.getKey().indexOf('/') + 1);
        long decodeTime = FragmentReader.read(player.get(dir + s.uri()).body()).get(0).tracks().get(0).baseDecodeTime();
        if (extinf == null) {
          extinf = s.duration();
          tfdt = decodeTime;
        }
        assertEquals(extinf, s.duration(), 0.0005, "EXTINF of segment " + msn + " in " + e.getKey());
        assertEquals(tfdt, decodeTime, "tfdt of segment " + msn + " in " + e.getKey());
        if (parts && !s.parts().isEmpty()) {
          List<Double> durations = s.parts().stream().map(MediaPlaylist.Part::duration).toList();
          if (partDurations == null) partDurations = durations;
          assertEquals(partDurations, durations, "parts of segment " + msn + " in " + e.getKey());
          partsCompared++;
        }
      }
    }
    if (parts) {
      assertTrue(partsCompared >= playlists.size(), "parts of at least one segment in every rendition: " + partsCompared);
      for (MediaPlaylist p : playlists.values()) {
        assertEquals(playlists.size() - 1, p.renditionReports().size(), "a report of every other rendition");
      }
    }
  }

  /** Segment numbers every playlist lists. */
  private static List<Long> common(Iterable<MediaPlaylist> playlists) {
    long first = Long.MIN_VALUE;
    long last = Long.MAX_VALUE;
    for (MediaPlaylist p : playlists) {
      first = Math.max(first, p.mediaSequence());
      last = Math.min(last, p.mediaSequence() + p.segments().size() - 1);
    }
    List<Long> numbers = new ArrayList<>();
    for (long n = first; n <= last; n++) numbers.add(n);
    return numbers;
  }

  private List<String> history(String uid) {
    return StreamSupport.stream(api.get(api.input(uid)).result().get("statusHistory").spliterator(), false)
        .map(e -> e.get("reason").asText()).toList();
  }

  private static MasterPlaylist parseMaster(String text) {
    try {
      return new PlaylistParser().parseMaster(text);
    } catch (Exception e) {
      throw new AssertionError(text, e);
    }
  }

  private static MediaPlaylist parseMedia(HttpResponse<byte[]> r) {
    try {
      return new PlaylistParser().parseMedia(r.body());
    } catch (Exception e) {
      throw new AssertionError(PlaybackClient.text(r), e);
    }
  }
}
