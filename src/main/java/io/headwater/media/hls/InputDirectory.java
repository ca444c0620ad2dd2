package io.headwater.media.hls;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * What playback needs to know about a live input from its entity, wherever in the cluster that runs. The
 * node adapts the LiveInput entity to it, so this package does not depend on the domain.
 */
public interface InputDirectory {
  /** Empty for an unknown or deleted input; fails when the entity cannot answer in time. */
  CompletionStage<Optional<InputPlayback>> lookup(String liveInputId);

  /**
   * @param allowedOrigins recording.allowedOrigins: null or empty allows every origin
   * @param hideLiveViewerCount recording.hideLiveViewerCount
   * @param publisherNode the node holding the input's publisher and stream hub, null when none
   */
  record InputPlayback(List<String> allowedOrigins, boolean hideLiveViewerCount, String publisherNode) {
    public InputPlayback {
      allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
    }
  }
}
