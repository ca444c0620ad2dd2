package io.headwater.liveinput;

import io.headwater.CborSerializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything the LiveInput entity knows about one live input: an immutable snapshot, safe to hand to
 * routes as a reply. {@code accountId == null} means the input was never created.
 *
 * @param status Cloudflare's status string; null until the first publisher connects
 */
public record LiveInputState(
    String uid,
    String accountId,
    LiveInputSettings settings,
    boolean enabled,
    Credentials credentials,
    List<Output> outputs,
    String status,
    Instant created,
    Instant modified,
    Instant keysRotatedAt,
    boolean deleted)
    implements CborSerializable {

  public LiveInputState {
    outputs = List.copyOf(outputs);
  }

  static LiveInputState empty(String uid) {
    return new LiveInputState(uid, null, LiveInputSettings.DEFAULT, true, null, List.of(), null, null, null, null, false);
  }

  public boolean exists() {
    return accountId != null && !deleted;
  }

  /** Whether the input exists and belongs to {@code account}; anything else reads as "not found". */
  public boolean visibleTo(String account) {
    return exists() && accountId.equals(account);
  }

  public Optional<Output> output(String outputUid) {
    return outputs.stream().filter(o -> o.uid().equals(outputUid)).findFirst();
  }

  LiveInputState created(String account, LiveInputSettings newSettings, boolean isEnabled, Credentials creds, Instant at) {
    return new LiveInputState(uid, account, newSettings, isEnabled, creds, List.of(), null, at, at, null, false);
  }

  LiveInputState withSettings(LiveInputSettings value, Instant at) {
    return new LiveInputState(uid, accountId, value, enabled, credentials, outputs, status, created, at, keysRotatedAt, deleted);
  }

  LiveInputState withEnabled(boolean value, Instant at) {
    return new LiveInputState(uid, accountId, settings, value, credentials, outputs, status, created, at, keysRotatedAt, deleted);
  }

  LiveInputState withCredentials(Credentials value, Instant at) {
    return new LiveInputState(uid, accountId, settings, enabled, value, outputs, status, created, at, at, deleted);
  }

  LiveInputState withOutputs(List<Output> value, Instant at) {
    return new LiveInputState(uid, accountId, settings, enabled, credentials, value, status, created, at, keysRotatedAt, deleted);
  }

  LiveInputState withOutput(Output output, Instant at) {
    List<Output> next = new ArrayList<>();
    for (Output o : outputs) next.add(o.uid().equals(output.uid()) ? output : o);
    if (output(output.uid()).isEmpty()) next.add(output);
    return withOutputs(next, at);
  }

  LiveInputState withoutOutput(String outputUid, Instant at) {
    return withOutputs(outputs.stream().filter(o -> !o.uid().equals(outputUid)).toList(), at);
  }

  LiveInputState asDeleted(Instant at) {
    return new LiveInputState(uid, accountId, settings, false, credentials, List.of(), status, created, at, keysRotatedAt, true);
  }
}
