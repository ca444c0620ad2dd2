package io.headwater.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.headwater.EntityTestKit;
import io.headwater.Secrets;
import io.headwater.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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

/** The Account entity: creation, the ordered index of live inputs, and Idempotency-Key lifetimes. */
@ExtendWith(LogCapturingExtension.class)
class AccountTest {
  private static final ActorTestKit actors = ActorTestKit.create(EntityTestKit.config());

  private static final Duration KEY_TTL = Duration.ofHours(24);
  private static final Instant T0 = Instant.parse("2025-03-04T05:06:07.123456789Z");
  private static final Instant T0_SHOWN = Instant.parse("2025-03-04T05:06:07.123456Z");

  private TestClock clock;
  private String accountId;
  private EventSourcedBehaviorTestKit<Account.Command, Account.Event, AccountState> kit;

  @BeforeEach
  void newAccount() {
    clock = new TestClock(T0);
    accountId = Secrets.newHex128();
    kit = EventSourcedBehaviorTestKit.create(
        actors.system(), Account.create(accountId, KEY_TTL, clock));
  }

  @AfterAll
  static void shutdown() {
    actors.shutdownTestKit();
  }

  @Test
  void createIsIdempotent() {
    var first = create("Acme", "ops@acme.test");
    AccountState created = first.reply().getValue();
    assertEquals(new AccountState(accountId, "Acme", "ops@acme.test", T0_SHOWN, List.of(), Map.of()), created);
    assertEquals(List.of(new Account.AccountCreated("Acme", "ops@acme.test", T0_SHOWN)), first.events());

    clock.advance(Duration.ofMinutes(1));
    var again = create("Other name", "other@acme.test");
    assertEquals(created, again.reply().getValue(), "a repeated create leaves the account unchanged");
    assertTrue(again.hasNoEvents());
    assertEquals(created, get().getValue());
  }

  @Test
  void getOfANeverCreatedAccountIsNotFound() {
    assertError(Account.AccountNotFound.class, get());
  }

  @Test
  void reserveReturnsTheProposedUidAndListsInputsInCreationOrder() {
    create("Acme", "ops@acme.test");
    String a = Secrets.newHex128();
    String b = Secrets.newHex128();

    var first = reserve(a, "key-1");
    assertEquals(a, first.reply().getValue());
    assertEquals(List.of(new Account.LiveInputReserved(a, "key-1", T0_SHOWN)), first.events());
    assertEquals(b, reserve(b, null).reply().getValue());

    assertEquals(List.of(a, b), get().getValue().liveInputIds());
  }

  @Test
  void sameIdempotencyKeyWithinItsLifetimeReturnsTheFirstUid() {
    create("Acme", "ops@acme.test");
    String first = Secrets.newHex128();
    reserve(first, "key-1");
    clock.advance(KEY_TTL.minusSeconds(1));

    var repeat = reserve(Secrets.newHex128(), "key-1");

    assertEquals(first, repeat.reply().getValue());
    assertTrue(repeat.hasNoEvents());
    assertEquals(List.of(first), get().getValue().liveInputIds());
  }

  @Test
  void sameIdempotencyKeyAfterItsLifetimeReservesTheNewUid() {
    create("Acme", "ops@acme.test");
    String first = Secrets.newHex128();
    reserve(first, "key-1");
    reserve(Secrets.newHex128(), "key-2");
    clock.advance(KEY_TTL.plusSeconds(1));

    String second = Secrets.newHex128();
    var later = reserve(second, "key-1");

    assertEquals(second, later.reply().getValue());
    assertEquals(1, later.events().size());
    AccountState state = get().getValue();
    assertEquals(second, state.liveInputIds().get(2));
    // Expired keys are dropped when the next one is stored, so the map stays bounded.
    assertEquals(Set.of("key-1"), state.idempotencyKeys().keySet());
    assertEquals(second, reserve(Secrets.newHex128(), "key-1").reply().getValue());
  }

  @Test
  void forgetRemovesTheInputFromTheList() {
    create("Acme", "ops@acme.test");
    String a = Secrets.newHex128();
    String b = Secrets.newHex128();
    reserve(a, null);
    reserve(b, null);

    var forget = kit.<StatusReply<Done>>runCommand(r -> new Account.ForgetLiveInput(a, r));
    assertEquals(Done.getInstance(), forget.reply().getValue());
    assertEquals(1, forget.events().size());
    assertEquals(List.of(b), get().getValue().liveInputIds());

    var unknown = kit.<StatusReply<Done>>runCommand(r -> new Account.ForgetLiveInput(a, r));
    assertTrue(unknown.reply().isSuccess());
    assertTrue(unknown.hasNoEvents());
  }

  @Test
  void reserveOnANeverCreatedAccountIsNotFound() {
    var result = reserve(Secrets.newHex128(), "key-1");

    assertError(Account.AccountNotFound.class, result.reply());
    assertTrue(result.hasNoEvents());
  }

  @Test
  void restartRecoversTheSameState() {
    create("Acme", "ops@acme.test");
    String a = Secrets.newHex128();
    String b = Secrets.newHex128();
    reserve(a, "key-1");
    clock.advance(Duration.ofHours(1));
    reserve(b, "key-2");
    String c = Secrets.newHex128();
    reserve(c, null);
    kit.<StatusReply<Done>>runCommand(r -> new Account.ForgetLiveInput(b, r));
    AccountState before = kit.getState();

    AccountState recovered = kit.restart().state();

    assertEquals(before, recovered);
    assertEquals(List.of(a, c), recovered.liveInputIds());
    // The recovered keys still answer with the inputs they created.
    assertEquals(a, reserve(Secrets.newHex128(), "key-1").reply().getValue());
  }

  @Test
  void notFoundReplyKeepsItsTypeAcrossNodes() {
    var refusal = new Account.AccountNotFound("account " + accountId + " not found");

    StatusReply<AccountState> back =
        actors.serializationTestKit().verifySerialization(StatusReply.<AccountState>error(refusal), false);

    assertEquals(Account.AccountNotFound.class, back.getError().getClass(), () -> "arrived as " + back.getError());
    assertEquals(refusal.getMessage(), back.getError().getMessage());
  }

  private CommandResultWithReply<Account.Command, Account.Event, AccountState, StatusReply<AccountState>> create(
      String name, String email) {
    return kit.runCommand(r -> new Account.Create(name, email, r));
  }

  private StatusReply<AccountState> get() {
    var result = kit.<StatusReply<AccountState>>runCommand(Account.Get::new);
    assertTrue(result.hasNoEvents());
    return result.reply();
  }

  private CommandResultWithReply<Account.Command, Account.Event, AccountState, StatusReply<String>> reserve(
      String proposed, String idempotencyKey) {
    return kit.runCommand(r -> new Account.ReserveLiveInput(proposed, idempotencyKey, r));
  }

  private static <E extends Throwable> E assertError(Class<E> type, StatusReply<?> reply) {
    assertTrue(reply.isError(), () -> "expected " + type.getSimpleName() + ", got " + reply);
    return assertInstanceOf(type, reply.getError());
  }
}
