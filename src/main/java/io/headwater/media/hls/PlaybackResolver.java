package io.headwater.media.hls;

import io.headwater.media.hls.InputDirectory.InputPlayback;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Where a live input's playback comes from: a broadcast packaged on this node, another node that holds the
 * publisher, or nowhere yet. Playback always asks here rather than a local map, so a cluster can serve
 * any input from any node: {@link Elsewhere} is where fetching from the origin node plugs in.
 */
final class PlaybackResolver {
  sealed interface Resolution permits Unknown, NotLive, Local, Elsewhere {
    /** The input's playback settings; null only for {@link Unknown}. */
    InputPlayback input();
  }

  record Unknown() implements Resolution {
    @Override
    public InputPlayback input() {
      return null;
    }
  }

  record NotLive(InputPlayback input) implements Resolution {}

  record Local(InputPlayback input, Broadcast broadcast) implements Resolution {}

  record Elsewhere(InputPlayback input, String node) implements Resolution {}

  private final InputDirectory directory;
  private final HlsStreams streams;
  private final String selfNode;

  PlaybackResolver(InputDirectory directory, HlsStreams streams, String selfNode) {
    this.directory = directory;
    this.streams = streams;
    this.selfNode = selfNode;
  }

  CompletionStage<Resolution> resolve(String liveInputId) {
    return directory.lookup(liveInputId).thenApply(found -> resolution(liveInputId, found));
  }

  private Resolution resolution(String liveInputId, Optional<InputPlayback> found) {
    if (found.isEmpty()) return new Unknown();
    InputPlayback input = found.get();
    Optional<Broadcast> local = streams.find(liveInputId);
    if (local.isPresent()) return new Local(input, local.get());
    if (input.publisherNode() != null && !input.publisherNode().equals(selfNode)) {
      return new Elsewhere(input, input.publisherNode());
    }
    return new NotLive(input);
  }
}
