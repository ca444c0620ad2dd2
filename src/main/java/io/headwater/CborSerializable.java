package io.headwater;

/**
 * Marker for every message, event and state that crosses a node boundary or reaches the journal;
 * bound to Jackson CBOR in serialization.conf.
 */
public interface CborSerializable {}
