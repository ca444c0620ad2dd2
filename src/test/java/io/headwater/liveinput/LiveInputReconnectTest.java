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
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The reconnect window (Cloudflare's recording.timeoutSeconds): an ended publish leaves the input
 * reconnecting, a publish within the window continues the broadcast, and the window's end (by timer, or
 * noticed by the next command after a passivation) ends it. Every command, event and state here goes
 * through the shipped serialization.
 */
@ExtendWith(LogCapturingExtension.class)
class LiveInputReconnectTest {
  private static final ActorTestKit actors = ActorTestKit.create(EntityTestKit.config());
  private static final String OWNER = "0123456789abcdef0123456789abcdef";
  private static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);
  // Cloudflare's timestamps carry microseconds, and so do the entity's.
  private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123456Z");

  private TestClock clock;
  private String uid;
  private EventSourcedBehaviorTestKit<LiveInput.Command, LiveInput.Event, LiveInputState> kit;
  private TestProbe<PublisherControl> session;
  private String key;

  @BeforeEach
  void newKit() {
    clock = new TestClock(T0);
    uid = Secrets.newHex128();
    kit = EventSourcedBehaviorTestKit.create(actors.system(), LiveInput.create(uid, 5, DEFAULT_WINDOW, clock));
    session = actors.createTestProbe(PublisherControl.class);
  }

  @AfterAll
  static void stop() {
    actors.shutdownTestKit();
  }

  @Test
  void anEndedPublishLeavesTheInputReconnectingForTheWindow() {
    create(LiveInputSettings.Patch.NONE);
    PublishGrant grant = publish("s1").getValue();
    assertEquals(new PublishGrant(grant.publisher(), false, DEFAULT_WINDOW, false), grant);
    assertEquals(LiveInput.CONNECTED, kit.getState().status());

    clock.advance(Duration.ofSeconds(10));
    endPublish("s1", "encoder unpublished");

    LiveInputState state = get();
    assertEquals(LiveInput.RECONNECTING, state.status());
    assertFalse(state.live());
    Instant endedAt = T0.plusSeconds(10);
    assertEquals(endedAt.plus(DEFAULT_WINDOW), state.reconnectUntil());
    StatusEntry entry = state.statusHistory().get(1);
    assertEquals("encoder unpublished; a publish within 60 s continues the broadcast", entry.reason());
    assertEquals(endedAt, entry.at());
    assertEquals("node-a", entry.node());
  }

  @Test
  void aPublishWithinTheWindowContinuesTheBroadcast() {
    reconnectingSinceT0();
    clock.advance(DEFAULT_WINDOW.minusSeconds(1));

    PublishGrant grant = publish("s2").getValue();
    assertTrue(grant.resumesBroadcast());
    assertEquals(DEFAULT_WINDOW, grant.reconnectWindow());
    LiveInputState state = kit.getState();
    assertEquals(LiveInput.RECONNECTED, state.status());
    assertNull(state.reconnectUntil());
    assertEquals(List.of(LiveInput.CONNECTED, LiveInput.RECONNECTING, LiveInput.RECONNECTED), states(state));
    assertEquals("publisher reconnected; the broadcast continues", state.statusHistory().get(2).reason());
    assertEquals(grant, publish("s2").getValue(), "the same session asking again gets the same grant");

    // The continued broadcast has its own window when it ends.
    endPublish("s2", "encoder unpublished");
    assertEquals(LiveInput.RECONNECTING, get().status());
  }

  @Test
  void theWindowPassingUnnoticedEndsTheBroadcastAtTheNextCommand() {
    // After a passivation no timer runs: Get must not show reconnecting past the deadline.
    reconnectingSinceT0();
    clock.advance(DEFAULT_WINDOW.plusMinutes(5));

    var read = kit.<StatusReply<LiveInputState>>runCommand(r -> new LiveInput.Get(OWNER, r));
    LiveInputState state = read.reply().getValue();
    assertEquals(LiveInput.CLIENT_DISCONNECT, state.status());
    assertNull(state.reconnectUntil());
    String ended = "no publish within 60 s; the broadcast ended";
    assertEquals(List.of(new LiveInput.BroadcastEnded(ended, T0.plus(DEFAULT_WINDOW))), read.events(),
        "dated at the window's end, not when it was noticed");
    assertEquals("node-a", state.statusHistory().get(2).node());
    assertTrue(kit.<StatusReply<LiveInputState>>runCommand(r -> new LiveInput.Get(OWNER, r)).hasNoEvents());

    PublishGrant next = publish("s2").getValue();
    assertFalse(next.resumesBroadcast(), "a publish after the window starts a new broadcast");
    assertEquals(LiveInput.CONNECTED, kit.getState().status());
  }

  @Test
  void aPublishJustAfterTheWindowStartsANewBroadcast() {
    reconnectingSinceT0();
    clock.advance(DEFAULT_WINDOW);

    var start = kit.<StatusReply<GrantedPublish>>runCommand(r -> startPublish("s2", r));
    assertFalse(start.reply().getValue().grant().resumesBroadcast());
    assertInstanceOf(LiveInput.BroadcastEnded.class, start.events().get(0), "the old broadcast ends first");
    assertEquals(
        List.of(LiveInput.CONNECTED, LiveInput.RECONNECTING, LiveInput.CLIENT_DISCONNECT, LiveInput.CONNECTED),
        states(kit.getState()));
  }

  @Test
  void theTimerEndsTheBroadcastWithoutAnyCommand() {
    create(withTimeout(1));
    publish("s1");
    endPublish("s1", "encoder unpublished");
    clock.advance(Duration.ofSeconds(1));
    // The timer runs on the real scheduler (1 s); the entity checks the deadline against its clock.
    LiveInputState ended = awaitStatus(LiveInput.CLIENT_DISCONNECT);
    assertEquals("no publish within 1 s; the broadcast ended", ended.statusHistory().get(2).reason());
  }

  @Test
  void aRecoveredEntityClosesAWindowThatPassedWhileItWasAway() {
    reconnectingSinceT0();
    clock.advance(DEFAULT_WINDOW.plusSeconds(1));

    kit.restart();
    awaitStatus(LiveInput.CLIENT_DISCONNECT);
    assertEquals(3, get().statusHistory().size(), "closed once, by the re-armed timer or the read, not both");
  }

  @Test
  void aRecoveredEntityKeepsAnOpenWindow() {
    reconnectingSinceT0();
    LiveInputState before = kit.getState();

    assertEquals(before, kit.restart().state());
    clock.advance(Duration.ofSeconds(30));
    assertTrue(publish("s2").getValue().resumesBroadcast());
  }

  @Test
  void timeoutSecondsOverridesTheDefaultWindowAndZeroMeansTheDefault() {
    create(withTimeout(5));
    assertEquals(Duration.ofSeconds(5), publish("s1").getValue().reconnectWindow());
    endPublish("s1", "encoder unpublished");
    assertEquals(T0.plusSeconds(5), kit.getState().reconnectUntil());
    assertEquals("encoder unpublished; a publish within 5 s continues the broadcast",
        kit.getState().statusHistory().get(1).reason());
    clock.advance(Duration.ofSeconds(6));
    assertFalse(publish("s2").getValue().resumesBroadcast());

    // Cloudflare: timeoutSeconds 0 is the platform default. A change applies from the next grant: the
    // live publish keeps the window its hub was told.
    kit.<StatusReply<LiveInputState>>runCommand(r -> new LiveInput.Update(OWNER, withTimeout(0), null, r));
    endPublish("s2", "encoder unpublished");
    assertEquals(T0.plusSeconds(6 + 5), kit.getState().reconnectUntil());
    clock.advance(Duration.ofSeconds(5));
    assertEquals(DEFAULT_WINDOW, publish("s3").getValue().reconnectWindow());
  }

  @Test
  void theGrantCarriesLowLatency() {
    create(new LiveInputSettings.Patch(null, null, null, true, null));
    assertTrue(publish("s1").getValue().lowLatency());
  }

  @Test
  void disablingWhileReconnectingEndsTheBroadcastAtOnce() {
    reconnectingSinceT0();
    clock.advance(Duration.ofSeconds(5));

    LiveInputState disabled = kit.<StatusReply<LiveInputState>>runCommand(
        r -> new LiveInput.SetEnabled(OWNER, false, r)).reply().getValue();
    assertEquals(LiveInput.CLIENT_DISCONNECT, disabled.status());
    assertEquals("live input disabled; the broadcast ended", disabled.statusHistory().get(2).reason());
    assertNull(disabled.reconnectUntil());

    kit.<StatusReply<LiveInputState>>runCommand(r -> new LiveInput.SetEnabled(OWNER, true, r));
    assertFalse(publish("s2").getValue().resumesBroadcast());
  }

  @Test
  void aPublisherKickedByDisableOrDeleteGetsNoWindowButOneKickedByRotateKeysDoes() {
    create(LiveInputSettings.Patch.NONE);
    publish("s1");
    kit.<StatusReply<LiveInputState>>runCommand(r -> new LiveInput.SetEnabled(OWNER, false, r));
    endPublish("s1", "kicked: live input disabled");
    assertEquals(LiveInput.CLIENT_DISCONNECT, kit.getState().status());
    assertNull(kit.getState().reconnectUntil());

    kit.<StatusReply<LiveInputState>>runCommand(r -> new LiveInput.SetEnabled(OWNER, true, r));
    publish("s2");
    key = kit.<StatusReply<LiveInputState>>runCommand(r -> new LiveInput.RotateKeys(OWNER, r))
        .reply().getValue().credentials().rtmpsStreamKey(uid);
    endPublish("s2", "kicked: stream keys rotated");
    assertEquals(LiveInput.RECONNECTING, kit.getState().status(), "the encoder may come back with the new key");
    assertTrue(publish("s3").getValue().resumesBroadcast());

    kit.<StatusReply<Done>>runCommand(r -> new LiveInput.Delete(OWNER, r));
    endPublish("s3", "kicked: live input deleted");
    assertEquals(LiveInput.CLIENT_DISCONNECT, kit.getState().status());
  }

  @Test
  void deletingWhileReconnectingLeavesNoWindow() {
    reconnectingSinceT0();
    kit.<StatusReply<Done>>runCommand(r -> new LiveInput.Delete(OWNER, r));
    assertNull(kit.getState().reconnectUntil());
    assertEquals(LiveInput.CLIENT_DISCONNECT, kit.getState().status());
  }

  @Test
  void playbackOfUnknownAndDeletedInputsIsNotFound() {
    assertInstanceOf(LiveInputException.NotFound.class, playback().getError());
    create(LiveInputSettings.Patch.NONE);
    kit.<StatusReply<Done>>runCommand(r -> new LiveInput.Delete(OWNER, r));
    assertInstanceOf(LiveInputException.NotFound.class, playback().getError());
  }

  @Test
  void playbackShowsPolicyPublisherNodeAndStatusToAnyone() {
    create(new LiveInputSettings.Patch(null,
        new Recording.Patch(RecordingMode.AUTOMATIC, null, null, Nullable.ofNullable(List.of("example.com")), true),
        null, true, null));
    assertEquals(new PlaybackView(uid, List.of("example.com"), true, true, null, null), playback().getValue());

    publish("s1");
    assertEquals(new PlaybackView(uid, List.of("example.com"), true, true, "node-a", LiveInput.CONNECTED),
        playback().getValue());

    endPublish("s1", "encoder unpublished");
    assertEquals(LiveInput.RECONNECTING, playback().getValue().status());
    assertNull(playback().getValue().publisherNode());
    clock.advance(DEFAULT_WINDOW);
    assertEquals(LiveInput.CLIENT_DISCONNECT, playback().getValue().status(), "never reconnecting past the deadline");

    kit.<StatusReply<LiveInputState>>runCommand(r -> new LiveInput.Update(OWNER, new LiveInputSettings.Patch(null,
        new Recording.Patch(null, null, null, Nullable.<List<String>>ofNullable(null), null), null, null, null), null, r));
    assertNull(playback().getValue().allowedOrigins(), "unset stays distinct from empty");
  }

  @Test
  void grantsAndPlaybackViewsCrossNodesUnchanged() {
    create(LiveInputSettings.Patch.NONE);
    PublishGrant grant = publish("s1").getValue();
    actors.serializationTestKit().verifySerialization(grant, true);
    actors.serializationTestKit().verifySerialization(StatusReply.success(grant), true);
    actors.serializationTestKit().verifySerialization(new PlaybackView(uid, null, false, false, null, null), true);
    actors.serializationTestKit().verifySerialization(
        new PlaybackView(uid, List.of(), true, true, "pekko://headwater@10.0.0.1:25520", LiveInput.RECONNECTED), true);
    endPublish("s1", "encoder unpublished");
    actors.serializationTestKit().verifySerialization(kit.getState(), true);
  }

  // ---- helpers

  private void create(LiveInputSettings.Patch settings) {
    LiveInputState created = kit.<StatusReply<LiveInputState>>runCommand(
        r -> new LiveInput.Create(OWNER, settings, null, r)).reply().getValue();
    key = created.credentials().rtmpsStreamKey(uid);
  }

  /** A default input whose first publish ended at T0: reconnecting for the default window. */
  private void reconnectingSinceT0() {
    create(LiveInputSettings.Patch.NONE);
    publish("s1");
    endPublish("s1", "encoder unpublished");
  }

  private static LiveInputSettings.Patch withTimeout(int seconds) {
    return new LiveInputSettings.Patch(null, new Recording.Patch(null, seconds, null, null, null), null, null, null);
  }

  private LiveInput.StartPublish startPublish(String sessionId, ActorRef<StatusReply<GrantedPublish>> r) {
    return new LiveInput.StartPublish(new PublishCredential.StreamKey(key), sessionId, "node-a", "203.0.113.7:50000",
        "rtmp", session.ref(), null, r);
  }

  private StatusReply<PublishGrant> publish(String sessionId) {
    CommandResultWithReply<LiveInput.Command, LiveInput.Event, LiveInputState, StatusReply<GrantedPublish>> result =
        kit.<StatusReply<GrantedPublish>>runCommand(r -> startPublish(sessionId, r));
    assertTrue(result.reply().isSuccess(), () -> "refused: " + result.reply());
    return StatusReply.success(result.reply().getValue().grant());
  }

  private void endPublish(String sessionId, String reason) {
    kit.<StatusReply<Done>>runCommand(r -> new LiveInput.EndPublish(sessionId, reason, r));
  }

  private LiveInputState get() {
    return kit.<StatusReply<LiveInputState>>runCommand(r -> new LiveInput.Get(OWNER, r)).reply().getValue();
  }

  private StatusReply<PlaybackView> playback() {
    return kit.<StatusReply<PlaybackView>>runCommand(LiveInput.GetPlayback::new).reply();
  }

  /** The state once it shows {@code status}, which a timer (not a command) brings about. */
  private LiveInputState awaitStatus(String status) {
    return actors.createTestProbe().awaitAssert(Duration.ofSeconds(5), () -> {
      LiveInputState state = kit.getState();
      assertEquals(status, state.status());
      return state;
    });
  }

  private static List<String> states(LiveInputState state) {
    return state.statusHistory().stream().map(StatusEntry::state).toList();
  }
}
