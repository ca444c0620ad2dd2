package io.headwater.media.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.headwater.it.Await;
import io.headwater.media.MediaItem;
import io.headwater.media.hls.Broadcast;
import io.headwater.media.hls.HlsSettings;
import io.headwater.media.hls.HlsStreams;
import io.headwater.media.hls.codec.MasterPlaylist;
import io.headwater.media.hls.codec.MediaPlaylist;
import io.headwater.media.hls.codec.PlaylistParser;
import io.headwater.media.hub.StreamHub;
import io.headwater.media.hub.StreamHubs;
import io.headwater.media.hub.StreamProfile;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The ladder inside the stream graph, as a node runs it: a hub, HLS packaging the source and every rung, the
 * transcoder on its dispatcher. Rungs are listed in the master with their size and codecs, their segments
 * cover the source's time ranges, and a transcoder that cannot keep up drops (and reports) without costing the
 * source rendition a frame or the rungs their alignment.
 */
@ExtendWith(LogCapturingExtension.class)
class FfmpegLadderTest {
  private static final ActorTestKit actors = ActorTestKit.create();
  private static final String INPUT = "0123456789abcdef0123456789abcdef";
  private static final HlsSettings HLS = new HlsSettings(Duration.ofSeconds(2), 6, Duration.ofMillis(500),
      Duration.ofSeconds(30), Duration.ofSeconds(6), 64L << 20, 1L << 30, Duration.ofSeconds(15));
  private final List<String> reports = new CopyOnWriteArrayList<>();

  @AfterAll
  static void stop() {
    actors.shutdownTestKit();
  }

  @Test
  void everyRungIsListedAndCutWhereTheSourceIs() throws Exception {
    Broadcast b = publish(settings("ultrafast", Duration.ofSeconds(60)), SourceStreams.h264(640, 360, 9, 30));

    MasterPlaylist master = new PlaylistParser().parseMaster(b.masterPlaylist().orElseThrow());
    assertEquals(List.of("src", "240p", "180p"), master.variants().stream()
        .map(v -> v.uri().substring(v.uri().indexOf('/') + 1, v.uri().indexOf(".m3u8"))).toList());
    assertEquals(List.of("640x360", "426x240", "320x180"),
        master.variants().stream().map(v -> v.resolution().toString()).toList());
    for (MasterPlaylist.Variant v : master.variants()) {
      assertTrue(v.codecs().matches("avc1\\.[0-9a-f]{6},mp4a\\.40\\.2"), v.codecs());
      assertEquals(30.0, v.frameRate(), 0.5);
    }
    assertTrue(master.variants().get(2).bandwidth() < master.variants().get(1).bandwidth(), "180p is lighter than 240p");
    assertAligned(b);
    assertEquals(List.of(), reports);
  }

  @Test
  void aTranscoderBehindRealTimeDropsAndReportsWhileTheSourceLosesNothingAndSegmentsStayAligned() throws Exception {
    // Nine seconds handed over at once to x264's slowest preset, half a second of lag allowed: it cannot keep up.
    Broadcast b = publish(settings("veryslow", Duration.ofMillis(500)), SourceStreams.h264(640, 360, 9, 30));

    assertTrue(reports.stream().anyMatch(r -> r.startsWith("transcoding fell behind real time: ")), reports.toString());
    MediaPlaylist src = media(b, "src");
    assertEquals(9.0, src.segments().stream().mapToDouble(MediaPlaylist.Segment::duration).sum(), 0.05,
        "the source rendition has every second");
    assertAligned(b);
  }

  /** Publishes {@code source} into a hub with the ladder attached; returns the broadcast once every rendition ended. */
  private Broadcast publish(TranscodeSettings settings, List<MediaItem> source) throws InterruptedException {
    FfmpegLadder ladder = new FfmpegLadder(actors.system(), settings,
        (input, publish, reason) -> reports.add(input + "/" + publish + ": " + reason));
    HlsStreams hls = new HlsStreams(actors.system(), HLS, Clock.systemUTC(), ladder);
    StreamHubs hubs = new StreamHubs(2000, 3000, 64L << 20);
    hubs.addListener(hls);
    StreamHub hub = hubs.open(INPUT, new StreamProfile("publish-1", false, Duration.ofSeconds(60), false));
    // As with a live encoder, whose first GOP is still on its way when the consumers attach.
    Await.condition("HLS and the transcoder attached", Duration.ofSeconds(10), () -> hub.stats().consumers().size() == 2);
    source.forEach(hub::publish);
    hubs.close(hub, null);
    Broadcast b = hls.find(INPUT).orElseThrow();
    Await.condition("every rendition ended", Duration.ofSeconds(60), () -> b.state() != Broadcast.State.LIVE);
    reports.replaceAll(r -> r.substring(r.indexOf(": ") + 2));
    return b;
  }

  private static TranscodeSettings settings(String preset, Duration maxLag) {
    return new TranscodeSettings(true, preset, TranscoderTest.SETTINGS.ladder(), maxLag, 0,
        "headwater.transcode.dispatcher");
  }

  /** Same media sequence numbers, same segment durations: the same time ranges in every rendition. */
  private static void assertAligned(Broadcast b) throws Exception {
    MediaPlaylist src = media(b, "src");
    assertTrue(src.segments().size() >= 4, "segments: " + src.segments().size());
    for (String rung : List.of("240p", "180p")) {
      MediaPlaylist p = media(b, rung);
      assertEquals(src.mediaSequence(), p.mediaSequence(), rung);
      assertEquals(src.segments().stream().map(MediaPlaylist.Segment::duration).toList(),
          p.segments().stream().map(MediaPlaylist.Segment::duration).toList(), rung);
    }
  }

  private static MediaPlaylist media(Broadcast b, String rendition) throws Exception {
    Optional<String> text = b.rendition(rendition).flatMap(w -> w.playlist());
    return new PlaylistParser().parseMedia(text.orElseThrow(() -> new AssertionError("no " + rendition + " playlist")));
  }
}
