package io.headwater.liveinput;

import io.headwater.Secrets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/** Playback look-ups as asks to the sharded LiveInput entities, wherever they run. */
public final class ShardedPlaybackDirectory implements PlaybackDirectory {
  private final ClusterSharding sharding;
  private final Duration timeout;

  public ShardedPlaybackDirectory(ActorSystem<?> system, Duration timeout) {
    this.sharding = ClusterSharding.get(system);
    this.timeout = timeout;
  }

  @Override
  public CompletionStage<PlaybackView> playback(String uid) {
    // Playback URLs are public: a uid that cannot exist starts no entity and reads no journal.
    if (!Secrets.isId(uid)) {
      return CompletableFuture.failedFuture(new LiveInputException.NotFound("live input " + uid + " not found"));
    }
    return sharding.entityRefFor(LiveInput.ENTITY_TYPE_KEY, uid).askWithStatus(LiveInput.GetPlayback::new, timeout);
  }
}
