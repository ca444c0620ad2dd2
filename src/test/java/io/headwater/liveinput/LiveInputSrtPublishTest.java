package io.headwater.liveinput;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.headwater.EntityTestKit;
import io.headwater.Secrets;
import io.headwater.TestClock;
import io.headwater.media.srt.SrtKeyMaterialOpener;
import io.headwater.media.srt.codec.KeyFlags;
import io.headwater.media.srt.codec.SessionKeys;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SRT publish grants: the caller proves the passphrase with key material the entity opens, gets the media
 * keys back, and meets the same refusals and one-publisher rule as RTMP. Commands and replies are
 * serialized as between nodes.
 */
class LiveInputSrtPublishTest {
  private static final ActorTestKit actors = ActorTestKit.create(EntityTestKit.config());
  private static final String OWNER = "0123456789abcdef0123456789abcdef";
  private static final SecureRandom RANDOM = new SecureRandom();

  private String uid;
  private EventSourcedBehaviorTestKit<LiveInput.Command, LiveInput.Event, LiveInputState> kit;
  private LiveInputState created;
  private TestProbe<PublisherControl> session;

  @BeforeEach
  void createInput() {
    uid = Secrets.newHex128();
    kit = EventSourcedBehaviorTestKit.create(actors.system(), LiveInput.create(uid, 5, Duration.ofSeconds(60),
        new TestClock(Instant.parse("2026-01-02T03:04:05Z")), new SrtKeyMaterialOpener()));
    created = kit.<StatusReply<LiveInputState>>runCommand(
        r -> new LiveInput.Create(OWNER, LiveInputSettings.Patch.NONE, null, r)).reply().getValue();
    session = actors.createTestProbe(PublisherControl.class);
  }

  @AfterAll
  static void stop() {
    actors.shutdownTestKit();
  }

  /** What a libsrt caller with {@code passphrase} sends in its KMREQ: a fresh 16-byte key, wrapped. */
  private static SessionKeys callerKeys() {
    return SessionKeys.generate(RANDOM, 16, KeyFlags.EVEN);
  }

  private StatusReply<GrantedPublish> publish(SessionKeys keys, String passphrase, String sessionId) {
    return publish(kit, keys, passphrase, sessionId);
  }

  private StatusReply<GrantedPublish> publish(EventSourcedBehaviorTestKit<LiveInput.Command, LiveInput.Event,
      LiveInputState> target, SessionKeys keys, String passphrase, String sessionId) {
    byte[] km = keys.wrap(passphrase, KeyFlags.EVEN).encode();
    return target.<StatusReply<GrantedPublish>>runCommand(r -> new LiveInput.StartPublish(
        new PublishCredential.SrtKeyMaterial(km), sessionId, "node-a", "203.0.113.9:4000", "srt", session.ref(), null, r))
        .reply();
  }

  private String passphrase() {
    return created.credentials().srtPassphrase(uid);
  }

  @Test
  void theRightPassphraseIsGrantedWithTheMediaKeysAndRecordedAsSrt() {
    SessionKeys keys = callerKeys();
    StatusReply<GrantedPublish> reply = publish(keys, passphrase(), "s1");
    assertTrue(reply.isSuccess(), () -> "refused: " + reply);
    assertArrayEquals(keys.key(KeyFlags.EVEN), reply.getValue().mediaKeys().keys(), "the caller's own session key");
    StatusEntry entry = kit.getState().statusHistory().get(0);
    assertEquals(LiveInput.CONNECTED, entry.state());
    assertEquals("srt", entry.protocol());
    assertEquals("203.0.113.9:4000", entry.remoteAddress());
  }

  @Test
  void wrongPassphrasesAndUnknownInputsAreRefusedAlikeAndDisabledAfterThem() {
    String right = passphrase();
    String wrong = (right.charAt(0) == 'a' ? "b" : "a") + right.substring(1);
    assertRefused(publish(callerKeys(), wrong, "s1"), LiveInputException.PublishRefused.INVALID_PASSPHRASE);
    assertRefused(publish(callerKeys(), created.credentials().srtPlaybackPassphrase(uid), "s1"),
        LiveInputException.PublishRefused.INVALID_PASSPHRASE);
    assertRefused(publish(callerKeys(), created.credentials().rtmpsStreamKey(uid), "s1"),
        LiveInputException.PublishRefused.INVALID_PASSPHRASE);

    var unknown = EventSourcedBehaviorTestKit.<LiveInput.Command, LiveInput.Event, LiveInputState>create(actors.system(),
        LiveInput.create(Secrets.newHex128(), 5, Duration.ofSeconds(60), new TestClock(Instant.EPOCH), new SrtKeyMaterialOpener()));
    assertRefused(publish(unknown, callerKeys(), right, "s1"), LiveInputException.PublishRefused.INVALID_PASSPHRASE);

    kit.<StatusReply<LiveInputState>>runCommand(r -> new LiveInput.SetEnabled(OWNER, false, r));
    assertRefused(publish(callerKeys(), wrong, "s1"), LiveInputException.PublishRefused.INVALID_PASSPHRASE);
    assertRefused(publish(callerKeys(), right, "s1"), LiveInputException.PublishRefused.DISABLED);

    kit.<StatusReply<org.apache.pekko.Done>>runCommand(r -> new LiveInput.Delete(OWNER, r));
    assertRefused(publish(callerKeys(), right, "s1"), LiveInputException.PublishRefused.INVALID_PASSPHRASE);
  }

  @Test
  void oneInputHasOnePublisherWhateverTheProtocol() {
    String rtmpKey = created.credentials().rtmpsStreamKey(uid);
    kit.<StatusReply<GrantedPublish>>runCommand(r -> new LiveInput.StartPublish(new PublishCredential.StreamKey(rtmpKey),
        "rtmp-session", "node-a", "203.0.113.7:1", "rtmp", session.ref(), null, r));
    assertRefused(publish(callerKeys(), passphrase(), "srt-session"), LiveInputException.PublishRefused.BUSY);
  }

  @Test
  void aKeyRefreshOpensForTheLivePublisherOnlyAndNotAfterRotation() {
    SessionKeys keys = callerKeys();
    publish(keys, passphrase(), "s1");
    // srt.md 7.6: the pre-announce carries the current and the next key.
    byte[] refresh = SessionKeys.generate(RANDOM, 16, KeyFlags.BOTH).wrap(passphrase(), KeyFlags.BOTH).encode();

    StatusReply<MediaKeys> opened = kit.<StatusReply<MediaKeys>>runCommand(
        r -> new LiveInput.RefreshMediaKeys("s1", refresh, r)).reply();
    assertTrue(opened.isSuccess());
    assertEquals(32, opened.getValue().keys().length, "even and odd key");
    assertRefused(kit.<StatusReply<MediaKeys>>runCommand(r -> new LiveInput.RefreshMediaKeys("other", refresh, r)).reply(),
        LiveInputException.PublishRefused.NOT_PUBLISHING);

    kit.<StatusReply<LiveInputState>>runCommand(r -> new LiveInput.RotateKeys(OWNER, r));
    assertEquals(new PublisherControl.Kick("stream keys rotated"), session.receiveMessage());
    assertRefused(kit.<StatusReply<MediaKeys>>runCommand(r -> new LiveInput.RefreshMediaKeys("s1", refresh, r)).reply(),
        LiveInputException.PublishRefused.INVALID_PASSPHRASE);
  }

  private StatusReply<GrantedPlayback> play(EventSourcedBehaviorTestKit<LiveInput.Command, LiveInput.Event,
      LiveInputState> target, SessionKeys keys, String passphrase) {
    byte[] km = keys.wrap(passphrase, KeyFlags.EVEN).encode();
    return target.<StatusReply<GrantedPlayback>>runCommand(
        r -> new LiveInput.AuthorizePlayback(new PublishCredential.SrtKeyMaterial(km), r)).reply();
  }

  @Test
  void srtPlaybackOpensWithThePlaybackPassphraseOnlyAndNeedsAPublisher() {
    String playback = created.credentials().srtPlaybackPassphrase(uid);
    assertRefused(play(kit, callerKeys(), playback), LiveInputException.PublishRefused.NOT_LIVE);
    assertRefused(play(kit, callerKeys(), passphrase()), LiveInputException.PublishRefused.INVALID_PASSPHRASE);
    publish(callerKeys(), passphrase(), "s1");

    SessionKeys viewer = callerKeys();
    StatusReply<GrantedPlayback> granted = play(kit, viewer, playback);
    assertTrue(granted.isSuccess(), () -> "refused: " + granted);
    assertEquals("node-a", granted.getValue().node());
    assertArrayEquals(viewer.key(KeyFlags.EVEN), granted.getValue().mediaKeys().keys(), "the viewer's own session key");
    assertRefused(play(kit, callerKeys(), passphrase()), LiveInputException.PublishRefused.INVALID_PASSPHRASE,
        "an ingest passphrase cannot play");
    assertRefused(publish(callerKeys(), playback, "s2"), LiveInputException.PublishRefused.INVALID_PASSPHRASE,
        "nor a playback passphrase publish");

    var unknown = EventSourcedBehaviorTestKit.<LiveInput.Command, LiveInput.Event, LiveInputState>create(actors.system(),
        LiveInput.create(Secrets.newHex128(), 5, Duration.ofSeconds(60), new TestClock(Instant.EPOCH), new SrtKeyMaterialOpener()));
    assertRefused(play(unknown, callerKeys(), playback), LiveInputException.PublishRefused.INVALID_PASSPHRASE);
    kit.<StatusReply<LiveInputState>>runCommand(r -> new LiveInput.RotateKeys(OWNER, r));
    assertRefused(play(kit, callerKeys(), playback), LiveInputException.PublishRefused.INVALID_PASSPHRASE,
        "rotate_keys replaces the playback passphrase too");
  }

  private static void assertRefused(StatusReply<?> reply, String message, String what) {
    assertTrue(reply.isError(), () -> what + ": granted: " + reply);
    assertEquals(message, reply.getError().getMessage(), what);
  }

  private static void assertRefused(StatusReply<?> reply, String message) {
    assertTrue(reply.isError(), () -> "granted: " + reply);
    assertInstanceOf(LiveInputException.PublishRefused.class, reply.getError());
    assertEquals(message, reply.getError().getMessage());
  }
}
