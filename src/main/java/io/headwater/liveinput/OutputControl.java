package io.headwater.liveinput;

import io.headwater.CborSerializable;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What a LiveInput and the API tell the restreamer of the node holding the input's publisher, wherever
 * that is: the outputs to push while the publish lasts, and how each is doing.
 */
public sealed interface OutputControl extends CborSerializable {
  /**
   * The input's outputs changed during the publish of session {@code sessionId} (added, deleted, enabled
   * or disabled): the restreamer starts and stops pushers to match. Stale sessions are ignored.
   */
  record OutputsChanged(String liveInputId, String sessionId, List<Output> outputs) implements OutputControl {
    public OutputsChanged {
      outputs = List.copyOf(outputs);
    }
  }

  /** The status of each output of a live input that has a pusher on this node. */
  record GetStatuses(String liveInputId, ActorRef<Statuses> replyTo) implements OutputControl {}

  /** Output uid to status; outputs without a pusher are absent (idle). */
  record Statuses(Map<String, OutputStatus> byOutput) implements CborSerializable {
    public Statuses {
      byOutput = Map.copyOf(byOutput);
    }
  }
}
