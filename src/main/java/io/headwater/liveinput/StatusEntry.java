package io.headwater.liveinput;

import io.headwater.CborSerializable;
import java.time.Instant;

/**
 * One status transition of a live input, as listed in the API's `statusHistory`.
 *
 * @param state Cloudflare's status value (connected, client_disconnect, …)
 * @param reason why, in words safe to show (never a key)
 */
public record StatusEntry(String state, String reason, String node, String protocol, String remoteAddress, Instant at)
    implements CborSerializable {}
