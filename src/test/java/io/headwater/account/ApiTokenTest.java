package io.headwater.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.headwater.EntityTestKit;
import io.headwater.Secrets;
import io.headwater.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The ApiToken entity: a token hash resolves to the one account it was issued for, or to nothing. */
@ExtendWith(LogCapturingExtension.class)
class ApiTokenTest {
  private static final ActorTestKit actors = ActorTestKit.create(EntityTestKit.config());

  private static final String ACCOUNT = "0123456789abcdef0123456789abcdef";
  private static final String OTHER = "fedcba9876543210fedcba9876543210";
  private static final Instant T0 = Instant.parse("2025-03-04T05:06:07.123456789Z");
  private static final Instant T0_SHOWN = Instant.parse("2025-03-04T05:06:07.123456Z");

  private TestClock clock;
  private String tokenHash;
  private EventSourcedBehaviorTestKit<ApiToken.Command, ApiToken.Event, ApiToken.State> kit;

  @BeforeEach
  void newToken() {
    clock = new TestClock(T0);
    tokenHash = Secrets.sha256Hex(Secrets.newApiToken());
    kit = EventSourcedBehaviorTestKit.create(
        actors.system(), ApiToken.create(tokenHash, clock));
  }

  @AfterAll
  static void shutdown() {
    actors.shutdownTestKit();
  }

  @Test
  void unknownTokenResolvesToNothingAndItsEntityStops() {
    // Spawned directly: the entity stops after answering, which the behavior test kit cannot observe.
    String guessed = Secrets.sha256Hex(Secrets.newApiToken());
    TestProbe<StatusReply<ApiToken.State>> probe = actors.createTestProbe();
    ActorRef<ApiToken.Command> token = actors.spawn(ApiToken.create(guessed, clock));

    token.tell(new ApiToken.Resolve(probe.ref()));

    ApiToken.State state = probe.receiveMessage().getValue();
    assertFalse(state.exists());
    assertNull(state.accountId());
    assertEquals(guessed, state.tokenHash());
    probe.expectTerminated(token);
  }

  @Test
  void issuedTokenResolvesToItsAccount() {
    var issue = issue(ACCOUNT);
    assertEquals(new ApiToken.State(tokenHash, ACCOUNT, T0_SHOWN), issue.reply().getValue());
    assertEquals(List.of(new ApiToken.Issued(ACCOUNT, T0_SHOWN)), issue.events());

    ApiToken.State resolved = resolve().reply().getValue();
    assertTrue(resolved.exists());
    assertEquals(ACCOUNT, resolved.accountId());
  }

  @Test
  void issuingAgainForTheSameAccountChangesNothing() {
    ApiToken.State first = issue(ACCOUNT).reply().getValue();
    clock.advance(Duration.ofMinutes(1));

    var again = issue(ACCOUNT);

    assertEquals(first, again.reply().getValue());
    assertTrue(again.hasNoEvents());
  }

  @Test
  void issuingForAnotherAccountIsRefusedAndKeepsTheFirst() {
    issue(ACCOUNT);

    var other = issue(OTHER);

    assertTrue(other.reply().isError());
    assertTrue(other.hasNoEvents());
    assertEquals(ACCOUNT, resolve().reply().getValue().accountId());
  }

  @Test
  void restartRecoversTheIssuedToken() {
    ApiToken.State issued = issue(ACCOUNT).reply().getValue();

    assertEquals(issued, kit.restart().state());
    assertEquals(issued, resolve().reply().getValue());
  }

  private CommandResultWithReply<ApiToken.Command, ApiToken.Event, ApiToken.State, StatusReply<ApiToken.State>> issue(
      String accountId) {
    return kit.runCommand(r -> new ApiToken.Issue(accountId, r));
  }

  private CommandResultWithReply<ApiToken.Command, ApiToken.Event, ApiToken.State, StatusReply<ApiToken.State>> resolve() {
    return kit.runCommand(ApiToken.Resolve::new);
  }
}
