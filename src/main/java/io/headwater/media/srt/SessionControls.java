package io.headwater.media.srt;

import io.headwater.liveinput.PublisherControl;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The actor through which a live input reaches one SRT publish (kicks) and which it death-watches, as the
 * RTMP session's stage actor: opened before the grant is asked, stopped when the publish ends. Messages are
 * handed to the listener's loop, never handled on the actor's thread.
 */
interface SessionControls {
  ActorRef<PublisherControl> open(String sessionId, Consumer<PublisherControl> onMessage);

  void close(ActorRef<PublisherControl> control);

  /** One system actor per session, named after it. */
  static SessionControls of(ActorSystem<?> system) {
    return new SessionControls() {
      @Override
      public ActorRef<PublisherControl> open(String sessionId, Consumer<PublisherControl> onMessage) {
        ActorRef<Object> ref = system.systemActorOf(behavior(onMessage), "srt-session-" + sessionId, Props.empty());
        return ref.narrow();
      }

      @Override
      public void close(ActorRef<PublisherControl> control) {
        control.<Object>unsafeUpcast().tell(Stop.STOP);
      }
    };
  }

  /** Ends a session actor: the entity's death watch then knows the publish is over, as a backstop. */
  enum Stop { STOP }

  private static Behavior<Object> behavior(Consumer<PublisherControl> onMessage) {
    return Behaviors.receive(Object.class)
        .onMessage(PublisherControl.class, m -> {
          onMessage.accept(m);
          return Behaviors.same();
        })
        .onMessageEquals(Stop.STOP, Behaviors::stopped)
        .build();
  }
}
