package io.headwater.it;

import io.headwater.Secrets;
import io.headwater.account.Account;
import io.headwater.account.AccountState;
import io.headwater.account.ApiToken;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/** Creates extra accounts with their tokens directly through the entities (there is no API for it yet). */
public final class TestTenants {
  private TestTenants() {}

  public record Tenant(String accountId, String token) {}

  public static Tenant create(ActorSystem<?> system, String name) {
    String accountId = Secrets.newHex128();
    String token = TestNodes.newToken();
    ClusterSharding sharding = ClusterSharding.get(system);
    Duration timeout = Duration.ofSeconds(10);
    try {
      sharding.entityRefFor(Account.ENTITY_TYPE_KEY, accountId)
          .<AccountState>askWithStatus(r -> new Account.Create(name, name + "@example.com", r), timeout)
          .toCompletableFuture().get(20, TimeUnit.SECONDS);
      sharding.entityRefFor(ApiToken.ENTITY_TYPE_KEY, Secrets.sha256Hex(token))
          .<ApiToken.State>askWithStatus(r -> new ApiToken.Issue(accountId, r), timeout)
          .toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot create tenant " + name, e);
    }
    return new Tenant(accountId, token);
  }
}
