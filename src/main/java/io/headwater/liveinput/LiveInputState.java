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
 * @param grant the grant of the publisher while one is live, else null
 * @param reconnectUntil while the status is {@code reconnecting}: until when a publish continues the
 *     broadcast; else null
 * @param statusHistory the most recent status transitions, oldest first
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
    boolean deleted,
    PublishGrant grant,
    Instant reconnectUntil,
    List<StatusEntry> statusHistory)
    implements CborSerializable {

  /** How many transitions `statusHistory` keeps. */
  public static final int HISTORY_LENGTH = 20;

  public LiveInputState {
    outputs = List.copyOf(outputs);
    statusHistory = statusHistory == null ? List.of() : List.copyOf(statusHistory);
  }

  static LiveInputState empty(String uid) {
    return new LiveInputState(
        uid, null, LiveInputSettings.DEFAULT, true, null, List.of(), null, null, null, null, false, null, null, List.of());
  }

  public boolean exists() {
    return accountId != null && !deleted;
  }

  /** Whether the input exists and belongs to {@code account}; anything else reads as "not found". */
  public boolean visibleTo(String account) {
    return exists() && accountId.equals(account);
  }

  public boolean live() {
    return grant != null;
  }

  /** The live publisher, or null. */
  public Publisher publisher() {
    return grant == null ? null : grant.publisher();
  }

  public Optional<Output> output(String outputUid) {
    return outputs.stream().filter(o -> o.uid().equals(outputUid)).findFirst();
  }

  LiveInputState created(String account, LiveInputSettings newSettings, boolean isEnabled, Credentials creds, Instant at) {
    return new LiveInputState(uid, account, newSettings, isEnabled, creds, List.of(), null, at, at, null, false, null, null,
        List.of());
  }

  LiveInputState withSettings(LiveInputSettings value, Instant at) {
    return new LiveInputState(uid, accountId, value, enabled, credentials, outputs, status, created, at, keysRotatedAt,
        deleted, grant, reconnectUntil, statusHistory);
  }

  LiveInputState withEnabled(boolean value, Instant at) {
    return new LiveInputState(uid, accountId, settings, value, credentials, outputs, status, created, at, keysRotatedAt,
        deleted, grant, reconnectUntil, statusHistory);
  }

  LiveInputState withCredentials(Credentials value, Instant at) {
    return new LiveInputState(uid, accountId, settings, enabled, value, outputs, status, created, at, at,
        deleted, grant, reconnectUntil, statusHistory);
  }

  LiveInputState withOutputs(List<Output> value, Instant at) {
    return new LiveInputState(uid, accountId, settings, enabled, credentials, value, status, created, at, keysRotatedAt,
        deleted, grant, reconnectUntil, statusHistory);
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
    return new LiveInputState(uid, accountId, settings, false, credentials, List.of(), status, created, at, keysRotatedAt,
        true, grant, reconnectUntil, statusHistory);
  }

  /**
   * A status transition: the publisher's grant (null when none is live) and the reconnect deadline
   * change with it, `modified` does not (it tracks configuration).
   */
  LiveInputState withStatus(StatusEntry entry, PublishGrant newGrant, Instant newReconnectUntil) {
    return new LiveInputState(uid, accountId, settings, enabled, credentials, outputs, entry.state(), created, modified,
        keysRotatedAt, deleted, newGrant, newReconnectUntil, appended(entry));
  }

  /** An entry in the history that leaves the status as it is (a report about the live publish). */
  LiveInputState withNote(StatusEntry entry) {
    return new LiveInputState(uid, accountId, settings, enabled, credentials, outputs, status, created, modified,
        keysRotatedAt, deleted, grant, reconnectUntil, appended(entry));
  }

  /** The latest status transition, or null before the first publish. */
  StatusEntry lastStatus() {
    return statusHistory.isEmpty() ? null : statusHistory.get(statusHistory.size() - 1);
  }

  private List<StatusEntry> appended(StatusEntry entry) {
    List<StatusEntry> next = new ArrayList<>(statusHistory);
    next.add(entry);
    return next.size() > HISTORY_LENGTH ? next.subList(next.size() - HISTORY_LENGTH, next.size()) : next;
  }
}
