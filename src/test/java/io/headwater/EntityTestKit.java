package io.headwater;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;

/**
 * Shared set-up for entity tests: the shipped serialization config on top of the persistence test kit's
 * in-memory journal, so every command, reply, event and state an entity test touches is serialized as in
 * production. The kits' own check cannot compare for equality (an exception never equals its copy); the
 * restart tests and explicit round trips in each test class do that.
 */
public final class EntityTestKit {
  private EntityTestKit() {}

  /** The ActorTestKit config; fails if serialization.conf went missing (test kits do not load application.conf). */
  public static Config config() {
    return ConfigFactory.parseResources("serialization.conf", ConfigParseOptions.defaults().setAllowMissing(false))
        .withFallback(EventSourcedBehaviorTestKit.config());
  }
}
