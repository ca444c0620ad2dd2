package io.headwater.liveinput;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publish grants as asks to the sharded LiveInput entities: what ingest sessions of every protocol use
 * to start and end a publish, wherever the entity runs.
 */
public final class ShardedPublishAuthority implements PublishAuthority {
  private static final Logger log = LoggerFactory.getLogger(ShardedPublishAuthority.class);

  private final ClusterSharding sharding;
  private final Duration timeout;
  private final String node;
  private final ActorRef<OutputControl> outputControl;

  /** @param outputControl this node's restreamer, recorded with every publisher granted here */
  public ShardedPublishAuthority(ActorSystem<?> system, Duration timeout, ActorRef<OutputControl> outputControl) {
    this.sharding = ClusterSharding.get(system);
    this.timeout = timeout;
    this.outputControl = outputControl;
    this.node = Cluster.get(system).selfMember().address().toString();
  }

  @Override
  public CompletionStage<GrantedPublish> startPublish(String liveInputId, PublishCredential credential, String sessionId,
      String remoteAddress, String protocol, ActorRef<PublisherControl> control) {
    return sharding.entityRefFor(LiveInput.ENTITY_TYPE_KEY, liveInputId)
        .askWithStatus(r -> new LiveInput.StartPublish(credential, sessionId, node, remoteAddress, protocol, control,
            outputControl, r), timeout);
  }

  @Override
  public CompletionStage<GrantedPlayback> authorizePlayback(String liveInputId, PublishCredential credential) {
    return sharding.entityRefFor(LiveInput.ENTITY_TYPE_KEY, liveInputId)
        .askWithStatus(r -> new LiveInput.AuthorizePlayback(credential, r), timeout);
  }

  @Override
  public CompletionStage<MediaKeys> refreshMediaKeys(String liveInputId, String sessionId, byte[] keyMaterial) {
    return sharding.entityRefFor(LiveInput.ENTITY_TYPE_KEY, liveInputId)
        .askWithStatus(r -> new LiveInput.RefreshMediaKeys(sessionId, keyMaterial, r), timeout);
  }

  @Override
  public void endPublish(String liveInputId, String sessionId, String reason) {
    sharding.entityRefFor(LiveInput.ENTITY_TYPE_KEY, liveInputId)
        .<Done>askWithStatus(r -> new LiveInput.EndPublish(sessionId, reason, r), timeout)
        .whenComplete((done, failure) -> {
          if (failure != null) log.warn("end of publish of {} not recorded ({}); the death watch will", liveInputId, failure.toString());
        });
  }

  @Override
  public void reportTranscoding(String liveInputId, String sessionId, String reason) {
    sharding.entityRefFor(LiveInput.ENTITY_TYPE_KEY, liveInputId)
        .<Done>askWithStatus(r -> new LiveInput.ReportTranscoding(sessionId, reason, r), timeout)
        .whenComplete((done, failure) -> {
          if (failure != null) log.warn("transcoding report for {} not recorded ({})", liveInputId, failure.toString());
        });
  }

  @Override
  public String node() {
    return node;
  }
}
