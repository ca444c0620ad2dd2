package io.headwater.account;

import io.headwater.CborSerializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One account (Cloudflare) / network (Ingest): its name, the e-mail that X-Auth-Email must carry, the
 * live inputs it owns in creation order, and the Idempotency-Keys of recent creates.
 * {@code created == null} means the account does not exist.
 */
public record AccountState(
    String accountId,
    String name,
    String email,
    Instant created,
    List<String> liveInputIds,
    Map<String, Reservation> idempotencyKeys)
    implements CborSerializable {

  /** The live input an Idempotency-Key created, and when. */
  public record Reservation(String liveInputId, Instant at) implements CborSerializable {}

  public AccountState {
    liveInputIds = List.copyOf(liveInputIds);
    idempotencyKeys = Map.copyOf(idempotencyKeys);
  }

  static AccountState empty(String accountId) {
    return new AccountState(accountId, null, null, null, List.of(), Map.of());
  }

  public boolean exists() {
    return created != null;
  }

  Optional<String> liveInputFor(String idempotencyKey, Instant now, Duration ttl) {
    Reservation r = idempotencyKey == null ? null : idempotencyKeys.get(idempotencyKey);
    return r == null || r.at().plus(ttl).isBefore(now) ? Optional.empty() : Optional.of(r.liveInputId());
  }

  AccountState createdAs(String newName, String newEmail, Instant at) {
    return new AccountState(accountId, newName, newEmail, at, liveInputIds, idempotencyKeys);
  }

  /** Adds the input; keys older than {@code ttl} are dropped here, so the map stays bounded. */
  AccountState withLiveInput(String liveInputId, String idempotencyKey, Instant at, Duration ttl) {
    List<String> ids = new ArrayList<>(liveInputIds);
    if (!ids.contains(liveInputId)) ids.add(liveInputId);
    Map<String, Reservation> keys = new HashMap<>();
    idempotencyKeys.forEach((k, r) -> {
      if (!r.at().plus(ttl).isBefore(at)) keys.put(k, r);
    });
    if (idempotencyKey != null) keys.put(idempotencyKey, new Reservation(liveInputId, at));
    return new AccountState(accountId, name, email, created, ids, keys);
  }

  AccountState withoutLiveInput(String liveInputId) {
    List<String> ids = liveInputIds.stream().filter(id -> !id.equals(liveInputId)).toList();
    return new AccountState(accountId, name, email, created, ids, idempotencyKeys);
  }
}
