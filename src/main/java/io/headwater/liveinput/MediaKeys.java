package io.headwater.liveinput;

import io.headwater.CborSerializable;
import java.util.Arrays;

/**
 * The session keys of one SRT publish, opened by the entity from the caller's key material: what decrypts
 * that session's media, and nothing more (the passphrase stays with the entity). Handed to the session in
 * the grant and on each key refresh; never persisted, never printed.
 *
 * @param keys the unwrapped key bytes, even key first when the material carried both
 */
public record MediaKeys(byte[] keys) implements CborSerializable {
  public MediaKeys {
    keys = keys.clone();
  }

  @Override
  public byte[] keys() {
    return keys.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MediaKeys k && Arrays.equals(keys, k.keys);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(keys);
  }

  @Override
  public String toString() {
    return "MediaKeys[" + keys.length + " bytes]";
  }
}
