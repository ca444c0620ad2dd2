package io.headwater.liveinput;

import java.util.concurrent.CompletionStage;

/**
 * Where playback looks a live input up by uid: its playback policy, status, and the node of its
 * publisher. The HLS playback layer depends on this interface, not on the entity.
 */
public interface PlaybackDirectory {
  /** Fails with {@code LiveInputException.NotFound} for an unknown or deleted uid, or with a timeout. */
  CompletionStage<PlaybackView> playback(String uid);
}
