package io.headwater.liveinput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.headwater.EntityTestKit;
import io.headwater.Secrets;
import io.headwater.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Publish grants: the key check, one publisher at a time, status history, and kicks. */
@ExtendWith(LogCapturingExtension.class)
class LiveInputPublishTest {
  private static final ActorTestKit actors = ActorTestKit.create(EntityTestKit.config());
  private static final String OWNER = "0123456789abcdef0123456789abcdef";
  private static final Duration WINDOW = Duration.ofSeconds(60);
  private static final String WITHIN_WINDOW = "; a publish within 60 s continues the broadcast";

  private String uid;
  private EventSourcedBehaviorTestKit<LiveInput.Command, LiveInput.Event, LiveInputState> kit;
  private TestProbe<PublisherControl> session;
  private TestProbe<OutputControl> restreamer;
  private String key;

  @BeforeEach
  void createInput() {
    uid = Secrets.newHex128();
    kit = EventSourcedBehaviorTestKit.create(actors.system(),
        LiveInput.create(uid, 5, WINDOW, new TestClock(Instant.parse("2026-01-02T03:04:05Z"))),
        EventSourcedBehaviorTestKit.disabledSerializationSettings());
    LiveInputState created = kit.<StatusReply<LiveInputState>>runCommand(
        r -> new LiveInput.Create(OWNER, LiveInputSettings.Patch.NONE, null, r)).reply().getValue();
    key = created.credentials().rtmpsStreamKey(uid);
    session = actors.createTestProbe(PublisherControl.class);
    restreamer = actors.createTestProbe(OutputControl.class);
  }

  @AfterAll
  static void stop() {
    actors.shutdownTestKit();
  }

  private StatusReply<GrantedPublish> publish(String streamKey, String sessionId, TestProbe<PublisherControl> control) {
    return kit.<StatusReply<GrantedPublish>>runCommand(r -> new LiveInput.StartPublish(
        new PublishCredential.StreamKey(streamKey), sessionId, "node-a", "203.0.113.7:50000", "rtmp", control.ref(),
        restreamer.ref(), r)).reply();
  }

  @Test
  void thePublishersRestreamerLearnsTheOutputsAtTheGrantAndAtEveryChange() {
    var output = kit.<StatusReply<Output>>runCommand(
        r -> new LiveInput.AddOutput(OWNER, "rtmp://live.example.com/app", "secret-key", true, r)).reply().getValue();
    restreamer.expectNoMessage(Duration.ofMillis(50));

    assertTrue(publish(key, "s1", session).isSuccess());
    var atGrant = restreamer.expectMessageClass(OutputControl.OutputsChanged.class);
    assertEquals(List.of(output), atGrant.outputs());
    assertEquals("s1", atGrant.sessionId());

    kit.<StatusReply<Output>>runCommand(r -> new LiveInput.SetOutputEnabled(OWNER, output.uid(), false, r));
    assertFalse(restreamer.expectMessageClass(OutputControl.OutputsChanged.class).outputs().get(0).enabled());
    kit.<StatusReply<Done>>runCommand(r -> new LiveInput.DeleteOutput(OWNER, output.uid(), r));
    assertEquals(List.of(), restreamer.expectMessageClass(OutputControl.OutputsChanged.class).outputs());
    assertEquals(restreamer.ref(), kit.getState().publisher().outputControl());
  }

  @Test
  void playbackNeedsThePlaybackKeyAndAPublisher() {
    String playbackKey = kit.getState().credentials().rtmpsPlaybackStreamKey(uid);
    assertRefused(authorizePlayback(playbackKey), "not live");
    assertTrue(publish(key, "s1", session).isSuccess());

    assertEquals("node-a", authorizePlayback(playbackKey).getValue().node());
    assertRefused(authorizePlayback(key), "invalid stream key"); // an ingest key cannot play
    assertRefused(publish(playbackKey, "s2", session), "invalid stream key"); // nor a playback key publish
    kit.<StatusReply<LiveInputState>>runCommand(r -> new LiveInput.RotateKeys(OWNER, r));
    assertRefused(authorizePlayback(playbackKey), "invalid stream key");
  }

  private StatusReply<GrantedPlayback> authorizePlayback(String playbackKey) {
    return kit.<StatusReply<GrantedPlayback>>runCommand(
        r -> new LiveInput.AuthorizePlayback(new PublishCredential.StreamKey(playbackKey), r)).reply();
  }

  @Test
  void theRightKeyIsGrantedAndRecordedAsConnected() {
    StatusReply<GrantedPublish> grant = publish(key, "s1", session);
    assertTrue(grant.isSuccess());
    assertEquals("node-a", grant.getValue().grant().publisher().node());
    assertNull(grant.getValue().mediaKeys(), "an RTMP publish has no media keys");
    LiveInputState state = kit.getState();
    assertEquals(LiveInput.CONNECTED, state.status());
    assertTrue(state.live());
    StatusEntry entry = state.statusHistory().get(0);
    assertEquals(LiveInput.CONNECTED, entry.state());
    assertEquals("rtmp", entry.protocol());
    assertEquals("node-a", entry.node());
  }

  @Test
  void wrongKeysDisabledAndUnknownInputsAreRefusedAlike() {
    String wrongSecret = (key.charAt(0) == 'a' ? "b" : "a") + key.substring(1);
    assertRefused(publish(wrongSecret, "s1", session), "invalid stream key");
    assertRefused(publish("", "s1", session), "invalid stream key");
    kit.<StatusReply<LiveInputState>>runCommand(r -> new LiveInput.SetEnabled(OWNER, false, r));
    assertRefused(publish(key, "s1", session), "live input disabled");
    assertNull(kit.getState().status(), "refusals leave the status untouched");

    var unknown = EventSourcedBehaviorTestKit.<LiveInput.Command, LiveInput.Event, LiveInputState>create(actors.system(),
        LiveInput.create(Secrets.newHex128(), 5, WINDOW, new TestClock(Instant.EPOCH)), EventSourcedBehaviorTestKit.disabledSerializationSettings());
    var reply = unknown.<StatusReply<GrantedPublish>>runCommand(r -> new LiveInput.StartPublish(
        new PublishCredential.StreamKey(key), "s1", "node-a", "203.0.113.7:1", "rtmp", session.ref(), null, r)).reply();
    assertRefused(reply, "invalid stream key");
  }

  @Test
  void aSecondPublisherIsRefusedWhileTheFirstIsLiveAndAcceptedAfter() {
    publish(key, "first", session);
    TestProbe<PublisherControl> second = actors.createTestProbe(PublisherControl.class);
    assertRefused(publish(key, "second", second), "live input already has a publisher");
    assertTrue(publish(key, "first", session).isSuccess(), "the same session asking again is fine");

    kit.<StatusReply<Done>>runCommand(r -> new LiveInput.EndPublish("first", "encoder disconnected", r));
    LiveInputState ended = kit.getState();
    assertEquals(LiveInput.RECONNECTING, ended.status());
    assertEquals("encoder disconnected" + WITHIN_WINDOW, ended.statusHistory().get(1).reason());
    assertTrue(publish(key, "second", second).isSuccess());
  }

  @Test
  void disableDeleteAndRotateKickTheLivePublisher() {
    publish(key, "s1", session);
    kit.<StatusReply<LiveInputState>>runCommand(r -> new LiveInput.SetEnabled(OWNER, false, r));
    assertEquals(new PublisherControl.Kick("live input disabled"), session.receiveMessage());

    kit.<StatusReply<LiveInputState>>runCommand(r -> new LiveInput.SetEnabled(OWNER, true, r));
    kit.<StatusReply<LiveInputState>>runCommand(r -> new LiveInput.RotateKeys(OWNER, r));
    assertEquals(new PublisherControl.Kick("stream keys rotated"), session.receiveMessage());
    assertRefused(publish(key, "s2", actors.createTestProbe(PublisherControl.class)), "invalid stream key");

    kit.<StatusReply<Done>>runCommand(r -> new LiveInput.Delete(OWNER, r));
    assertEquals(new PublisherControl.Kick("live input deleted"), session.receiveMessage());
    kit.<StatusReply<Done>>runCommand(r -> new LiveInput.EndPublish("s1", "kicked", r));
    assertEquals(LiveInput.CLIENT_DISCONNECT, kit.getState().status(), "the end is recorded even after delete");
  }

  @Test
  void aPublisherWhoseSessionDiesWithoutEndingIsReleased() {
    TestProbe<PublisherControl> doomed = actors.createTestProbe(PublisherControl.class);
    publish(key, "s1", doomed);
    doomed.stop();
    TestProbe<PublisherControl> next = actors.createTestProbe(PublisherControl.class);
    // The death watch arrives as a message to the entity; poll the grant until it is released.
    long deadline = System.nanoTime() + 5_000_000_000L;
    StatusReply<GrantedPublish> grant;
    do {
      grant = publish(key, "s2", next);
    } while (grant.isError() && System.nanoTime() < deadline);
    assertTrue(grant.isSuccess(), "a dead session must not hold the input forever");
    assertEquals("publisher session lost" + WITHIN_WINDOW, kit.getState().statusHistory().get(1).reason());
  }

  @Test
  void anEndPublishThatTrailsTheDeathWatchKeepsItsReason() {
    TestProbe<PublisherControl> closing = actors.createTestProbe(PublisherControl.class);
    publish(key, "s1", closing);
    closing.stop(); // the session's actor stops as its stage completes, before its EndPublish arrives
    actors.createTestProbe().expectTerminated(closing.ref()); // so the entity's death watch has fired too
    kit.<StatusReply<Done>>runCommand(r -> new LiveInput.EndPublish("s1", "kicked: stream keys rotated", r));
    assertEquals("kicked: stream keys rotated" + WITHIN_WINDOW, kit.getState().statusHistory().get(1).reason());
  }

  @Test
  void liveStateAndHistorySurviveRecovery() {
    publish(key, "s1", session);
    kit.<StatusReply<Done>>runCommand(r -> new LiveInput.EndPublish("s1", "bye", r));
    publish(key, "s2", session);
    LiveInputState before = kit.getState();
    kit.restart();
    assertEquals(before, kit.getState());
    assertEquals(3, kit.getState().statusHistory().size());
  }

  @Test
  void transcodingReportsOfTheLivePublishJoinTheHistoryWithoutChangingTheStatus() {
    publish(key, "s1", session);
    String reason = "transcoding stopped: the H.264 source cannot be decoded; the source rendition plays on";
    assertTrue(kit.<StatusReply<Done>>runCommand(r -> new LiveInput.ReportTranscoding("s1", reason, r)).reply().isSuccess());
    LiveInputState state = kit.getState();
    assertEquals(LiveInput.CONNECTED, state.status());
    assertTrue(state.live());
    StatusEntry note = state.statusHistory().get(1);
    assertEquals(LiveInput.CONNECTED, note.state());
    assertEquals(reason, note.reason());
    assertEquals("node-a", note.node());
    assertEquals("rtmp", note.protocol());

    var late = kit.<StatusReply<Done>>runCommand(r -> new LiveInput.ReportTranscoding("s0", "an earlier publish", r));
    assertTrue(late.reply().isSuccess(), "acknowledged");
    assertTrue(late.events().isEmpty(), "and dropped: it is not about the live publish");
    kit.<StatusReply<Done>>runCommand(r -> new LiveInput.EndPublish("s1", "bye", r));
    assertTrue(kit.<StatusReply<Done>>runCommand(r -> new LiveInput.ReportTranscoding("s1", "after the end", r))
        .events().isEmpty(), "a publish that ended reports nothing more");

    LiveInputState before = kit.getState();
    kit.restart();
    assertEquals(before, kit.getState());
    assertEquals(List.of(LiveInput.CONNECTED, LiveInput.CONNECTED, LiveInput.RECONNECTING),
        kit.getState().statusHistory().stream().map(StatusEntry::state).toList());
  }

  private static void assertRefused(StatusReply<?> reply, String message) {
    assertTrue(reply.isError());
    assertInstanceOf(LiveInputException.PublishRefused.class, reply.getError());
    assertEquals(message, reply.getError().getMessage());
  }
}
