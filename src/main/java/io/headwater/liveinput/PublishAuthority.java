package io.headwater.liveinput;

import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Who decides whether a publish may start: the live input's entity, wherever in the cluster it lives.
 * Sessions of every protocol (RTMP, SRT) ask through this one narrow interface.
 */
public interface PublishAuthority {
  /**
   * The grant (with the stream profile the session's hub is opened with, and an SRT publish's media keys),
   * or a failure with {@code LiveInputException.PublishRefused} (a reason safe to show), or a timeout.
   */
  CompletionStage<GrantedPublish> startPublish(
      String liveInputId, PublishCredential credential, String sessionId, String remoteAddress, String protocol,
      ActorRef<PublisherControl> control);

  /**
   * The media keys an SRT key refresh announces, opened by the entity for the session holding the publish;
   * or a failure with {@code PublishRefused} when they do not open with the current passphrase.
   */
  CompletionStage<MediaKeys> refreshMediaKeys(String liveInputId, String sessionId, byte[] keyMaterial);

  /** Records the end of a granted publish; fire and forget (the entity's death watch is the backstop). */
  void endPublish(String liveInputId, String sessionId, String reason);

  /**
   * A pull viewer's playback credential (the RTMPS playback key, or SRT key material wrapped under the SRT
   * playback passphrase) checked by the live input; completes with the node holding the publisher and an
   * SRT viewer's media keys, or fails with {@code LiveInputException.PublishRefused} ("invalid stream key",
   * "invalid passphrase", "not live").
   */
  CompletionStage<GrantedPlayback> authorizePlayback(String liveInputId, PublishCredential credential);

  /**
   * Records a transcoding problem of a live publish in the input's status history; fire and forget (a report
   * that does not arrive only costs the owner a line of history). Authorities that keep no history drop it.
   */
  default void reportTranscoding(String liveInputId, String sessionId, String reason) {}

  /** This node's name, as recorded in the status history and used to find the stream's hub. */
  String node();
}
