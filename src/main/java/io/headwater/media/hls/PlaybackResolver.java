package io.headwater.media.hls;

import io.headwater.media.hls.InputDirectory.InputPlayback;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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

  /** How long an input's playback settings are reused: a player's requests then cost one entity ask a second. */
  static final Duration SETTINGS_TTL = Duration.ofSeconds(1);
  private static final int MAX_CACHED = 10_000;

  private record Cached(long expiresAtNanos, CompletionStage<Optional<InputPlayback>> lookup) {}

  private final InputDirectory directory;
  private final HlsStreams streams;
  private final String selfNode;
  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

  PlaybackResolver(InputDirectory directory, HlsStreams streams, String selfNode) {
    this.directory = directory;
    this.streams = streams;
    this.selfNode = selfNode;
  }

  CompletionStage<Resolution> resolve(String liveInputId) {
    return settings(liveInputId).thenApply(found -> resolution(liveInputId, found));
  }

  /** The input's settings, looked up at most once a second per input; a failed lookup is not kept. */
  private CompletionStage<Optional<InputPlayback>> settings(String liveInputId) {
    long now = System.nanoTime();
    Cached cached = cache.get(liveInputId);
    if (cached != null && now - cached.expiresAtNanos() < 0) return cached.lookup();
    if (cache.size() >= MAX_CACHED) cache.clear();
    CompletionStage<Optional<InputPlayback>> lookup = directory.lookup(liveInputId);
    Cached entry = new Cached(now + SETTINGS_TTL.toNanos(), lookup);
    cache.put(liveInputId, entry);
    lookup.whenComplete((found, failure) -> {
      if (failure != null) cache.remove(liveInputId, entry);
    });
    return lookup;
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
