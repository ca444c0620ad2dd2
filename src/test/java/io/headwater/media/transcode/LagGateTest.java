package io.headwater.media.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.headwater.media.Codec;
import io.headwater.media.CodecConfig;
import io.headwater.media.MediaFrame;
import io.headwater.media.MediaItem;
import io.headwater.media.MediaKind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.testkit.TestPublisher;
import org.apache.pekko.stream.testkit.TestSubscriber;
import org.apache.pekko.stream.testkit.javadsl.TestSink;
import org.apache.pekko.stream.testkit.javadsl.TestSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The lag gate with a transcoder that takes nothing for a while: within the lag nothing is lost; beyond it,
 * video goes to the next keyframe within the lag, each dropped keyframe handed on as a skipped mark, audio and
 * configurations kept, every dropped frame counted; the first keyframe always goes on.
 */
class LagGateTest {
  private static final ActorTestKit actors = ActorTestKit.create();
  private static final long SECOND = 90_000;
  private static final CodecConfig VIDEO = new CodecConfig(Codec.H264, new byte[] {1}, 640, 360, 0, 0, "avc1.64001e");
  private final AtomicLong dropped = new AtomicLong();

  @AfterAll
  static void stop() {
    actors.shutdownTestKit();
  }

  private Pair<TestPublisher.Probe<MediaItem>, TestSubscriber.Probe<Work>> gate(long maxLag) {
    return TestSource.<MediaItem>probe(actors.system().classicSystem())
        .via(Flow.fromGraph(new LagGate(maxLag, 1024, dropped::addAndGet)))
        .toMat(TestSink.probe(actors.system().classicSystem()), Keep.both())
        .run(actors.system());
  }

  /** Video at 10 fps with a keyframe every second, and one audio frame per video frame, from {@code from} seconds. */
  private static List<MediaItem> media(int fromSecond, int seconds) {
    List<MediaItem> items = new ArrayList<>();
    for (long t = fromSecond * SECOND; t < (fromSecond + seconds) * SECOND; t += SECOND / 10) {
      items.add(new MediaFrame(Codec.H264, t, t, t % SECOND == 0, new byte[] {2}));
      items.add(new MediaFrame(Codec.AAC, t, t, true, new byte[] {3}));
    }
    return items;
  }

  @Test
  void withinTheLagEverythingGoesOnInOrder() {
    var probes = gate(3 * SECOND);
    List<MediaItem> items = new ArrayList<>(List.of(VIDEO));
    items.addAll(media(0, 2));
    items.forEach(probes.first()::sendNext);
    probes.first().sendComplete();
    List<Work> out = drain(probes.second());
    assertEquals(items, out.stream().map(Work::item).toList());
    assertEquals(0, dropped.get());
  }

  @Test
  void beyondTheLagVideoSkipsToTheNextKeyframeWithinItAndMarksTheKeyframesItDropped() {
    var probes = gate(SECOND);
    probes.first().sendNext(VIDEO);
    media(0, 1).subList(0, 2).forEach(probes.first()::sendNext); // the first keyframe and its audio
    assertEquals(VIDEO, probes.second().requestNext().item());
    assertEquals(0L, ((MediaFrame) probes.second().requestNext().item()).dts(), "the first keyframe went on");
    // The transcoder takes nothing more while 4.5 s arrive.
    List<MediaItem> burst = new ArrayList<>(media(0, 5).subList(2, 90));
    burst.forEach(probes.first()::sendNext);
    probes.first().sendComplete();
    List<Work> out = drain(probes.second());

    List<Long> marks = out.stream().filter(Work::skipped).map(w -> ((MediaFrame) w.item()).dts()).toList();
    assertEquals(List.of(SECOND, 2 * SECOND, 3 * SECOND), marks, "the keyframes of the dropped GOPs, as marks");
    List<MediaFrame> video = out.stream().filter(w -> !w.skipped()).map(Work::item)
        .filter(i -> i instanceof MediaFrame f && f.kind() == MediaKind.VIDEO).map(MediaFrame.class::cast).toList();
    assertTrue(video.get(0).keyframe() && video.get(0).dts() == 4 * SECOND, "video resumes at the keyframe within the lag");
    assertEquals(44, video.size() + dropped.get(), "every video frame went on or was counted: 45 less the first");
    assertEquals(45, out.stream().filter(w -> w.item() instanceof MediaFrame f && f.kind() == MediaKind.AUDIO).count(),
        "all audio went on");
  }

  /** Everything the gate hands on until it completes. */
  private static List<Work> drain(TestSubscriber.Probe<Work> probe) {
    List<Work> out = new ArrayList<>();
    probe.request(1000);
    while (true) {
      var event = probe.expectNextOrComplete();
      if (event.isLeft()) return out;
      out.add(event.right().get());
    }
  }
}
