package io.headwater.restream.push;

import io.headwater.restream.DestinationPolicy;
import io.headwater.restream.RefusedDestinationException;
import io.headwater.liveinput.Output;
import io.headwater.liveinput.OutputControl;
import io.headwater.liveinput.OutputControl.GetStatuses;
import io.headwater.liveinput.OutputControl.OutputsChanged;
import io.headwater.liveinput.OutputStatus;
import io.headwater.media.hub.HubListener;
import io.headwater.media.hub.StreamHub;
import io.headwater.media.hub.StreamHubs;
import io.headwater.media.hub.StreamProfile;
import io.headwater.media.srt.SrtCallers;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The restreamer of one node: for every live input published here, one {@link OutputPusher} per enabled
 * output. The LiveInput entity tells it the outputs when a publish is granted and whenever they change
 * ({@link OutputsChanged}); the node's stream hubs tell it when a publish starts and ends. An actor, so
 * those arrive one at a time whatever their order; pushers run on their own.
 */
public final class Restreamer {
  private static final Logger log = LoggerFactory.getLogger(Restreamer.class);

  private record HubOpened(StreamHub hub, String sessionId) {}

  private record HubClosed(StreamHub hub) {}

  /** The inputs published on this node: their hub, the outputs they should push, and the pushers running. */
  private static final class Input {
    StreamHub hub;
    String sessionId;
    List<Output> outputs = List.of();
    final Map<String, OutputPusher> pushers = new HashMap<>();
  }

  private final ActorSystem<?> system;
  private final DestinationPolicy policy;
  private final PushSettings settings;
  private final Clock clock;
  private final SrtCallers srt;
  private final Map<String, Input> inputs = new HashMap<>();

  private Restreamer(ActorSystem<?> system, DestinationPolicy policy, PushSettings settings, Clock clock,
      SrtCallers srt) {
    this.system = system;
    this.policy = policy;
    this.settings = settings;
    this.clock = clock;
    this.srt = srt;
  }

  /**
   * Starts the node's restreamer and attaches it to the node's hubs; returns where entities reach it.
   *
   * @param srt the node's SRT caller loop, which pushes srt:// outputs
   */
  public static ActorRef<OutputControl> start(ActorSystem<?> system, StreamHubs hubs, DestinationPolicy policy,
      PushSettings settings, Clock clock, SrtCallers srt) {
    Behavior<Object> behavior = Behaviors.setup(ctx -> new Restreamer(system, policy, settings, clock, srt).behavior());
    ActorRef<Object> ref = system.systemActorOf(behavior, "restreamer", Props.empty());
    hubs.addListener(new HubListener() {
      @Override
      public void opened(StreamHub hub, StreamProfile profile) {
        ref.tell(new HubOpened(hub, profile.sessionId()));
      }

      @Override
      public void closed(StreamHub hub) {
        ref.tell(new HubClosed(hub));
      }
    });
    return ref.narrow();
  }

  private Behavior<Object> behavior() {
    return Behaviors.receive(Object.class)
        .onMessage(HubOpened.class, m -> {
          Input input = inputs.computeIfAbsent(m.hub().liveInputId(), id -> new Input());
          stopAll(m.hub().liveInputId(), input);
          if (!m.sessionId().equals(input.sessionId)) input.outputs = List.of(); // outputs of another session
          input.hub = m.hub();
          input.sessionId = m.sessionId();
          reconcile(m.hub().liveInputId(), input);
          return Behaviors.same();
        })
        .onMessage(HubClosed.class, m -> {
          Input input = inputs.get(m.hub().liveInputId());
          if (input != null && input.hub == m.hub()) {
            stopAll(m.hub().liveInputId(), input);
            inputs.remove(m.hub().liveInputId());
          }
          return Behaviors.same();
        })
        .onMessage(OutputsChanged.class, m -> {
          Input input = inputs.computeIfAbsent(m.liveInputId(), id -> new Input());
          if (input.hub != null && !m.sessionId().equals(input.sessionId)) return Behaviors.same(); // stale
          input.sessionId = m.sessionId();
          input.outputs = m.outputs();
          reconcile(m.liveInputId(), input);
          return Behaviors.same();
        })
        .onMessage(GetStatuses.class, m -> {
          Map<String, OutputStatus> statuses = new HashMap<>();
          Input input = inputs.get(m.liveInputId());
          if (input != null) input.pushers.forEach((uid, pusher) -> statuses.put(uid, pusher.status()));
          m.replyTo().tell(new OutputControl.Statuses(statuses));
          return Behaviors.same();
        })
        .build();
  }

  /** Starts a pusher for every enabled output without one; stops those whose output went or changed. */
  private void reconcile(String liveInputId, Input input) {
    if (input.hub == null) return; // the outputs arrived before the hub opened: applied when it does
    Map<String, Output> wanted = new HashMap<>();
    for (Output o : input.outputs) if (o.enabled()) wanted.put(o.uid(), o);
    input.pushers.entrySet().removeIf(e -> {
      boolean keep = Objects.equals(wanted.get(e.getKey()), e.getValue().output());
      if (!keep) e.getValue().stop();
      return !keep;
    });
    for (Output o : wanted.values()) {
      if (input.pushers.containsKey(o.uid())) continue;
      try {
        OutputPusher pusher = new OutputPusher(system, liveInputId, o, input.hub, policy, settings, clock, srt);
        input.pushers.put(o.uid(), pusher);
        pusher.start();
      } catch (RefusedDestinationException e) {
        log.warn("live input {}: output {} not pushed: {}", liveInputId, o.uid(), e.getMessage());
      }
    }
  }

  private static void stopAll(String liveInputId, Input input) {
    input.pushers.values().forEach(OutputPusher::stop);
    input.pushers.clear();
  }
}
