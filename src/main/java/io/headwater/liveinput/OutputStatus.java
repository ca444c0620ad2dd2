package io.headwater.liveinput;

import io.headwater.CborSerializable;
import java.time.Instant;

/**
 * How an output's pusher is doing, shown in the API beyond Cloudflare's fields (its SDKs ignore added
 * fields). Never carries the destination's stream key.
 *
 * @param state idle (nothing to push: not live or disabled), connecting, forwarding or error
 * @param lastError the last failure in words safe to show, null when none yet
 * @param since when the current state began
 * @param bytesSent bytes written to the destination over every connection of this publish
 * @param reconnects connections attempted after the first
 * @param droppedFrames frames skipped because the destination could not keep up
 */
public record OutputStatus(String state, String lastError, Instant since, long bytesSent, int reconnects,
    long droppedFrames) implements CborSerializable {
  public static final String IDLE = "idle";
  public static final String CONNECTING = "connecting";
  public static final String FORWARDING = "forwarding";
  public static final String ERROR = "error";

  public static OutputStatus idle(Instant since) {
    return new OutputStatus(IDLE, null, since, 0, 0, 0);
  }
}
