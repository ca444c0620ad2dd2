package io.headwater.liveinput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.headwater.EntityTestKit;
import io.headwater.Secrets;
import io.headwater.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The LiveInput entity as the API sees it: replies, persisted events, timestamps and recovery. */
@ExtendWith(LogCapturingExtension.class)
class LiveInputTest {
  private static final ActorTestKit actors = ActorTestKit.create(EntityTestKit.config());

  private static final String OWNER = "0123456789abcdef0123456789abcdef";
  private static final String OTHER = "fedcba9876543210fedcba9876543210";
  private static final int MAX_OUTPUTS = 2;
  // The clock carries nanoseconds; what the entity shows is truncated to Cloudflare's microseconds.
  private static final Instant T0 = Instant.parse("2025-03-04T05:06:07.123456789Z");
  private static final Instant T0_SHOWN = Instant.parse("2025-03-04T05:06:07.123456Z");
  private static final Duration STEP = Duration.ofMinutes(1);
  private static final Instant T1_SHOWN = T0_SHOWN.plus(STEP);
  private static final Instant T2_SHOWN = T1_SHOWN.plus(STEP);

  private static final LiveInputSettings.Patch STUDIO = new LiveInputSettings.Patch(
      "{\"name\":\"studio\"}",
      new Recording.Patch(RecordingMode.OFF, 60, true, Nullable.ofNullable(List.of("example.com")), false),
      Nullable.ofNullable(45),
      true,
      Nullable.ofNullable("creator-1"));
  private static final LiveInputSettings STUDIO_SETTINGS = new LiveInputSettings(
      "{\"name\":\"studio\"}",
      new Recording(RecordingMode.OFF, 60, true, List.of("example.com"), false),
      45,
      true,
      "creator-1");

  private TestClock clock;
  private String uid;
  private EventSourcedBehaviorTestKit<LiveInput.Command, LiveInput.Event, LiveInputState> kit;

  @BeforeEach
  void newInput() {
    clock = new TestClock(T0);
    uid = Secrets.newHex128();
    kit = EventSourcedBehaviorTestKit.create(
        actors.system(), LiveInput.create(uid, MAX_OUTPUTS, Duration.ofSeconds(60), clock));
  }

  @AfterAll
  static void shutdown() {
    actors.shutdownTestKit();
  }

  // ---- create and get

  @Test
  void createWithoutSettingsUsesCloudflareDefaults() {
    var result = create(OWNER, LiveInputSettings.Patch.NONE, null);

    LiveInputState state = result.reply().getValue();
    assertEquals(uid, state.uid());
    assertEquals(OWNER, state.accountId());
    assertTrue(state.enabled());
    assertEquals(RecordingMode.OFF, state.settings().recording().mode());
    assertEquals(LiveInputSettings.DEFAULT, state.settings());
    assertEquals("{}", state.settings().metaJson());
    assertNull(state.status());
    assertEquals(List.of(), state.outputs());
    assertEquals(T0_SHOWN, state.created());
    assertEquals(T0_SHOWN, state.modified());
    assertNull(state.keysRotatedAt());
    assertFalse(state.deleted());
    assertEquals(state, result.state());
    assertEquals(new LiveInput.Created(OWNER, LiveInputSettings.DEFAULT, true, state.credentials(), T0_SHOWN), result.event());

    Credentials c = state.credentials();
    List<String> secrets = secretsOf(c);
    secrets.forEach(s -> assertTrue(Secrets.isId(s), () -> "not 32 lowercase hex: " + s));
    assertEquals(5, Set.copyOf(secrets).size(), "every secret is drawn separately");
    assertEquals(c.rtmpsSecret() + "k" + uid, c.rtmpsStreamKey(uid));
    assertEquals(c.srtSecret() + "k" + uid, c.srtPassphrase(uid));
    assertEquals(c.webRtcSecret() + "k" + uid, c.webRtcPath(uid));
    assertEquals(c.rtmpsPlaybackSecret() + "k" + uid, c.rtmpsPlaybackStreamKey(uid));
    assertEquals(c.srtPlaybackSecret() + "k" + uid, c.srtPlaybackPassphrase(uid));
    assertTrue(c.isRtmpsStreamKey(uid, c.rtmpsStreamKey(uid)));
  }

  @Test
  void createWithSettingsAndDisabled() {
    LiveInputState state = create(OWNER, STUDIO, false).reply().getValue();

    assertEquals(STUDIO_SETTINGS, state.settings());
    assertFalse(state.enabled());
    assertEquals(state, get(OWNER).getValue());
  }

  @Test
  void createRepeatedBySameAccountReturnsTheSameInputWithoutAnEvent() {
    LiveInputState first = create(OWNER, LiveInputSettings.Patch.NONE, null).reply().getValue();
    clock.advance(STEP);

    var again = create(OWNER, STUDIO, false);

    assertEquals(first, again.reply().getValue(), "same credentials, settings and timestamps");
    assertTrue(again.hasNoEvents());
  }

  @Test
  void getByOwnerReturnsTheInputAndByAnotherAccountIsNotFound() {
    LiveInputState created = createDefault();

    assertEquals(created, get(OWNER).getValue());
    assertError(LiveInputException.NotFound.class, get(OTHER));
  }

  @Test
  void commandsOnANeverCreatedInputAreNotFound() {
    assertNotFound(kit.<StatusReply<LiveInputState>>runCommand(r -> new LiveInput.Get(OWNER, r)));
    assertNotFound(kit.<StatusReply<LiveInputState>>runCommand(
        r -> new LiveInput.Update(OWNER, STUDIO, false, r)));
    assertNotFound(kit.<StatusReply<LiveInputState>>runCommand(r -> new LiveInput.SetEnabled(OWNER, false, r)));
    assertNotFound(kit.<StatusReply<LiveInputState>>runCommand(r -> new LiveInput.RotateKeys(OWNER, r)));
    assertNotFound(kit.<StatusReply<Done>>runCommand(r -> new LiveInput.Delete(OWNER, r)));
    assertNotFound(kit.<StatusReply<Output>>runCommand(
        r -> new LiveInput.AddOutput(OWNER, "rtmp://a.example/app", "k", true, r)));

    // None of those left a trace: the input can still be created.
    assertTrue(create(OWNER, LiveInputSettings.Patch.NONE, null).reply().isSuccess());
  }

  @Test
  void everyCommandOnAnotherAccountsInputIsNotFoundAndChangesNothing() {
    createDefault();
    Output output = addOutput("rtmp://a.example/app", "dest-key", true).getValue();
    LiveInputState before = kit.getState();

    assertNotFound(kit.<StatusReply<LiveInputState>>runCommand(r -> new LiveInput.Get(OTHER, r)));
    assertNotFound(kit.<StatusReply<LiveInputState>>runCommand(
        r -> new LiveInput.Create(OTHER, LiveInputSettings.Patch.NONE, null, r)));
    assertNotFound(kit.<StatusReply<LiveInputState>>runCommand(
        r -> new LiveInput.Update(OTHER, STUDIO, false, r)));
    assertNotFound(kit.<StatusReply<LiveInputState>>runCommand(r -> new LiveInput.SetEnabled(OTHER, false, r)));
    assertNotFound(kit.<StatusReply<LiveInputState>>runCommand(r -> new LiveInput.RotateKeys(OTHER, r)));
    assertNotFound(kit.<StatusReply<Done>>runCommand(r -> new LiveInput.Delete(OTHER, r)));
    assertNotFound(kit.<StatusReply<Output>>runCommand(
        r -> new LiveInput.AddOutput(OTHER, "rtmp://b.example/app", "k", true, r)));
    assertNotFound(kit.<StatusReply<Output>>runCommand(
        r -> new LiveInput.SetOutputEnabled(OTHER, output.uid(), false, r)));
    assertNotFound(kit.<StatusReply<Done>>runCommand(r -> new LiveInput.DeleteOutput(OTHER, output.uid(), r)));

    assertEquals(before, get(OWNER).getValue());
  }

  // ---- update

  @Test
  void updateMergesOnlyTheNamedRecordingField() {
    create(OWNER, STUDIO, null);
    clock.advance(STEP);

    var result = update(new LiveInputSettings.Patch(
        null, new Recording.Patch(RecordingMode.AUTOMATIC, null, null, null, null), null, null, null), null);

    LiveInputSettings expected = new LiveInputSettings(
        "{\"name\":\"studio\"}",
        new Recording(RecordingMode.AUTOMATIC, 60, true, List.of("example.com"), false),
        45,
        true,
        "creator-1");
    LiveInputState state = result.reply().getValue();
    assertEquals(expected, state.settings());
    assertEquals(List.of(new LiveInput.SettingsChanged(expected, T1_SHOWN)), result.events());
    assertTrue(state.enabled());
    assertEquals(T0_SHOWN, state.created());
    assertEquals(T1_SHOWN, state.modified());
  }

  @Test
  void updateWithExplicitNullClearsRetentionAndAllowedOriginsOnly() {
    create(OWNER, STUDIO, null);

    LiveInputState state = update(new LiveInputSettings.Patch(
            null,
            new Recording.Patch(null, null, null, Nullable.<List<String>>ofNullable(null), null),
            Nullable.<Integer>ofNullable(null),
            null,
            null),
        null).reply().getValue();

    assertEquals(
        new LiveInputSettings(
            "{\"name\":\"studio\"}", new Recording(RecordingMode.OFF, 60, true, null, false), null, true, "creator-1"),
        state.settings());
  }

  @Test
  void updateTimeoutZeroReadsBackAsUnset() {
    create(OWNER, STUDIO, null);

    LiveInputState state = update(new LiveInputSettings.Patch(
        null, new Recording.Patch(null, 0, null, null, null), null, null, null), null).reply().getValue();

    assertNull(state.settings().recording().timeoutSeconds(), "Cloudflare echoes timeoutSeconds 0 as null");
  }

  @Test
  void updateChangesSettingsAndEnabledTogether() {
    createDefault();
    clock.advance(STEP);

    var result = update(new LiveInputSettings.Patch(null, null, null, true, null), false);

    assertEquals(
        List.of(
            new LiveInput.SettingsChanged(
                new LiveInputSettings("{}", Recording.DEFAULT, null, true, null), T1_SHOWN),
            new LiveInput.Disabled(T1_SHOWN)),
        result.events());
    LiveInputState state = result.reply().getValue();
    assertFalse(state.enabled());
    assertTrue(state.settings().preferLowLatency());
    assertEquals(state, get(OWNER).getValue());
  }

  @Test
  void updateWithoutChangesPersistsNothingAndKeepsModified() {
    LiveInputState created = createDefault();
    clock.advance(STEP);

    var nothingNamed = update(LiveInputSettings.Patch.NONE, null);
    assertTrue(nothingNamed.hasNoEvents());
    assertEquals(created, nothingNamed.reply().getValue());

    // Naming the current values is no change either.
    var sameValues = update(new LiveInputSettings.Patch(
        "{}", new Recording.Patch(RecordingMode.OFF, 0, false, Nullable.<List<String>>ofNullable(null), false),
        Nullable.<Integer>ofNullable(null), false, Nullable.<String>ofNullable(null)), true);
    assertTrue(sameValues.hasNoEvents());
    assertEquals(T0_SHOWN, sameValues.reply().getValue().modified());
  }

  // ---- enable, rotate, delete

  @Test
  void setEnabledIsIdempotent() {
    createDefault();
    clock.advance(STEP);

    var disable = setEnabled(false);
    assertEquals(List.of(new LiveInput.Disabled(T1_SHOWN)), disable.events());
    assertFalse(disable.reply().getValue().enabled());
    assertEquals(T1_SHOWN, disable.reply().getValue().modified());

    clock.advance(STEP);
    var disableAgain = setEnabled(false);
    assertTrue(disableAgain.hasNoEvents());
    assertFalse(disableAgain.reply().getValue().enabled());
    assertEquals(T1_SHOWN, disableAgain.reply().getValue().modified());

    var enable = setEnabled(true);
    assertEquals(List.of(new LiveInput.Enabled(T2_SHOWN)), enable.events());
    assertTrue(enable.reply().getValue().enabled());
  }

  @Test
  void rotateKeysReplacesEverySecretAndTheOldKeyStopsMatching() {
    Credentials old = createDefault().credentials();
    clock.advance(STEP);

    var result = kit.<StatusReply<LiveInputState>>runCommand(r -> new LiveInput.RotateKeys(OWNER, r));

    LiveInputState state = result.reply().getValue();
    Credentials fresh = state.credentials();
    List<String> before = secretsOf(old);
    List<String> after = secretsOf(fresh);
    for (int i = 0; i < before.size(); i++) {
      assertNotEquals(before.get(i), after.get(i), "secret " + i + " was not replaced");
      assertTrue(Secrets.isId(after.get(i)));
    }
    assertEquals(5, Set.copyOf(after).size());
    assertEquals(List.of(new LiveInput.KeysRotated(fresh, T1_SHOWN)), result.events());
    assertEquals(T1_SHOWN, state.keysRotatedAt());
    assertEquals(T1_SHOWN, state.modified());
    assertEquals(T0_SHOWN, state.created());
    assertFalse(fresh.isRtmpsStreamKey(uid, old.rtmpsStreamKey(uid)), "the old stream key still works");
    assertTrue(fresh.isRtmpsStreamKey(uid, fresh.rtmpsStreamKey(uid)));
    assertEquals(fresh, get(OWNER).getValue().credentials());
  }

  @Test
  void deletedInputIsNotFoundAndCreatingItAgainIsGone() {
    createDefault();
    addOutput("rtmp://a.example/app", "dest-key", true);
    clock.advance(STEP);

    var delete = kit.<StatusReply<Done>>runCommand(r -> new LiveInput.Delete(OWNER, r));
    assertEquals(Done.getInstance(), delete.reply().getValue());
    assertEquals(List.of(new LiveInput.Deleted(T1_SHOWN)), delete.events());

    assertError(LiveInputException.NotFound.class, get(OWNER));
    var recreate = create(OWNER, LiveInputSettings.Patch.NONE, null);
    assertError(LiveInputException.Gone.class, recreate.reply());
    assertTrue(recreate.hasNoEvents());
    // Another account may not learn that the uid ever existed.
    assertError(LiveInputException.NotFound.class, create(OTHER, LiveInputSettings.Patch.NONE, null).reply());
    assertNotFound(kit.<StatusReply<Done>>runCommand(r -> new LiveInput.Delete(OWNER, r)));
    assertNotFound(kit.<StatusReply<Output>>runCommand(
        r -> new LiveInput.AddOutput(OWNER, "rtmp://a.example/app", "k", true, r)));
  }

  // ---- outputs

  @Test
  void addOutputReturnsItWithAFreshUid() {
    createDefault();
    clock.advance(STEP);

    var result = kit.<StatusReply<Output>>runCommand(
        r -> new LiveInput.AddOutput(OWNER, "rtmp://live.example.com/app", "dest-key", true, r));

    Output output = result.reply().getValue();
    assertTrue(Secrets.isId(output.uid()), output.uid());
    assertEquals(new Output(output.uid(), "rtmp://live.example.com/app", "dest-key", true), output);
    assertEquals(List.of(new LiveInput.OutputAdded(output, T1_SHOWN)), result.events());
    assertEquals(List.of(output), result.state().outputs());
    assertEquals(T1_SHOWN, result.state().modified());
    assertEquals(List.of(output), get(OWNER).getValue().outputs());
  }

  @Test
  void outputLimitIsEnforcedAndFreedByDelete() {
    createDefault();
    Output first = addOutput("rtmp://a.example/app", "a", true).getValue();
    Output second = addOutput("rtmp://b.example/app", "b", true).getValue();
    assertNotEquals(first.uid(), second.uid());

    var third = kit.<StatusReply<Output>>runCommand(
        r -> new LiveInput.AddOutput(OWNER, "rtmp://c.example/app", "c", true, r));
    assertError(LiveInputException.OutputLimitReached.class, third.reply());
    assertTrue(third.hasNoEvents());
    assertEquals(List.of(first, second), kit.getState().outputs());

    kit.<StatusReply<Done>>runCommand(r -> new LiveInput.DeleteOutput(OWNER, first.uid(), r));
    assertTrue(addOutput("rtmp://c.example/app", "c", true).isSuccess());
  }

  @Test
  void setOutputEnabledTogglesInPlaceAndIsIdempotent() {
    createDefault();
    Output first = addOutput("rtmp://a.example/app", "a", true).getValue();
    Output second = addOutput("rtmp://b.example/app", "b", true).getValue();
    clock.advance(STEP);

    var disable = setOutputEnabled(first.uid(), false);
    Output disabled = new Output(first.uid(), "rtmp://a.example/app", "a", false);
    assertEquals(disabled, disable.reply().getValue());
    assertEquals(List.of(new LiveInput.OutputEnabledChanged(first.uid(), false, T1_SHOWN)), disable.events());
    assertEquals(List.of(disabled, second), disable.state().outputs(), "order is kept");

    var again = setOutputEnabled(first.uid(), false);
    assertTrue(again.hasNoEvents());
    assertEquals(disabled, again.reply().getValue());

    assertEquals(first, setOutputEnabled(first.uid(), true).reply().getValue());
  }

  @Test
  void deleteOutputRemovesOnlyThatOutput() {
    createDefault();
    Output first = addOutput("rtmp://a.example/app", "a", true).getValue();
    Output second = addOutput("rtmp://b.example/app", "b", true).getValue();
    clock.advance(STEP);

    var delete = kit.<StatusReply<Done>>runCommand(r -> new LiveInput.DeleteOutput(OWNER, first.uid(), r));

    assertEquals(Done.getInstance(), delete.reply().getValue());
    assertEquals(List.of(new LiveInput.OutputDeleted(first.uid(), T1_SHOWN)), delete.events());
    assertEquals(List.of(second), get(OWNER).getValue().outputs());
    assertError(LiveInputException.OutputNotFound.class,
        kit.<StatusReply<Done>>runCommand(r -> new LiveInput.DeleteOutput(OWNER, first.uid(), r)).reply());
  }

  @Test
  void unknownOutputIsOutputNotFound() {
    createDefault();
    addOutput("rtmp://a.example/app", "a", true);
    String unknown = Secrets.newHex128();

    var set = setOutputEnabled(unknown, false);
    assertError(LiveInputException.OutputNotFound.class, set.reply());
    assertTrue(set.hasNoEvents());
    var delete = kit.<StatusReply<Done>>runCommand(r -> new LiveInput.DeleteOutput(OWNER, unknown, r));
    assertError(LiveInputException.OutputNotFound.class, delete.reply());
    assertTrue(delete.hasNoEvents());
  }

  // ---- recovery

  @Test
  void restartRecoversTheSameState() {
    create(OWNER, STUDIO, null);
    clock.advance(STEP);
    update(new LiveInputSettings.Patch(
        "{\"name\":\"renamed\"}", new Recording.Patch(RecordingMode.AUTOMATIC, 0, null, null, true),
        Nullable.<Integer>ofNullable(null), null, null), false);
    clock.advance(STEP);
    kit.<StatusReply<LiveInputState>>runCommand(r -> new LiveInput.RotateKeys(OWNER, r));
    Output first = addOutput("rtmp://a.example/app", "a", true).getValue();
    Output second = addOutput("rtmp://b.example/app", "b", true).getValue();
    clock.advance(STEP);
    setOutputEnabled(second.uid(), false);
    kit.<StatusReply<Done>>runCommand(r -> new LiveInput.DeleteOutput(OWNER, first.uid(), r));
    LiveInputState before = kit.getState();

    LiveInputState recovered = kit.restart().state();

    assertEquals(before, recovered);
    assertEquals(before, get(OWNER).getValue());
    assertEquals(List.of(new Output(second.uid(), "rtmp://b.example/app", "b", false)), recovered.outputs());
    assertEquals(T2_SHOWN, recovered.keysRotatedAt());
    assertTrue(recovered.credentials().isRtmpsStreamKey(uid, before.credentials().rtmpsStreamKey(uid)));
    // The recovered entity keeps working on the recovered outputs.
    assertEquals(second, setOutputEnabled(second.uid(), true).reply().getValue());
  }

  @Test
  void restartRecoversADeletion() {
    createDefault();
    kit.<StatusReply<Done>>runCommand(r -> new LiveInput.Delete(OWNER, r));

    kit.restart();

    assertError(LiveInputException.NotFound.class, get(OWNER));
    assertError(LiveInputException.Gone.class, create(OWNER, LiveInputSettings.Patch.NONE, null).reply());
  }

  // ---- across nodes

  @Test
  void errorRepliesKeepTheirTypeAndMessageAcrossNodes() {
    // Routes map a refusal to its Cloudflare error by exception type: a reply from an entity on another
    // node must arrive as the same type, or a 404 turns into a 500.
    List<LiveInputException> refusals = List.of(
        new LiveInputException.NotFound("live input " + uid + " not found"),
        new LiveInputException.OutputNotFound("output " + uid + " not found"),
        new LiveInputException.OutputLimitReached("a live input has at most 2 outputs"),
        new LiveInputException.Gone("live input " + uid + " was deleted"));
    for (LiveInputException refusal : refusals) {
      StatusReply<LiveInputState> back =
          actors.serializationTestKit().verifySerialization(StatusReply.<LiveInputState>error(refusal), false);
      assertEquals(refusal.getClass(), back.getError().getClass(), () -> "arrived as " + back.getError());
      assertEquals(refusal.getMessage(), back.getError().getMessage());
    }
  }

  @Test
  void clearedFieldsAndFullStateCrossNodesUnchanged() {
    // "Set to null" must stay distinct from "not named" after the trip, or a clear becomes a no-op.
    var clear = new LiveInput.Update(
        OWNER,
        new LiveInputSettings.Patch(
            null,
            new Recording.Patch(null, null, null, Nullable.<List<String>>ofNullable(null), null),
            Nullable.<Integer>ofNullable(null),
            null,
            Nullable.<String>ofNullable(null)),
        null,
        actors.<StatusReply<LiveInputState>>createTestProbe().ref());
    actors.serializationTestKit().verifySerialization(clear, true);

    create(OWNER, STUDIO, false);
    addOutput("rtmp://a.example/app", "a", false);
    kit.<StatusReply<LiveInputState>>runCommand(r -> new LiveInput.RotateKeys(OWNER, r));
    actors.serializationTestKit().verifySerialization(kit.getState(), true);
  }

  // ---- helpers

  private CommandResultWithReply<LiveInput.Command, LiveInput.Event, LiveInputState, StatusReply<LiveInputState>> create(
      String account, LiveInputSettings.Patch settings, Boolean enabled) {
    return kit.runCommand(r -> new LiveInput.Create(account, settings, enabled, r));
  }

  private LiveInputState createDefault() {
    return create(OWNER, LiveInputSettings.Patch.NONE, null).reply().getValue();
  }

  private StatusReply<LiveInputState> get(String account) {
    var result = kit.<StatusReply<LiveInputState>>runCommand(r -> new LiveInput.Get(account, r));
    assertTrue(result.hasNoEvents());
    return result.reply();
  }

  private CommandResultWithReply<LiveInput.Command, LiveInput.Event, LiveInputState, StatusReply<LiveInputState>> update(
      LiveInputSettings.Patch settings, Boolean enabled) {
    return kit.runCommand(r -> new LiveInput.Update(OWNER, settings, enabled, r));
  }

  private CommandResultWithReply<LiveInput.Command, LiveInput.Event, LiveInputState, StatusReply<LiveInputState>> setEnabled(
      boolean enabled) {
    return kit.runCommand(r -> new LiveInput.SetEnabled(OWNER, enabled, r));
  }

  private StatusReply<Output> addOutput(String url, String streamKey, boolean enabled) {
    return kit.<StatusReply<Output>>runCommand(r -> new LiveInput.AddOutput(OWNER, url, streamKey, enabled, r)).reply();
  }

  private CommandResultWithReply<LiveInput.Command, LiveInput.Event, LiveInputState, StatusReply<Output>> setOutputEnabled(
      String outputUid, boolean enabled) {
    return kit.runCommand(r -> new LiveInput.SetOutputEnabled(OWNER, outputUid, enabled, r));
  }

  private static List<String> secretsOf(Credentials c) {
    return List.of(c.rtmpsSecret(), c.srtSecret(), c.webRtcSecret(), c.rtmpsPlaybackSecret(), c.srtPlaybackSecret());
  }

  private static void assertNotFound(
      CommandResultWithReply<LiveInput.Command, LiveInput.Event, LiveInputState, ? extends StatusReply<?>> result) {
    assertError(LiveInputException.NotFound.class, result.reply());
    assertTrue(result.hasNoEvents(), () -> "persisted " + result.events());
  }

  private static <E extends Throwable> E assertError(Class<E> type, StatusReply<?> reply) {
    assertTrue(reply.isError(), () -> "expected " + type.getSimpleName() + ", got " + reply);
    return assertInstanceOf(type, reply.getError());
  }
}
