package io.headwater.account;

import io.headwater.Secrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.Patterns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the default account exists and has a token this node can hand to its operator: the
 * configured HEADWATER_API_TOKEN, the token stored in {@code <data-dir>/api-token}, or a new one minted,
 * stored (mode 0600) and printed once. Retries until Cassandra answers.
 */
public final class AccountBootstrap {
  private static final Logger log = LoggerFactory.getLogger(AccountBootstrap.class);
  static final String TOKEN_FILE = "api-token";

  private AccountBootstrap() {}

  public static CompletionStage<String> run(
      ActorSystem<?> system, BootstrapSettings settings, Path dataDir, Duration askTimeout) {
    return Patterns.retry(
        () -> attempt(system, settings, dataDir, askTimeout),
        Integer.MAX_VALUE,
        Duration.ofSeconds(2),
        system.classicSystem().scheduler(),
        system.executionContext());
  }

  private static CompletionStage<String> attempt(
      ActorSystem<?> system, BootstrapSettings settings, Path dataDir, Duration askTimeout) {
    ClusterSharding sharding = ClusterSharding.get(system);
    Path tokenFile = dataDir.resolve(TOKEN_FILE);
    Optional<String> known = settings.apiToken().or(() -> readToken(tokenFile));
    String token = known.orElseGet(Secrets::newApiToken);
    return sharding
        .entityRefFor(Account.ENTITY_TYPE_KEY, settings.accountId())
        .<AccountState>askWithStatus(
            replyTo -> new Account.Create(settings.accountName(), settings.accountEmail(), replyTo), askTimeout)
        .thenCompose(account ->
            sharding
                .entityRefFor(ApiToken.ENTITY_TYPE_KEY, Secrets.sha256Hex(token))
                .<ApiToken.State>askWithStatus(replyTo -> new ApiToken.Issue(settings.accountId(), replyTo), askTimeout))
        .thenApply(issued -> {
          if (known.isEmpty()) {
            writeToken(tokenFile, token);
            announce(settings.accountId(), token, tokenFile);
          } else {
            log.info("default account {} ready; its API token is in {}", settings.accountId(),
                settings.apiToken().isPresent() ? "HEADWATER_API_TOKEN" : tokenFile);
          }
          return settings.accountId();
        })
        .whenComplete((ok, failure) -> {
          if (failure != null) log.warn("bootstrap of the default account failed, retrying: {}", failure.toString());
        });
  }

  /** The one place a secret is shown: on the operator's console, once, never through the logger. */
  @SuppressWarnings("java:S106")
  private static void announce(String accountId, String token, Path tokenFile) {
    System.out.println();
    System.out.println("  Headwater created the default account and its API token (shown once; also in " + tokenFile + "):");
    System.out.println("    account id: " + accountId);
    System.out.println("    API token:  " + token);
    System.out.println();
  }

  static Optional<String> readToken(Path tokenFile) {
    try {
      return Files.exists(tokenFile)
          ? Optional.of(Files.readString(tokenFile, StandardCharsets.UTF_8).trim()).filter(t -> !t.isEmpty())
          : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + tokenFile, e);
    }
  }

  private static void writeToken(Path tokenFile, String token) {
    try {
      Files.createDirectories(tokenFile.getParent());
      Path tmp = tokenFile.resolveSibling(TOKEN_FILE + ".tmp");
      Files.deleteIfExists(tmp);
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(tmp, token + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
      Files.move(tmp, tokenFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + tokenFile, e);
    }
  }
}
