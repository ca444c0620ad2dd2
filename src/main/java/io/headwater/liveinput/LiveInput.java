package io.headwater.liveinput;

import io.headwater.CborSerializable;
import io.headwater.Secrets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
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
   * A session asks to publish with the RTMP stream key the encoder sent. The grant is the recorded
   * {@link Publisher}; a refusal is {@link LiveInputException.PublishRefused}. One publisher at a time:
   * a second one is refused while the first is live (as SRS, nginx-rtmp and OvenMediaEngine do, so two
   * auto-reconnecting encoders cannot keep knocking each other off).
   */
  public record StartPublish(
      String streamKey,
      String sessionId,
      String node,
      String remoteAddress,
      String protocol,
      ActorRef<PublisherControl> control,
      ActorRef<StatusReply<Publisher>> replyTo)
      implements Command {}

  /** The session's publish ended (the encoder left, was kicked, or broke a limit). */
  public record EndPublish(String sessionId, String reason, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  /** The publisher's session actor stopped, or its node left the cluster. */
  private record PublisherGone(String sessionId) implements Command {}

  /** A grace period after {@link PublisherGone} passed without an EndPublish: the publish ended unannounced. */
  private record PublisherLost(String sessionId) implements Command {}

  /**
   * How long a vanished session's EndPublish (which travels through sharding) may trail the death watch
   * (which is delivered directly) before the publish is recorded as lost.
   */
  static final Duration END_PUBLISH_GRACE = Duration.ofSeconds(1);

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

  public record PublishStarted(Publisher publisher, Instant at) implements Event {}

  /** @param state the status it ends in (client_disconnect) */
  public record PublishEnded(String sessionId, String state, String reason, Instant at) implements Event {}

  /** Status values, as Cloudflare names them. */
  public static final String CONNECTED = "connected";
  public static final String CLIENT_DISCONNECT = "client_disconnect";

  // ---- behavior

  public static void init(ActorSystem<?> system, int maxOutputsPerInput, Clock clock) {
    ClusterSharding.get(system)
        .init(Entity.of(ENTITY_TYPE_KEY, ctx -> create(ctx.getEntityId(), maxOutputsPerInput, clock)));
  }

  public static Behavior<Command> create(String uid, int maxOutputsPerInput, Clock clock) {
    return Behaviors.setup(ctx -> new LiveInput(ctx, uid, maxOutputsPerInput, clock));
  }

  private final ActorContext<Command> context;
  private final String uid;
  private final int maxOutputs;
  private final Clock clock;

  private LiveInput(ActorContext<Command> context, String uid, int maxOutputs, Clock clock) {
    // A failed persist leaves the outcome unknown: restart and recover from the journal, never resume.
    super(
        PersistenceId.of(ENTITY_TYPE_KEY.name(), uid),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2));
    this.context = context;
    this.uid = uid;
    this.maxOutputs = maxOutputs;
    this.clock = clock;
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
        .onCommand(Update.class, this::onUpdate)
        .onCommand(SetEnabled.class, this::onSetEnabled)
        .onCommand(RotateKeys.class, this::onRotateKeys)
        .onCommand(Delete.class, this::onDelete)
        .onCommand(AddOutput.class, this::onAddOutput)
        .onCommand(SetOutputEnabled.class, this::onSetOutputEnabled)
        .onCommand(DeleteOutput.class, this::onDeleteOutput)
        .onCommand(StartPublish.class, this::onStartPublish)
        .onCommand(EndPublish.class, this::onEndPublish)
        .onCommand(PublisherGone.class, this::onPublisherGone)
        .onCommand(PublisherLost.class, this::onPublisherLost)
        .build();
  }

  @Override
  public SignalHandler<LiveInputState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.class, (state, signal) -> {
          // A recovered entity (after passivation, restart or rebalance) keeps watching its publisher.
          if (state.publisher() != null) watch(state.publisher());
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
    if (state.visibleTo(cmd.accountId())) return Effect().reply(cmd.replyTo(), StatusReply.success(state));
    if (state.deleted() && state.accountId().equals(cmd.accountId())) {
      return Effect().reply(cmd.replyTo(), StatusReply.error(new LiveInputException.Gone("live input " + uid + " was deleted")));
    }
    return Effect().reply(cmd.replyTo(), notFound());
  }

  private ReplyEffect<Event, LiveInputState> onGet(LiveInputState state, Get cmd) {
    return Effect().reply(cmd.replyTo(), state.visibleTo(cmd.accountId()) ? StatusReply.success(state) : notFound());
  }

  private ReplyEffect<Event, LiveInputState> onUpdate(LiveInputState state, Update cmd) {
    if (!state.visibleTo(cmd.accountId())) return Effect().reply(cmd.replyTo(), notFound());
    Instant at = now();
    List<Event> events = new ArrayList<>();
    LiveInputSettings merged = state.settings().merge(cmd.settings());
    if (!merged.equals(state.settings())) events.add(new SettingsChanged(merged, at));
    if (cmd.enabled() != null && cmd.enabled() != state.enabled()) {
      events.add(cmd.enabled() ? new Enabled(at) : new Disabled(at));
    }
    return Effect()
        .persist(events)
        .thenRun(s -> { if (!s.enabled()) kick(s, "live input disabled"); })
        .thenReply(cmd.replyTo(), StatusReply::success);
  }

  private ReplyEffect<Event, LiveInputState> onSetEnabled(LiveInputState state, SetEnabled cmd) {
    if (!state.visibleTo(cmd.accountId())) return Effect().reply(cmd.replyTo(), notFound());
    if (state.enabled() == cmd.enabled()) return Effect().reply(cmd.replyTo(), StatusReply.success(state));
    Event event = cmd.enabled() ? new Enabled(now()) : new Disabled(now());
    return Effect()
        .persist(event)
        .thenRun(s -> { if (!s.enabled()) kick(s, "live input disabled"); })
        .thenReply(cmd.replyTo(), StatusReply::success);
  }

  private ReplyEffect<Event, LiveInputState> onRotateKeys(LiveInputState state, RotateKeys cmd) {
    if (!state.visibleTo(cmd.accountId())) return Effect().reply(cmd.replyTo(), notFound());
    return Effect()
        .persist(new KeysRotated(Credentials.generate(), now()))
        .thenRun(s -> kick(s, "stream keys rotated"))
        .thenReply(cmd.replyTo(), StatusReply::success);
  }

  private ReplyEffect<Event, LiveInputState> onDelete(LiveInputState state, Delete cmd) {
    if (!state.visibleTo(cmd.accountId())) return Effect().reply(cmd.replyTo(), notFound());
    return Effect()
        .persist(new Deleted(now()))
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
    return Effect().persist(new OutputAdded(output, now())).thenReply(cmd.replyTo(), s -> StatusReply.success(output));
  }

  private ReplyEffect<Event, LiveInputState> onSetOutputEnabled(LiveInputState state, SetOutputEnabled cmd) {
    if (!state.visibleTo(cmd.accountId())) return Effect().reply(cmd.replyTo(), notFound());
    var output = state.output(cmd.outputUid());
    if (output.isEmpty()) return Effect().reply(cmd.replyTo(), outputNotFound(cmd.outputUid()));
    if (output.get().enabled() == cmd.enabled()) return Effect().reply(cmd.replyTo(), StatusReply.success(output.get()));
    return Effect()
        .persist(new OutputEnabledChanged(cmd.outputUid(), cmd.enabled(), now()))
        .thenReply(cmd.replyTo(), s -> StatusReply.success(s.output(cmd.outputUid()).orElseThrow()));
  }

  private ReplyEffect<Event, LiveInputState> onDeleteOutput(LiveInputState state, DeleteOutput cmd) {
    if (!state.visibleTo(cmd.accountId())) return Effect().reply(cmd.replyTo(), notFound());
    if (state.output(cmd.outputUid()).isEmpty()) return Effect().reply(cmd.replyTo(), outputNotFound(cmd.outputUid()));
    return Effect().persist(new OutputDeleted(cmd.outputUid(), now())).thenReply(cmd.replyTo(), s -> StatusReply.ack());
  }

  private ReplyEffect<Event, LiveInputState> onStartPublish(LiveInputState state, StartPublish cmd) {
    // Unknown, deleted and wrong-key inputs are refused alike, so a key scan learns nothing.
    if (!state.exists() || !state.credentials().isRtmpsStreamKey(uid, cmd.streamKey())) {
      return Effect().reply(cmd.replyTo(), refused("invalid stream key"));
    }
    if (!state.enabled()) return Effect().reply(cmd.replyTo(), refused("live input disabled"));
    Publisher current = state.publisher();
    if (current != null && current.sessionId().equals(cmd.sessionId())) {
      return Effect().reply(cmd.replyTo(), StatusReply.success(current));
    }
    if (current != null) return Effect().reply(cmd.replyTo(), refused("live input already has a publisher"));
    Instant at = now();
    Publisher publisher = new Publisher(cmd.sessionId(), cmd.node(), cmd.remoteAddress(), cmd.protocol(), cmd.control(), at);
    return Effect()
        .persist(new PublishStarted(publisher, at))
        .thenRun(s -> watch(publisher))
        .thenReply(cmd.replyTo(), s -> StatusReply.success(publisher));
  }

  private ReplyEffect<Event, LiveInputState> onEndPublish(LiveInputState state, EndPublish cmd) {
    Publisher current = state.publisher();
    if (current == null || !current.sessionId().equals(cmd.sessionId())) {
      return Effect().reply(cmd.replyTo(), StatusReply.ack());
    }
    return Effect()
        .persist(new PublishEnded(cmd.sessionId(), CLIENT_DISCONNECT, cmd.reason(), now()))
        .thenRun(s -> context.unwatch(current.control()))
        .thenReply(cmd.replyTo(), s -> StatusReply.ack());
  }

  private ReplyEffect<Event, LiveInputState> onPublisherGone(LiveInputState state, PublisherGone cmd) {
    context.scheduleOnce(END_PUBLISH_GRACE, context.getSelf(), new PublisherLost(cmd.sessionId()));
    return Effect().noReply();
  }

  private ReplyEffect<Event, LiveInputState> onPublisherLost(LiveInputState state, PublisherLost cmd) {
    Publisher current = state.publisher();
    if (current == null || !current.sessionId().equals(cmd.sessionId())) return Effect().noReply();
    return Effect()
        .persist(new PublishEnded(cmd.sessionId(), CLIENT_DISCONNECT, "publisher session lost", now()))
        .thenNoReply();
  }

  private void watch(Publisher publisher) {
    context.watchWith(publisher.control(), new PublisherGone(publisher.sessionId()));
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
        .onEvent(PublishStarted.class, (s, e) -> s.withPublisher(e.publisher(), new StatusEntry(
            CONNECTED, "publisher connected", e.publisher().node(), e.publisher().protocol(),
            e.publisher().remoteAddress(), e.at())))
        .onEvent(PublishEnded.class, (s, e) -> s.withoutPublisher(new StatusEntry(
            e.state(), e.reason(), s.publisher().node(), s.publisher().protocol(), s.publisher().remoteAddress(), e.at())))
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
