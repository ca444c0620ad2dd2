package io.headwater.account;

import io.headwater.CborSerializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

/**
 * One API token, sharded by the SHA-256 of the token: the token itself is never stored, and a lookup
 * is the entity id, so no secret is ever compared byte by byte. Knows the one account it is scoped to.
 */
public final class ApiToken
    extends EventSourcedBehaviorWithEnforcedReplies<ApiToken.Command, ApiToken.Event, ApiToken.State> {

  public static final EntityTypeKey<Command> ENTITY_TYPE_KEY = EntityTypeKey.create(Command.class, "ApiToken");

  public sealed interface Command extends CborSerializable {}

  /** Scopes the token to the account; repeating it for the same account changes nothing. */
  public record Issue(String accountId, ActorRef<StatusReply<State>> replyTo) implements Command {}

  public record Resolve(ActorRef<StatusReply<State>> replyTo) implements Command {}

  public sealed interface Event extends CborSerializable {}

  public record Issued(String accountId, Instant at) implements Event {}

  /** {@code accountId == null}: no such token. */
  public record State(String tokenHash, String accountId, Instant issued) implements CborSerializable {
    public boolean exists() {
      return accountId != null;
    }
  }

  public static void init(ActorSystem<?> system, Clock clock) {
    ClusterSharding.get(system).init(Entity.of(ENTITY_TYPE_KEY, ctx -> create(ctx.getEntityId(), clock)));
  }

  public static Behavior<Command> create(String tokenHash, Clock clock) {
    return new ApiToken(tokenHash, clock);
  }

  private final String tokenHash;
  private final Clock clock;

  private ApiToken(String tokenHash, Clock clock) {
    super(
        PersistenceId.of(ENTITY_TYPE_KEY.name(), tokenHash),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2));
    this.tokenHash = tokenHash;
    this.clock = clock;
  }

  @Override
  public State emptyState() {
    return new State(tokenHash, null, null);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Issue.class, this::onIssue)
        .onCommand(Resolve.class, this::onResolve)
        .build();
  }

  private ReplyEffect<Event, State> onIssue(State state, Issue cmd) {
    if (state.exists()) {
      return Effect().reply(cmd.replyTo(), state.accountId().equals(cmd.accountId())
          ? StatusReply.success(state)
          : StatusReply.error("token already belongs to another account"));
    }
    return Effect()
        .persist(new Issued(cmd.accountId(), clock.instant().truncatedTo(ChronoUnit.MICROS)))
        .thenReply(cmd.replyTo(), StatusReply::success);
  }

  private ReplyEffect<Event, State> onResolve(State state, Resolve cmd) {
    // Guessed tokens must not pile up as idle entities: an unknown one stops right after answering.
    if (!state.exists()) return Effect().stop().thenReply(cmd.replyTo(), StatusReply::success);
    return Effect().reply(cmd.replyTo(), StatusReply.success(state));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(Issued.class, (s, e) -> new State(tokenHash, e.accountId(), e.at()))
        .build();
  }
}
