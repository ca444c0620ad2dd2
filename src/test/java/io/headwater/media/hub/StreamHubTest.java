package io.headwater.media.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.headwater.media.Codec;
import io.headwater.media.CodecConfig;
import io.headwater.media.MediaFrame;
import io.headwater.media.MediaItem;
import io.headwater.media.MediaKind;
import io.headwater.media.StreamMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.testkit.TestSubscriber;
import org.apache.pekko.stream.testkit.javadsl.TestSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class StreamHubTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final ActorSystem<Void> SYSTEM = KIT.system();
  private static final CodecConfig AVC = new CodecConfig(Codec.H264, new byte[] {1, 100, 0, 31}, 1280, 720, 0, 0, "avc1.64001f");
  private static final CodecConfig AAC = new CodecConfig(Codec.AAC, new byte[] {0x11, (byte) 0x90}, 0, 0, 48000, 2, "mp4a.40.2");

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  private static MediaFrame video(long ms, boolean key) {
    return new MediaFrame(Codec.H264, ms * 90, ms * 90, key, new byte[] {0, 0, 0, 1, (byte) (key ? 0x65 : 0x41)});
  }

  private static MediaFrame audio(long ms) {
    return new MediaFrame(Codec.AAC, ms * 90, ms * 90, true, new byte[] {0x21});
  }

  private static StreamHub hub(int capacity) {
    return new StreamHub("0123456789abcdef0123456789abcdef", capacity, 1000, 1 << 20);
  }

  @Test
  void aConsumerReceivesEverythingInOrderThenCompletesWhenThePublisherEnds() throws Exception {
    StreamHub hub = hub(1000);
    var probe = hub.subscribe("packager").runWith(TestSink.probe(SYSTEM.classicSystem()), SYSTEM);
    probe.ensureSubscription();
    awaitAttached(hub, 1);
    List<MediaItem> sent = new ArrayList<>(List.of(AVC, AAC));
    for (int i = 0; i < 90; i++) sent.add(i % 30 == 0 ? video(i * 33L, true) : video(i * 33L, false));
    sent.forEach(hub::publish);
    hub.end(null);
    probe.request(1000);
    for (MediaItem item : sent) assertEquals(item, probe.expectNext());
    probe.expectComplete();
  }

  @Test
  void aLateConsumerStartsWithConfigurationsAndTheCurrentGop() {
    StreamHub hub = hub(1000);
    StreamMetadata meta = new StreamMetadata(Map.of("encoder", "obs"));
    hub.publish(meta);
    hub.publish(AVC);
    hub.publish(AAC);
    for (int i = 0; i < 100; i++) {
      hub.publish(video(i * 33L, i % 30 == 0));
      hub.publish(audio(i * 33L));
    }
    // The latest keyframe is frame 90: the late consumer gets metadata, both configs, then frames 90..99 with audio.
    var probe = hub.subscribe("late").runWith(TestSink.probe(SYSTEM.classicSystem()), SYSTEM);
    probe.request(3);
    assertEquals(meta, probe.expectNext());
    assertEquals(AVC, probe.expectNext());
    assertEquals(AAC, probe.expectNext());
    probe.request(1);
    MediaFrame first = (MediaFrame) probe.expectNext();
    assertTrue(first.keyframe());
    assertEquals(MediaKind.VIDEO, first.kind());
    assertEquals(90 * 33L * 90, first.dts());
    probe.request(19);
    for (int i = 0; i < 19; i++) probe.expectNext();
    probe.cancel();
  }

  @Test
  void aConsumerThatFallsBehindSkipsToTheNextKeyframeWhileOthersGetEverythingAndThePublisherNeverWaits() throws Exception {
    StreamHub hub = hub(50);
    var slow = hub.subscribe("slow-output").runWith(TestSink.probe(SYSTEM.classicSystem()), SYSTEM);
    // A buffer larger than the burst: this consumer cannot fall behind however the threads are scheduled.
    var all = hub.subscribe("fast", 10_000).runWith(Sink.seq(), SYSTEM);
    slow.ensureSubscription();
    awaitAttached(hub, 2);

    hub.publish(AVC);
    long start = System.nanoTime();
    int frames = 5000;
    for (int i = 0; i < frames; i++) hub.publish(video(i * 33L, i % 60 == 0));
    long publishMillis = (System.nanoTime() - start) / 1_000_000;
    hub.end(null);

    assertEquals(frames + 1, all.toCompletableFuture().get().size(), "a consumer that keeps up loses nothing");
    assertTrue(publishMillis < 5000, "publishing 5000 frames past a stalled consumer took " + publishMillis + " ms");

    slow.request(10_000);
    assertEquals(AVC, slow.expectNext());
    List<MediaFrame> received = new ArrayList<>();
    TestSubscriber.OnNext<?> next;
    Object event;
    while (!((event = slow.expectEvent()) instanceof TestSubscriber.OnComplete$)) {
      next = (TestSubscriber.OnNext<?>) event;
      received.add((MediaFrame) next.element());
    }
    long dropped = frames - received.size();
    assertTrue(dropped > 0, "the stalled consumer must have dropped frames");
    assertTrue(received.get(0).keyframe(), "after a drop the consumer restarts at a keyframe");
    for (int i = 1; i < received.size(); i++) {
      MediaFrame prev = received.get(i - 1);
      MediaFrame cur = received.get(i);
      assertTrue(cur.dts() > prev.dts(), "timestamps stay monotonic");
      if (cur.dts() - prev.dts() != 33 * 90) assertTrue(cur.keyframe(), "every gap ends at a keyframe");
    }
  }

  @Test
  void droppedFramesAreCountedPerConsumerAndCancellingDetaches() throws Exception {
    StreamHub hub = hub(10);
    var slow = hub.subscribe("viewer").runWith(TestSink.probe(SYSTEM.classicSystem()), SYSTEM);
    slow.ensureSubscription();
    awaitAttached(hub, 1);
    hub.publish(AVC);
    for (int i = 0; i < 100; i++) hub.publish(video(i * 33L, i % 25 == 0));
    HubStats.Consumer stats = hub.stats().consumers().get(0);
    assertEquals("viewer", stats.name());
    assertTrue(stats.dropped() >= 80, "dropped " + stats.dropped());
    assertEquals(101, hub.stats().published());
    slow.cancel();
    awaitAttached(hub, 0);
  }

  @Test
  void audioOnlyStreamsStartAtTheNextFrameAndDropOnlyWhatOverflows() {
    StreamHub hub = hub(1000);
    hub.publish(AAC);
    for (int i = 0; i < 50; i++) hub.publish(audio(i * 21L));
    var probe = hub.subscribe("audio").runWith(TestSink.probe(SYSTEM.classicSystem()), SYSTEM);
    probe.request(2);
    assertEquals(AAC, probe.expectNext());
    probe.expectNoMessage(Duration.ofMillis(50));
    hub.publish(audio(50 * 21L));
    assertInstanceOf(MediaFrame.class, probe.expectNext());
    probe.cancel();
  }

  @Test
  void aConsumerSubscribingAfterTheEndCompletesAtOnce() {
    StreamHub hub = hub(100);
    hub.publish(AVC);
    hub.end(new IllegalStateException("publisher kicked"));
    var probe = hub.subscribe("too-late").runWith(TestSink.probe(SYSTEM.classicSystem()), SYSTEM);
    probe.request(5);
    assertEquals(AVC, probe.expectNext());
    assertEquals("publisher kicked", probe.expectError().getMessage());
  }

  private static void awaitAttached(StreamHub hub, int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (hub.stats().consumers().size() != count) {
      if (System.nanoTime() > deadline) throw new AssertionError("consumers never reached " + count);
      Thread.onSpinWait();
    }
  }
}
