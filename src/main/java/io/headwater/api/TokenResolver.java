package io.headwater.api;

import io.headwater.Secrets;
import io.headwater.account.Account;
import io.headwater.account.AccountState;
import io.headwater.account.ApiToken;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * Turns an API token into the {@link Principal} it acts for, through the ApiToken and Account entities,
 * keeping verified tokens for a short while so a busy client costs one lookup per TTL. The cache key
 * is the token's SHA-256; the token itself is never kept.
 */
public final class TokenResolver {
  private static final int MAX_CACHED = 10_000;

  private record Cached(Principal principal, long expiresAtNanos) {}

  private final ClusterSharding sharding;
  private final Duration askTimeout;
  private final long ttlNanos;
  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

  public TokenResolver(ActorSystem<?> system, ApiSettings settings) {
    this.sharding = ClusterSharding.get(system);
    this.askTimeout = settings.askTimeout();
    this.ttlNanos = settings.tokenCacheTtl().toNanos();
  }

  /** The principal of a valid token; empty for an unknown one. */
  public CompletionStage<Optional<Principal>> resolve(String token) {
    String hash = Secrets.sha256Hex(token);
    Cached cached = cache.get(hash);
    if (cached != null && cached.expiresAtNanos() - System.nanoTime() > 0) {
      return CompletableFuture.completedFuture(Optional.of(cached.principal()));
    }
    return sharding
        .entityRefFor(ApiToken.ENTITY_TYPE_KEY, hash)
        .<ApiToken.State>askWithStatus(ApiToken.Resolve::new, askTimeout)
        .thenCompose(state -> {
          if (!state.exists()) return CompletableFuture.completedFuture(Optional.<Principal>empty());
          return sharding
              .entityRefFor(Account.ENTITY_TYPE_KEY, state.accountId())
              .<AccountState>askWithStatus(Account.Get::new, askTimeout)
              .thenApply(account -> {
                Principal principal =
                    new Principal(account.accountId(), account.name(), account.email(), hash.substring(0, 32));
                remember(hash, principal);
                return Optional.of(principal);
              });
        });
  }

  private void remember(String hash, Principal principal) {
    if (ttlNanos <= 0) return;
    // A crude bound: a node that sees more distinct valid tokens than this starts over.
    if (cache.size() >= MAX_CACHED) cache.clear();
    cache.put(hash, new Cached(principal, System.nanoTime() + ttlNanos));
  }
}
