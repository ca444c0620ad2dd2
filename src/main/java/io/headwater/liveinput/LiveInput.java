package io.headwater.liveinput;

import io.headwater.CborSerializable;
import io.headwater.Secrets;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * One live input: its settings, credentials, outputs and status, event-sourced and sharded by uid.
 * Routes reach it through the API layer's LiveInputFacade; every command replies, and a command for another
 * account's input is answered exactly as one for an unknown uid.
 */
public final class LiveInput
    extends EventSourcedBehaviorWithEnforcedReplies<LiveInput.Command, LiveInput.Event, LiveInputState> {

  public static final EntityTypeKey<Command> ENTITY_TYPE_KEY = EntityTypeKey.create(Command.class, "LiveInput");

  // ---- protocol

  public sealed interface Command extends CborSerializable {}

  /** Creates the input; repeating it for an existing input of the same account returns that input. */
  public record Create(
      String accountId, LiveInputSettings.Patch settings, Boolean enabled, ActorRef<StatusReply<LiveInputState>> replyTo)
      implements Command {}

  public record Get(String accountId, ActorRef<StatusReply<LiveInputState>> replyTo) implements Command {}

  /** What playback needs, for anyone who knows the uid (playback URLs are public); no account check. */
  public record GetPlayback(ActorRef<StatusReply<PlaybackView>> replyTo) implements Command {}

  /** Merges the named settings (and `enabled`, if named) into the input. */
  public record Update(
      String accountId, LiveInputSettings.Patch settings, Boolean enabled, ActorRef<StatusReply<LiveInputState>> replyTo)
      implements Command {}

  public record SetEnabled(String accountId, boolean enabled, ActorRef<StatusReply<LiveInputState>> replyTo)
      implements Command {}

  /** Replaces every secret; the old ones stop working at once. */
  public record RotateKeys(String accountId, ActorRef<StatusReply<LiveInputState>> replyTo) implements Command {}

  public record Delete(String accountId, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  public record AddOutput(
      String accountId, String url, String streamKey, boolean enabled, ActorRef<StatusReply<Output>> replyTo)
      implements Command {}

  public record SetOutputEnabled(
      String accountId, String outputUid, boolean enabled, ActorRef<StatusReply<Output>> replyTo) implements Command {}

  public record DeleteOutput(String accountId, String outputUid, ActorRef<StatusReply<Done>> replyTo)
      implements Command {}

  /**
   * A session asks to publish with the credential its encoder presented (an RTMP stream key, or SRT key
   * material wrapped under the passphrase). The grant records the {@link Publisher} and says whether it
   * continues a broadcast whose publisher left within the reconnect window; an SRT grant also carries the
   * media keys. A refusal is {@link LiveInputException.PublishRefused}. One publisher at a time, whatever the
   * protocol: a second one is refused while the first is live (as SRS, nginx-rtmp and OvenMediaEngine do,
   * so two auto-reconnecting encoders cannot keep knocking each other off). The same session asking again
   * gets the same grant.
   */
  public record StartPublish(
      PublishCredential credential,
      String sessionId,
      String node,
      String remoteAddress,
      String protocol,
      ActorRef<PublisherControl> control,
      ActorRef<OutputControl> outputControl,
      ActorRef<StatusReply<GrantedPublish>> replyTo)
      implements Command {}

  /**
   * The live SRT session announces new session keys in band (srt.md 7.6, key refresh): they are opened with
   * the input's current passphrase, for the session holding the publish only.
   */
  public record RefreshMediaKeys(String sessionId, byte[] keyMaterial, ActorRef<StatusReply<MediaKeys>> replyTo)
      implements Command {}

  /**
   * A pull viewer presents the input's playback credential: Cloudflare's {@code rtmpsPlayback.streamKey} as a
   * {@link PublishCredential.StreamKey}, or key material wrapped under its {@code srtPlayback.passphrase} as a
   * {@link PublishCredential.SrtKeyMaterial}, opened here as a publisher's is (the passphrase never leaves).
   * The answer names the node holding the publisher, whose hub the viewer reads, with an SRT viewer's media
   * keys. Refused alike for unknown, deleted and wrong credentials (after the same key derivation for SRT),
   * then when nothing is live. Ingest credentials cannot play, playback credentials cannot publish.
   */
  public record AuthorizePlayback(PublishCredential credential, ActorRef<StatusReply<GrantedPlayback>> replyTo)
      implements Command {}

  /** The session's publish ended (the encoder left, was kicked, or broke a limit). */
  public record EndPublish(String sessionId, String reason, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  /**
   * The node of a live publish reports trouble with its transcoded renditions (they stopped, or fall behind
   * real time), in words for the input's owner: recorded in the status history under the unchanged status
   * while that publish is live; a report about an earlier publish is acknowledged and dropped.
   */
  public record ReportTranscoding(String sessionId, String reason, ActorRef<StatusReply<Done>> replyTo)
      implements Command {}

  /** The publisher's session actor stopped, or its node left the cluster. */
  private record PublisherGone(String sessionId) implements Command {}

  /** A grace period after {@link PublisherGone} passed without an EndPublish: the publish ended unannounced. */
  private record PublisherLost(String sessionId) implements Command {}

  /** The reconnect window ending at {@code until} should have passed; stale once a publish came or a later window began. */
  private record ReconnectWindowPassed(Instant until) implements Command {}

  /**
   * How long a vanished session's EndPublish (which travels through sharding) may trail the death watch
   * (which is delivered directly) before the publish is recorded as lost.
   */
  static final Duration END_PUBLISH_GRACE = Duration.ofSeconds(1);

  /** Longest report kept in the status history, in characters. */
  static final int MAX_REPORT_LENGTH = 300;

  public sealed interface Event extends CborSerializable {
    Instant at();
  }

  public record Created(String accountId, LiveInputSettings settings, boolean enabled, Credentials credentials, Instant at)
      implements Event {}

  public record SettingsChanged(LiveInputSettings settings, Instant at) implements Event {}

  public record Enabled(Instant at) implements Event {}

  public record Disabled(Instant at) implements Event {}

  public record KeysRotated(Credentials credentials, Instant at) implements Event {}

  public record OutputAdded(Output output, Instant at) implements Event {}

  public record OutputEnabledChanged(String outputUid, boolean enabled, Instant at) implements Event {}

  public record OutputDeleted(String outputUid, Instant at) implements Event {}

  public record Deleted(Instant at) implements Event {}

  /** Status {@code reconnected} when the grant resumes the broadcast, else {@code connected}. */
  public record PublishStarted(PublishGrant grant, Instant at) implements Event {}

  /**
   * @param state the status it ends in: reconnecting, or client_disconnect for a disabled or deleted input
   * @param reconnectUntil when reconnecting, the end of the window; else null
   */
  public record PublishEnded(String sessionId, String state, String reason, Instant reconnectUntil, Instant at)
      implements Event {}

  /** A transcoding problem of the live publish, as {@link ReportTranscoding} gave it. */
  public record TranscodingReported(String reason, Instant at) implements Event {}

  /** The reconnect window passed without a publish, or the input was disabled or deleted while in it. */
  public record BroadcastEnded(String reason, Instant at) implements Event {}

  /** Status values, as Cloudflare names them. */
  public static final String CONNECTED = "connected";
  public static final String RECONNECTING = "reconnecting";
  public static final String RECONNECTED = "reconnected";
  public static final String CLIENT_DISCONNECT = "client_disconnect";

  // ---- behavior

  /**
   * @param reconnectWindow the window of inputs whose {@code recording.timeoutSeconds} is unset
   * @param srtKeys opens SRT publishers' key material with an input's passphrase
   */
  public static void init(ActorSystem<?> system, int maxOutputsPerInput, Duration reconnectWindow, Clock clock,
      KeyMaterialOpener srtKeys) {
    ClusterSharding.get(system).init(Entity.of(ENTITY_TYPE_KEY, ctx ->
        create(ctx.getEntityId(), maxOutputsPerInput, reconnectWindow, clock, srtKeys)));
  }

  /** An input that refuses every SRT publisher. */
  public static Behavior<Command> create(String uid, int maxOutputsPerInput, Duration reconnectWindow, Clock clock) {
    return create(uid, maxOutputsPerInput, reconnectWindow, clock, KeyMaterialOpener.NONE);
  }

  public static Behavior<Command> create(String uid, int maxOutputsPerInput, Duration reconnectWindow, Clock clock,
      KeyMaterialOpener srtKeys) {
    return Behaviors.setup(ctx -> new LiveInput(ctx, uid, maxOutputsPerInput, reconnectWindow, clock, srtKeys));
  }

  private final ActorContext<Command> context;
  private final String uid;
  private final int maxOutputs;
  private final Duration defaultReconnectWindow;
  private final Clock clock;
  private final KeyMaterialOpener srtKeys;

  private LiveInput(ActorContext<Command> context, String uid, int maxOutputs, Duration defaultReconnectWindow, Clock clock,
      KeyMaterialOpener srtKeys) {
    // A failed persist leaves the outcome unknown: restart and recover from the journal, never resume.
    super(
        PersistenceId.of(ENTITY_TYPE_KEY.name(), uid),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2));
    this.context = context;
    this.uid = uid;
    this.maxOutputs = maxOutputs;
    this.defaultReconnectWindow = defaultReconnectWindow;
    this.clock = clock;
    this.srtKeys = srtKeys;
  }

  @Override
  public LiveInputState emptyState() {
    return LiveInputState.empty(uid);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(100, 2);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, LiveInputState> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Create.class, this::onCreate)
        .onCommand(Get.class, this::onGet)
        .onCommand(GetPlayback.class, this::onGetPlayback)
        .onCommand(Update.class, this::onUpdate)
        .onCommand(SetEnabled.class, this::onSetEnabled)
        .onCommand(RotateKeys.class, this::onRotateKeys)
        .onCommand(Delete.class, this::onDelete)
        .onCommand(AddOutput.class, this::onAddOutput)
        .onCommand(SetOutputEnabled.class, this::onSetOutputEnabled)
        .onCommand(DeleteOutput.class, this::onDeleteOutput)
        .onCommand(StartPublish.class, this::onStartPublish)
        .onCommand(AuthorizePlayback.class, this::onAuthorizePlayback)
        .onCommand(RefreshMediaKeys.class, this::onRefreshMediaKeys)
        .onCommand(EndPublish.class, this::onEndPublish)
        .onCommand(ReportTranscoding.class, this::onReportTranscoding)
        .onCommand(PublisherGone.class, this::onPublisherGone)
        .onCommand(PublisherLost.class, this::onPublisherLost)
        .onCommand(ReconnectWindowPassed.class, this::onReconnectWindowPassed)
        .build();
  }

  @Override
  public SignalHandler<LiveInputState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.class, (state, signal) -> {
          // A recovered entity (after passivation, restart or rebalance) keeps watching its publisher, and
          // keeps the timer of a reconnect window (at once if it passed while no one ran it).
          if (state.publisher() != null) watch(state.publisher());
          armReconnectTimer(state);
        })
        .build();
  }

  private ReplyEffect<Event, LiveInputState> onCreate(LiveInputState state, Create cmd) {
    if (state.accountId() == null) {
      LiveInputSettings settings = LiveInputSettings.DEFAULT.merge(cmd.settings());
      boolean enabled = cmd.enabled() == null || cmd.enabled();
      return Effect()
          .persist(new Created(cmd.accountId(), settings, enabled, Credentials.generate(), now()))
          .thenReply(cmd.replyTo(), StatusReply::success);
    }
    if (state.visibleTo(cmd.accountId())) {
      return Effect().persist(closeExpiredWindow(state, now())).thenReply(cmd.replyTo(), StatusReply::success);
    }
    if (state.deleted() && state.accountId().equals(cmd.accountId())) {
      return Effect().reply(cmd.replyTo(), StatusReply.error(new LiveInputException.Gone("live input " + uid + " was deleted")));
    }
    return Effect().reply(cmd.replyTo(), notFound());
  }

  private ReplyEffect<Event, LiveInputState> onGet(LiveInputState state, Get cmd) {
    if (!state.visibleTo(cmd.accountId())) return Effect().reply(cmd.replyTo(), notFound());
    return Effect().persist(closeExpiredWindow(state, now())).thenReply(cmd.replyTo(), StatusReply::success);
  }

  private ReplyEffect<Event, LiveInputState> onGetPlayback(LiveInputState state, GetPlayback cmd) {
    if (!state.exists()) return Effect().reply(cmd.replyTo(), notFound());
    return Effect()
        .persist(closeExpiredWindow(state, now()))
        .thenReply(cmd.replyTo(), s -> StatusReply.success(PlaybackView.of(s)));
  }

  private ReplyEffect<Event, LiveInputState> onUpdate(LiveInputState state, Update cmd) {
    if (!state.visibleTo(cmd.accountId())) return Effect().reply(cmd.replyTo(), notFound());
    Instant at = now();
    List<Event> events = closeExpiredWindow(state, at);
    LiveInputSettings merged = state.settings().merge(cmd.settings());
    if (!merged.equals(state.settings())) events.add(new SettingsChanged(merged, at));
    if (cmd.enabled() != null && cmd.enabled() != state.enabled()) events.addAll(enabledChanged(state, cmd.enabled(), at));
    return Effect()
        .persist(events)
        .thenRun(s -> { if (!s.enabled()) kick(s, LiveInputException.PublishRefused.DISABLED); })
        .thenReply(cmd.replyTo(), StatusReply::success);
  }

  private ReplyEffect<Event, LiveInputState> onSetEnabled(LiveInputState state, SetEnabled cmd) {
    if (!state.visibleTo(cmd.accountId())) return Effect().reply(cmd.replyTo(), notFound());
    Instant at = now();
    List<Event> events = closeExpiredWindow(state, at);
    boolean changes = state.enabled() != cmd.enabled();
    if (changes) events.addAll(enabledChanged(state, cmd.enabled(), at));
    return Effect()
        .persist(events)
        .thenRun(s -> { if (changes && !s.enabled()) kick(s, LiveInputException.PublishRefused.DISABLED); })
        .thenReply(cmd.replyTo(), StatusReply::success);
  }

  /** Disabling also ends a broadcast waiting for its publisher: a reconnect would be refused. */
  private static List<Event> enabledChanged(LiveInputState state, boolean enabled, Instant at) {
    if (enabled) return List.of(new Enabled(at));
    List<Event> events = new ArrayList<>(List.of(new Disabled(at)));
    if (windowOpen(state, at)) events.add(new BroadcastEnded("live input disabled; the broadcast ended", at));
    return events;
  }

  private ReplyEffect<Event, LiveInputState> onRotateKeys(LiveInputState state, RotateKeys cmd) {
    if (!state.visibleTo(cmd.accountId())) return Effect().reply(cmd.replyTo(), notFound());
    // The kicked encoder may come back with the new key within the window, and continue the broadcast.
    Instant at = now();
    List<Event> events = closeExpiredWindow(state, at);
    events.add(new KeysRotated(Credentials.generate(), at));
    return Effect()
        .persist(events)
        .thenRun(s -> kick(s, "stream keys rotated"))
        .thenReply(cmd.replyTo(), StatusReply::success);
  }

  private ReplyEffect<Event, LiveInputState> onDelete(LiveInputState state, Delete cmd) {
    if (!state.visibleTo(cmd.accountId())) return Effect().reply(cmd.replyTo(), notFound());
    Instant at = now();
    List<Event> events = closeExpiredWindow(state, at);
    if (windowOpen(state, at)) events.add(new BroadcastEnded("live input deleted; the broadcast ended", at));
    events.add(new Deleted(at));
    return Effect()
        .persist(events)
        .thenRun(s -> kick(s, "live input deleted"))
        .thenReply(cmd.replyTo(), s -> StatusReply.ack());
  }

  private ReplyEffect<Event, LiveInputState> onAddOutput(LiveInputState state, AddOutput cmd) {
    if (!state.visibleTo(cmd.accountId())) return Effect().reply(cmd.replyTo(), notFound());
    if (state.outputs().size() >= maxOutputs) {
      return Effect()
          .reply(cmd.replyTo(), StatusReply.error(new LiveInputException.OutputLimitReached(
              "a live input has at most " + maxOutputs + " outputs")));
    }
    Output output = new Output(Secrets.newHex128(), cmd.url(), cmd.streamKey(), cmd.enabled());
    return Effect().persist(new OutputAdded(output, now()))
        .thenRun(this::announceOutputs)
        .thenReply(cmd.replyTo(), s -> StatusReply.success(output));
  }

  private ReplyEffect<Event, LiveInputState> onSetOutputEnabled(LiveInputState state, SetOutputEnabled cmd) {
    if (!state.visibleTo(cmd.accountId())) return Effect().reply(cmd.replyTo(), notFound());
    var output = state.output(cmd.outputUid());
    if (output.isEmpty()) return Effect().reply(cmd.replyTo(), outputNotFound(cmd.outputUid()));
    if (output.get().enabled() == cmd.enabled()) return Effect().reply(cmd.replyTo(), StatusReply.success(output.get()));
    return Effect()
        .persist(new OutputEnabledChanged(cmd.outputUid(), cmd.enabled(), now()))
        .thenRun(this::announceOutputs)
        .thenReply(cmd.replyTo(), s -> StatusReply.success(s.output(cmd.outputUid()).orElseThrow()));
  }

  private ReplyEffect<Event, LiveInputState> onDeleteOutput(LiveInputState state, DeleteOutput cmd) {
    if (!state.visibleTo(cmd.accountId())) return Effect().reply(cmd.replyTo(), notFound());
    if (state.output(cmd.outputUid()).isEmpty()) return Effect().reply(cmd.replyTo(), outputNotFound(cmd.outputUid()));
    return Effect().persist(new OutputDeleted(cmd.outputUid(), now()))
        .thenRun(this::announceOutputs)
        .thenReply(cmd.replyTo(), s -> StatusReply.ack());
  }

  private ReplyEffect<Event, LiveInputState> onStartPublish(LiveInputState state, StartPublish cmd) {
    // Unknown, deleted and wrong-credential inputs are refused alike, so a scan learns nothing.
    Verdict verdict = verify(state, cmd.credential());
    if (!verdict.valid()) return Effect().reply(cmd.replyTo(), refused(verdict.refusal()));
    if (!state.enabled()) return Effect().reply(cmd.replyTo(), refused(LiveInputException.PublishRefused.DISABLED));
    PublishGrant current = state.grant();
    if (current != null && current.publisher().sessionId().equals(cmd.sessionId())) {
      return Effect().reply(cmd.replyTo(), StatusReply.success(new GrantedPublish(current, verdict.mediaKeys())));
    }
    if (current != null) return Effect().reply(cmd.replyTo(), refused(LiveInputException.PublishRefused.BUSY));
    Instant at = now();
    List<Event> events = closeExpiredWindow(state, at);
    Publisher publisher = new Publisher(
        cmd.sessionId(), cmd.node(), cmd.remoteAddress(), cmd.protocol(), cmd.control(), cmd.outputControl(), at);
    PublishGrant grant = new PublishGrant(
        publisher, state.settings().preferLowLatency(), reconnectWindow(state.settings()), windowOpen(state, at));
    events.add(new PublishStarted(grant, at));
    return Effect()
        .persist(events)
        .thenRun(s -> {
          watch(publisher);
          announceOutputs(s);
        })
        .thenReply(cmd.replyTo(), s -> StatusReply.success(new GrantedPublish(grant, verdict.mediaKeys())));
  }

  /** A credential's check: valid or the refusal to give; an SRT credential's media keys. */
  private record Verdict(boolean valid, String refusal, MediaKeys mediaKeys) {}

  /**
   * Constant time for the stream key; for SRT key material the same key derivation runs for an unknown or
   * deleted input (against a passphrase of the same shape), so response times do not tell it from a wrong
   * passphrase.
   */
  private Verdict verify(LiveInputState state, PublishCredential credential) {
    if (credential instanceof PublishCredential.SrtKeyMaterial km) {
      return openSrt(state, state.exists() ? state.credentials().srtPassphrase(uid) : null, km);
    }
    String key = ((PublishCredential.StreamKey) credential).key();
    return new Verdict(state.exists() && state.credentials().isRtmpsStreamKey(uid, key),
        LiveInputException.PublishRefused.INVALID_STREAM_KEY, null);
  }

  /**
   * Opens SRT key material with {@code passphrase}; for an unknown or deleted input (null) the same derivation
   * runs against a passphrase of the same shape, and fails.
   */
  private Verdict openSrt(LiveInputState state, String passphrase, PublishCredential.SrtKeyMaterial km) {
    Optional<byte[]> keys = srtKeys.open(passphrase != null ? passphrase : "0".repeat(32) + "k" + uid, km.keyMaterial());
    return new Verdict(passphrase != null && keys.isPresent(), LiveInputException.PublishRefused.INVALID_PASSPHRASE,
        passphrase != null ? keys.map(MediaKeys::new).orElse(null) : null);
  }

  private ReplyEffect<Event, LiveInputState> onRefreshMediaKeys(LiveInputState state, RefreshMediaKeys cmd) {
    Publisher current = state.publisher();
    if (!state.exists() || current == null || !current.sessionId().equals(cmd.sessionId())) {
      return Effect().reply(cmd.replyTo(), refused(LiveInputException.PublishRefused.NOT_PUBLISHING));
    }
    return srtKeys.open(state.credentials().srtPassphrase(uid), cmd.keyMaterial())
        .map(keys -> Effect().reply(cmd.replyTo(), StatusReply.success(new MediaKeys(keys))))
        .orElseGet(() -> Effect().reply(cmd.replyTo(), refused(LiveInputException.PublishRefused.INVALID_PASSPHRASE)));
  }

  private ReplyEffect<Event, LiveInputState> onAuthorizePlayback(LiveInputState state, AuthorizePlayback cmd) {
    Verdict verdict = verifyPlayback(state, cmd.credential());
    if (!verdict.valid()) return Effect().reply(cmd.replyTo(), refused(verdict.refusal()));
    Publisher publisher = state.publisher();
    if (publisher == null) return Effect().reply(cmd.replyTo(), refused(LiveInputException.PublishRefused.NOT_LIVE));
    return Effect().reply(cmd.replyTo(), StatusReply.success(new GrantedPlayback(publisher.node(), verdict.mediaKeys())));
  }

  /** As {@link #verify}, against the playback secrets. */
  private Verdict verifyPlayback(LiveInputState state, PublishCredential credential) {
    if (credential instanceof PublishCredential.SrtKeyMaterial km) {
      return openSrt(state, state.exists() ? state.credentials().srtPlaybackPassphrase(uid) : null, km);
    }
    String key = ((PublishCredential.StreamKey) credential).key();
    return new Verdict(state.exists() && state.credentials().isRtmpsPlaybackStreamKey(uid, key),
        LiveInputException.PublishRefused.INVALID_STREAM_KEY, null);
  }

  private ReplyEffect<Event, LiveInputState> onEndPublish(LiveInputState state, EndPublish cmd) {
    Publisher current = state.publisher();
    if (current == null || !current.sessionId().equals(cmd.sessionId())) {
      return Effect().reply(cmd.replyTo(), StatusReply.ack());
    }
    return Effect()
        .persist(publishEnded(state, cmd.reason(), now()))
        .thenRun(s -> {
          context.unwatch(current.control());
          armReconnectTimer(s);
        })
        .thenReply(cmd.replyTo(), s -> StatusReply.ack());
  }

  private ReplyEffect<Event, LiveInputState> onReportTranscoding(LiveInputState state, ReportTranscoding cmd) {
    Publisher current = state.publisher();
    if (current == null || !current.sessionId().equals(cmd.sessionId())) {
      return Effect().reply(cmd.replyTo(), StatusReply.ack());
    }
    String reason = cmd.reason().length() > MAX_REPORT_LENGTH ? cmd.reason().substring(0, MAX_REPORT_LENGTH) : cmd.reason();
    return Effect().persist(new TranscodingReported(reason, now())).thenReply(cmd.replyTo(), s -> StatusReply.ack());
  }

  private ReplyEffect<Event, LiveInputState> onPublisherGone(LiveInputState state, PublisherGone cmd) {
    context.scheduleOnce(END_PUBLISH_GRACE, context.getSelf(), new PublisherLost(cmd.sessionId()));
    return Effect().noReply();
  }

  private ReplyEffect<Event, LiveInputState> onPublisherLost(LiveInputState state, PublisherLost cmd) {
    Publisher current = state.publisher();
    if (current == null || !current.sessionId().equals(cmd.sessionId())) return Effect().noReply();
    return Effect()
        .persist(publishEnded(state, "publisher session lost", now()))
        .thenRun(this::armReconnectTimer)
        .thenNoReply();
  }

  /**
   * The live publish ended: the broadcast waits the grant's reconnect window for a publish to continue it
   * (Cloudflare's recording.timeoutSeconds), unless the input is disabled or deleted, which no publish
   * can continue.
   */
  private static PublishEnded publishEnded(LiveInputState state, String reason, Instant at) {
    String sessionId = state.publisher().sessionId();
    if (!state.exists() || !state.enabled()) return new PublishEnded(sessionId, CLIENT_DISCONNECT, reason, null, at);
    Duration window = state.grant().reconnectWindow();
    return new PublishEnded(sessionId, RECONNECTING,
        reason + "; a publish within " + seconds(window) + " continues the broadcast", at.plus(window), at);
  }

  private ReplyEffect<Event, LiveInputState> onReconnectWindowPassed(LiveInputState state, ReconnectWindowPassed cmd) {
    if (!cmd.until().equals(state.reconnectUntil())) return Effect().noReply();
    if (windowOpen(state, now())) {
      // The scheduler ran ahead of the clock (a clock step); wait for the rest.
      armReconnectTimer(state);
      return Effect().noReply();
    }
    return Effect().persist(closeExpiredWindow(state, now())).thenNoReply();
  }

  /**
   * The event that ends a broadcast whose reconnect window has passed, dated at the window's end; empty
   * while the window is open or there is none. Commands that show the status or grant a publish persist it
   * first, since the timer does not survive passivation or a node's death: the status never reads
   * reconnecting past the deadline. The list is the handler's to extend.
   */
  private static List<Event> closeExpiredWindow(LiveInputState state, Instant now) {
    List<Event> events = new ArrayList<>();
    Instant until = state.reconnectUntil();
    if (until != null && !now.isBefore(until)) {
      // The latest status is the reconnecting one, which opened the window.
      Duration window = Duration.between(state.lastStatus().at(), until);
      events.add(new BroadcastEnded("no publish within " + seconds(window) + "; the broadcast ended", until));
    }
    return events;
  }

  private static boolean windowOpen(LiveInputState state, Instant now) {
    return state.reconnectUntil() != null && now.isBefore(state.reconnectUntil());
  }

  private void armReconnectTimer(LiveInputState state) {
    Instant until = state.reconnectUntil();
    if (until == null) return;
    Duration left = Duration.between(now(), until);
    context.scheduleOnce(left.isNegative() ? Duration.ZERO : left, context.getSelf(), new ReconnectWindowPassed(until));
  }

  /** {@code recording.timeoutSeconds} when set (Cloudflare: 0 or null is the platform default), else the node's default. */
  private Duration reconnectWindow(LiveInputSettings settings) {
    Integer timeout = settings.recording().timeoutSeconds();
    return timeout != null && timeout > 0 ? Duration.ofSeconds(timeout) : defaultReconnectWindow;
  }

  /** "60 s", "1.5 s": a window as the status reasons show it. */
  private static String seconds(Duration d) {
    return BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros().toPlainString() + " s";
  }

  private void watch(Publisher publisher) {
    context.watchWith(publisher.control(), new PublisherGone(publisher.sessionId()));
  }

  /** Tells the publisher's restreamer the outputs now, so pushers follow within moments. */
  private void announceOutputs(LiveInputState state) {
    Publisher p = state.publisher();
    if (p != null && p.outputControl() != null) {
      p.outputControl().tell(new OutputControl.OutputsChanged(uid, p.sessionId(), state.outputs()));
    }
  }

  private static void kick(LiveInputState state, String reason) {
    if (state.publisher() != null) state.publisher().control().tell(new PublisherControl.Kick(reason));
  }

  private static <T> StatusReply<T> refused(String why) {
    return StatusReply.error(new LiveInputException.PublishRefused(why));
  }

  @Override
  public EventHandler<LiveInputState, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(Created.class, (s, e) -> s.created(e.accountId(), e.settings(), e.enabled(), e.credentials(), e.at()))
        .onEvent(SettingsChanged.class, (s, e) -> s.withSettings(e.settings(), e.at()))
        .onEvent(Enabled.class, (s, e) -> s.withEnabled(true, e.at()))
        .onEvent(Disabled.class, (s, e) -> s.withEnabled(false, e.at()))
        .onEvent(KeysRotated.class, (s, e) -> s.withCredentials(e.credentials(), e.at()))
        .onEvent(OutputAdded.class, (s, e) -> s.withOutput(e.output(), e.at()))
        .onEvent(OutputEnabledChanged.class, (s, e) ->
            s.withOutput(s.output(e.outputUid()).orElseThrow().withEnabled(e.enabled()), e.at()))
        .onEvent(OutputDeleted.class, (s, e) -> s.withoutOutput(e.outputUid(), e.at()))
        .onEvent(Deleted.class, (s, e) -> s.asDeleted(e.at()))
        .onEvent(PublishStarted.class, (s, e) -> {
          Publisher p = e.grant().publisher();
          boolean resumes = e.grant().resumesBroadcast();
          return s.withStatus(new StatusEntry(resumes ? RECONNECTED : CONNECTED,
              resumes ? "publisher reconnected; the broadcast continues" : "publisher connected",
              p.node(), p.protocol(), p.remoteAddress(), e.at()), e.grant(), null);
        })
        .onEvent(PublishEnded.class, (s, e) -> s.withStatus(new StatusEntry(e.state(), e.reason(),
            s.publisher().node(), s.publisher().protocol(), s.publisher().remoteAddress(), e.at()), null, e.reconnectUntil()))
        .onEvent(TranscodingReported.class, (s, e) -> s.withNote(new StatusEntry(s.status(), e.reason(),
            s.publisher().node(), s.publisher().protocol(), s.publisher().remoteAddress(), e.at())))
        .onEvent(BroadcastEnded.class, (s, e) -> {
          // Where the last publisher came from, for the reader of the history.
          StatusEntry last = s.lastStatus();
          return s.withStatus(new StatusEntry(CLIENT_DISCONNECT, e.reason(), last.node(), last.protocol(),
              last.remoteAddress(), e.at()), null, null);
        })
        .build();
  }

  private Instant now() {
    // Cloudflare's timestamps carry microseconds; keep exactly what we show.
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  private <T> StatusReply<T> notFound() {
    return StatusReply.error(new LiveInputException.NotFound("live input " + uid + " not found"));
  }

  private static <T> StatusReply<T> outputNotFound(String outputUid) {
    return StatusReply.error(new LiveInputException.OutputNotFound("output " + outputUid + " not found"));
  }
}
