package io.headwater.media.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.headwater.TestClock;
import io.headwater.media.hls.InputDirectory.InputPlayback;
import io.headwater.media.hls.PlaybackResolver.Elsewhere;
import io.headwater.media.hls.PlaybackResolver.NotLive;
import io.headwater.media.hls.PlaybackResolver.Unknown;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class PlaybackResolverTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final String SELF = "pekko://headwater@127.0.0.1:25520";
  private static final String UID = "0123456789abcdef0123456789abcdef";

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  private final HlsStreams streams = new HlsStreams(KIT.system(), PackagingHarness.settings(6, 64L << 20),
      new TestClock(Instant.parse("2026-11-25T12:00:00Z")));

  /** A directory answering from a fixed table, counting its lookups, failing while {@code failing} is set. */
  private static final class FakeDirectory implements InputDirectory {
    final AtomicInteger lookups = new AtomicInteger();
    volatile Optional<InputPlayback> answer = Optional.empty();
    volatile boolean failing;

    @Override
    public CompletionStage<Optional<InputPlayback>> lookup(String liveInputId) {
      lookups.incrementAndGet();
      return failing ? CompletableFuture.failedFuture(new IllegalStateException("entity did not answer"))
          : CompletableFuture.completedFuture(answer);
    }
  }

  private static PlaybackResolver.Resolution resolve(PlaybackResolver r) {
    return r.resolve(UID).toCompletableFuture().join();
  }

  @Test
  void anUnknownInputIsUnknownAndAnIdleOneNotLive() {
    var directory = new FakeDirectory();
    var resolver = new PlaybackResolver(directory, streams, SELF);
    assertInstanceOf(Unknown.class, resolve(resolver));

    var other = new FakeDirectory();
    other.answer = Optional.of(new InputPlayback(null, false, null));
    assertInstanceOf(NotLive.class, resolve(new PlaybackResolver(other, streams, SELF)));
  }

  @Test
  void anInputPublishedOnAnotherNodeIsServedFromThere() {
    var directory = new FakeDirectory();
    directory.answer = Optional.of(new InputPlayback(List.of(), false, "pekko://headwater@10.0.0.2:25520"));
    var r = resolve(new PlaybackResolver(directory, streams, SELF));
    assertEquals("pekko://headwater@10.0.0.2:25520", assertInstanceOf(Elsewhere.class, r).node());
  }

  @Test
  void settingsAreLookedUpOnceASecondAndFailuresAreNotKept() {
    var directory = new FakeDirectory();
    directory.answer = Optional.of(new InputPlayback(null, false, null));
    var resolver = new PlaybackResolver(directory, streams, SELF);
    for (int i = 0; i < 5; i++) resolve(resolver);
    assertEquals(1, directory.lookups.get(), "a player's burst of requests costs one entity ask");

    var failing = new FakeDirectory();
    failing.failing = true;
    var flaky = new PlaybackResolver(failing, streams, SELF);
    for (int i = 0; i < 3; i++) flaky.resolve(UID).toCompletableFuture().handle((r, e) -> e);
    assertEquals(3, failing.lookups.get(), "a failed lookup is retried by the next request");
  }
}
