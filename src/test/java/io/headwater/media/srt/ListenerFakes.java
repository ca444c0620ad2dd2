package io.headwater.media.srt;

import io.headwater.liveinput.PublisherControl;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;

/** Stand-ins for a listener's collaborators that a test does not exercise. */
final class ListenerFakes {
  private ListenerFakes() {}

  /** Session actors that are never messaged. */
  static SessionControls noControls() {
    return new SessionControls() {
      @Override
      public ActorRef<PublisherControl> open(String sessionId, Consumer<PublisherControl> onMessage) {
        return null;
      }

      @Override
      public void close(ActorRef<PublisherControl> control) {}
    };
  }

  /** For tests in which no playback is granted. */
  static MediaFeed.Opener noFeeds() {
    return (hub, name) -> {
      throw new UnsupportedOperationException("no playback is granted in this test");
    };
  }
}
