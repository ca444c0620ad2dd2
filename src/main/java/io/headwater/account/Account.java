package io.headwater.account;

import io.headwater.CborSerializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * One account, event-sourced and sharded by account id. It is the read-your-writes index of its live
 * inputs (a create registers here before the input exists, so the next list sees it) and the keeper of
 * create Idempotency-Keys.
 */
public final class Account
    extends EventSourcedBehaviorWithEnforcedReplies<Account.Command, Account.Event, AccountState> {

  public static final EntityTypeKey<Command> ENTITY_TYPE_KEY = EntityTypeKey.create(Command.class, "Account");

  public sealed interface Command extends CborSerializable {}

  /** Creates the account; repeating it returns the existing account unchanged. */
  public record Create(String name, String email, ActorRef<StatusReply<AccountState>> replyTo) implements Command {}

  public record Get(ActorRef<StatusReply<AccountState>> replyTo) implements Command {}

  /**
   * Registers a live input about to be created. With an Idempotency-Key seen within its lifetime, the
   * reply is the input that key created instead of {@code proposedLiveInputId}.
   */
  public record ReserveLiveInput(
      String proposedLiveInputId, String idempotencyKey, ActorRef<StatusReply<String>> replyTo)
      implements Command {}

  public record ForgetLiveInput(String liveInputId, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  public sealed interface Event extends CborSerializable {}

  public record AccountCreated(String name, String email, Instant at) implements Event {}

  public record LiveInputReserved(String liveInputId, String idempotencyKey, Instant at) implements Event {}

  public record LiveInputForgotten(String liveInputId, Instant at) implements Event {}

  public static void init(ActorSystem<?> system, Duration idempotencyKeyTtl, Clock clock) {
    ClusterSharding.get(system)
        .init(Entity.of(ENTITY_TYPE_KEY, ctx -> create(ctx.getEntityId(), idempotencyKeyTtl, clock)));
  }

  public static Behavior<Command> create(String accountId, Duration idempotencyKeyTtl, Clock clock) {
    return new Account(accountId, idempotencyKeyTtl, clock);
  }

  private final String accountId;
  private final Duration keyTtl;
  private final Clock clock;

  private Account(String accountId, Duration keyTtl, Clock clock) {
    super(
        PersistenceId.of(ENTITY_TYPE_KEY.name(), accountId),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2));
    this.accountId = accountId;
    this.keyTtl = keyTtl;
    this.clock = clock;
  }

  @Override
  public AccountState emptyState() {
    return AccountState.empty(accountId);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(100, 2);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, AccountState> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Create.class, this::onCreate)
        .onCommand(Get.class, this::onGet)
        .onCommand(ReserveLiveInput.class, this::onReserveLiveInput)
        .onCommand(ForgetLiveInput.class, this::onForgetLiveInput)
        .build();
  }

  private ReplyEffect<Event, AccountState> onCreate(AccountState state, Create cmd) {
    if (state.exists()) return Effect().reply(cmd.replyTo(), StatusReply.success(state));
    return Effect()
        .persist(new AccountCreated(cmd.name(), cmd.email(), now()))
        .thenReply(cmd.replyTo(), StatusReply::success);
  }

  private ReplyEffect<Event, AccountState> onGet(AccountState state, Get cmd) {
    return Effect().reply(cmd.replyTo(), state.exists() ? StatusReply.success(state) : notFound());
  }

  private ReplyEffect<Event, AccountState> onReserveLiveInput(AccountState state, ReserveLiveInput cmd) {
    if (!state.exists()) return Effect().reply(cmd.replyTo(), notFound());
    Instant now = now();
    Optional<String> earlier = state.liveInputFor(cmd.idempotencyKey(), now, keyTtl);
    if (earlier.isPresent()) return Effect().reply(cmd.replyTo(), StatusReply.success(earlier.get()));
    return Effect()
        .persist(new LiveInputReserved(cmd.proposedLiveInputId(), cmd.idempotencyKey(), now))
        .thenReply(cmd.replyTo(), s -> StatusReply.success(cmd.proposedLiveInputId()));
  }

  private ReplyEffect<Event, AccountState> onForgetLiveInput(AccountState state, ForgetLiveInput cmd) {
    if (!state.liveInputIds().contains(cmd.liveInputId())) return Effect().reply(cmd.replyTo(), StatusReply.ack());
    return Effect()
        .persist(new LiveInputForgotten(cmd.liveInputId(), now()))
        .thenReply(cmd.replyTo(), s -> StatusReply.ack());
  }

  @Override
  public EventHandler<AccountState, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(AccountCreated.class, (s, e) -> s.createdAs(e.name(), e.email(), e.at()))
        .onEvent(LiveInputReserved.class, (s, e) -> s.withLiveInput(e.liveInputId(), e.idempotencyKey(), e.at(), keyTtl))
        .onEvent(LiveInputForgotten.class, (s, e) -> s.withoutLiveInput(e.liveInputId()))
        .build();
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  private <T> StatusReply<T> notFound() {
    return StatusReply.error(new AccountNotFound("account " + accountId + " not found"));
  }

  /** The account was never created. */
  public static final class AccountNotFound extends RuntimeException {
    public AccountNotFound(String message) {
      super(message, null, false, false);
    }
  }

}
