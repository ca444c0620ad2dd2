package io.headwater.api;

import io.headwater.Secrets;
import io.headwater.account.Account;
import io.headwater.account.AccountState;
import io.headwater.liveinput.LiveInput;
import io.headwater.liveinput.LiveInputException;
import io.headwater.liveinput.LiveInputSettings;
import io.headwater.liveinput.LiveInputState;
import io.headwater.liveinput.Output;
import io.headwater.liveinput.OutputControl;
import io.headwater.liveinput.OutputStatus;
import io.headwater.liveinput.Publisher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/**
 * What the REST faces may do with live inputs, as asks to the Account and LiveInput entities. Every
 * method takes the caller's account, so one tenant's id is "not found" to another. Failures arrive as
 * {@link LiveInputException}s or timeouts; the faces map them.
 */
public final class LiveInputFacade {
  /** How long a list of outputs waits for the publisher node's pusher statuses before showing them idle. */
  static final Duration STATUS_TIMEOUT = Duration.ofSeconds(1);

  private final ActorSystem<?> system;
  private final ClusterSharding sharding;
  private final Duration timeout;

  public LiveInputFacade(ActorSystem<?> system, ApiSettings settings) {
    this.system = system;
    this.sharding = ClusterSharding.get(system);
    this.timeout = settings.askTimeout();
  }

  /**
   * How the outputs of a live input are doing, from the restreamer of the node holding its publisher;
   * empty when nothing is live or that node does not answer in time (the outputs then show idle).
   */
  public CompletionStage<Map<String, OutputStatus>> outputStatuses(LiveInputState state) {
    Publisher publisher = state.publisher();
    if (publisher == null || publisher.outputControl() == null) return CompletableFuture.completedFuture(Map.of());
    return AskPattern.<OutputControl, OutputControl.Statuses>ask(publisher.outputControl(),
            r -> new OutputControl.GetStatuses(state.uid(), r), STATUS_TIMEOUT, system.scheduler())
        .thenApply(OutputControl.Statuses::byOutput)
        .exceptionally(failure -> Map.of());
  }

  /**
   * Registers the new uid with the account first (so the next list shows it), then creates the input.
   * The same Idempotency-Key within its lifetime leads to the same uid, and creating an existing input
   * returns it as it is.
   */
  public CompletionStage<LiveInputState> create(
      String accountId, LiveInputSettings.Patch settings, Boolean enabled, String idempotencyKey) {
    return account(accountId)
        .<String>askWithStatus(r -> new Account.ReserveLiveInput(Secrets.newHex128(), idempotencyKey, r), timeout)
        .thenCompose(uid -> input(uid).askWithStatus(r -> new LiveInput.Create(accountId, settings, enabled, r), timeout));
  }

  /** The account's live inputs in creation order, read from each entity (read-your-writes). */
  public CompletionStage<List<LiveInputState>> list(String accountId) {
    return account(accountId)
        .<AccountState>askWithStatus(Account.Get::new, timeout)
        .thenCompose(account -> {
          List<CompletableFuture<LiveInputState>> reads = new ArrayList<>();
          for (String uid : account.liveInputIds()) {
            reads.add(get(accountId, uid).toCompletableFuture().exceptionally(e -> skipIfNotFound(e)));
          }
          return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
              .thenApply(v -> reads.stream().map(CompletableFuture::join).filter(Objects::nonNull).toList());
        });
  }

  public CompletionStage<LiveInputState> get(String accountId, String uid) {
    return input(uid).askWithStatus(r -> new LiveInput.Get(accountId, r), timeout);
  }

  public CompletionStage<LiveInputState> update(
      String accountId, String uid, LiveInputSettings.Patch settings, Boolean enabled) {
    return input(uid).askWithStatus(r -> new LiveInput.Update(accountId, settings, enabled, r), timeout);
  }

  public CompletionStage<LiveInputState> setEnabled(String accountId, String uid, boolean enabled) {
    return input(uid).askWithStatus(r -> new LiveInput.SetEnabled(accountId, enabled, r), timeout);
  }

  public CompletionStage<LiveInputState> rotateKeys(String accountId, String uid) {
    return input(uid).askWithStatus(r -> new LiveInput.RotateKeys(accountId, r), timeout);
  }

  /** Deletes the input, then drops it from the account's index (a failure there only leaves a stale id that lists skip). */
  public CompletionStage<Done> delete(String accountId, String uid) {
    return input(uid)
        .<Done>askWithStatus(r -> new LiveInput.Delete(accountId, r), timeout)
        .thenCompose(done -> account(accountId)
            .<Done>askWithStatus(r -> new Account.ForgetLiveInput(uid, r), timeout)
            .exceptionally(e -> Done.getInstance()));
  }

  public CompletionStage<Output> addOutput(String accountId, String uid, String url, String streamKey, boolean enabled) {
    return input(uid).askWithStatus(r -> new LiveInput.AddOutput(accountId, url, streamKey, enabled, r), timeout);
  }

  public CompletionStage<Output> setOutputEnabled(String accountId, String uid, String outputUid, boolean enabled) {
    return input(uid).askWithStatus(r -> new LiveInput.SetOutputEnabled(accountId, outputUid, enabled, r), timeout);
  }

  public CompletionStage<Done> deleteOutput(String accountId, String uid, String outputUid) {
    return input(uid).askWithStatus(r -> new LiveInput.DeleteOutput(accountId, outputUid, r), timeout);
  }

  private static LiveInputState skipIfNotFound(Throwable e) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    if (cause instanceof LiveInputException.NotFound) return null;
    throw e instanceof CompletionException ce ? ce : new CompletionException(cause);
  }

  private EntityRef<Account.Command> account(String accountId) {
    return sharding.entityRefFor(Account.ENTITY_TYPE_KEY, accountId);
  }

  private EntityRef<LiveInput.Command> input(String uid) {
    return sharding.entityRefFor(LiveInput.ENTITY_TYPE_KEY, uid);
  }
}
