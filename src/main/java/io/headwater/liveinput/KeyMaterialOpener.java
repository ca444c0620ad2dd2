package io.headwater.liveinput;

import java.util.Optional;

/**
 * Opens an SRT publisher's key material with a live input's passphrase (PBKDF2, then the RFC 3394 unwrap
 * whose integrity check fails for any other passphrase; srt.md 7.2). The SRT package supplies it, so the
 * entity keeps the passphrase without knowing the wire codec. Pure; may be called from any thread.
 */
@FunctionalInterface
public interface KeyMaterialOpener {
  /** For nodes without SRT ingest: nothing opens. */
  KeyMaterialOpener NONE = (passphrase, keyMaterial) -> Optional.empty();

  /**
   * The session key(s) the material carries, or empty when it was not wrapped under {@code passphrase} or
   * cannot be used. Costs the same derivation either way, so timing does not tell a wrong passphrase from a
   * right one.
   */
  Optional<byte[]> open(String passphrase, byte[] keyMaterial);
}
