package io.headwater.media.srt.codec;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The session keys (SEKs) of one connection direction: an even and an odd slot, each a key with the salt of
 * the KM that delivered it (srt.md 7.2, 7.6). Made from a caller's KM with {@link #unwrap}; a key refresh
 * replaces only the slots its KM carries ({@link #merge}). Immutable; never prints a key.
 */
public final class SessionKeys {
  private final Slot even;
  private final Slot odd;

  private record Slot(byte[] key, byte[] salt) {}

  private SessionKeys(Slot even, Slot odd) {
    this.even = even;
    this.odd = odd;
  }

  /**
   * srt.md 7.2: derive the KEK from the passphrase and the KM's salt, unwrap, split even || odd.
   *
   * @throws BadSecretException when the passphrase is not the one the caller used
   * @throws SrtCodecException when the KM asks for what libsrt 1.5.1 does not do: a cipher other than
   *     AES-CTR, authentication, or a KEK other than the passphrase's
   */
  public static SessionKeys unwrap(KeyMaterial km, String passphrase) {
    if (km.cipher() != KeyMaterial.CIPHER_AES_CTR) {
      throw new SrtCodecException("km: cipher " + km.cipher() + " not supported, only 2 (AES-CTR)");
    }
    if (km.auth() != 0) {
      throw new SrtCodecException("km: authentication " + km.auth() + " not supported, only 0 (none)");
    }
    if (km.keki() != 0) {
      throw new SrtCodecException("km: KEK index " + km.keki() + " not supported, only 0 (the passphrase)");
    }
    byte[] kek = PassphraseKeys.deriveKek(passphrase, km.salt(), km.keyLength());
    byte[] keys = PassphraseKeys.unwrap(kek, km.wrappedKeys());
    Arrays.fill(kek, (byte) 0);
    return fromPlainKeys(km.keys(), km.salt(), km.keyLength(), keys);
  }

  /**
   * The keys of {@code km} already unwrapped elsewhere ({@link PassphraseKeys#unwrap} by whoever holds the
   * passphrase): even then odd for BOTH, each {@code km.keyLength()} bytes.
   */
  public static SessionKeys opened(KeyMaterial km, byte[] keys) {
    int expected = km.wrappedKeys().length - KeyMaterial.WRAP_OVERHEAD;
    if (keys.length != expected) {
      throw new IllegalArgumentException(keys.length + " key bytes for a KM of " + expected);
    }
    return fromPlainKeys(km.keys(), km.salt(), km.keyLength(), keys);
  }

  /** Fresh random keys for the slot(s) named, with a fresh salt: what a sender puts in its first KM. */
  public static SessionKeys generate(SecureRandom random, int keyLength, KeyFlags which) {
    if (!KeyMaterial.isKeyLength(keyLength) || which == KeyFlags.CLEAR) {
      throw new IllegalArgumentException("key length 16, 24 or 32 and at least one slot expected");
    }
    byte[] salt = new byte[KeyMaterial.SALT_LENGTH];
    random.nextBytes(salt);
    byte[] keys = new byte[(which == KeyFlags.BOTH ? 2 : 1) * keyLength];
    random.nextBytes(keys);
    return fromPlainKeys(which, salt, keyLength, keys);
  }

  private static SessionKeys fromPlainKeys(KeyFlags which, byte[] salt, int keyLength, byte[] keys) {
    Slot first = new Slot(Arrays.copyOfRange(keys, 0, keyLength), salt.clone());
    return switch (which) {
      case EVEN -> new SessionKeys(first, null);
      case ODD -> new SessionKeys(null, first);
      case BOTH -> new SessionKeys(first, new Slot(Arrays.copyOfRange(keys, keyLength, 2 * keyLength), salt.clone()));
      case CLEAR -> throw new IllegalArgumentException("no slot named");
    };
  }

  /** These keys with the slots {@code refresh} holds replaced (srt.md 7.6: replace only what a KM carries). */
  public SessionKeys merge(SessionKeys refresh) {
    return new SessionKeys(refresh.even != null ? refresh.even : even, refresh.odd != null ? refresh.odd : odd);
  }

  /** Whether the slot(s) named hold a key. */
  public boolean has(KeyFlags which) {
    return (!which.hasEven() || even != null) && (!which.hasOdd() || odd != null) && which != KeyFlags.CLEAR;
  }

  /** A copy of the key in the EVEN or ODD slot. */
  public byte[] key(KeyFlags slot) {
    return slot(slot).key().clone();
  }

  /** A copy of the salt that came with the key in the EVEN or ODD slot. */
  public byte[] salt(KeyFlags slot) {
    return slot(slot).salt().clone();
  }

  /**
   * The KM that delivers the slot(s) named under the passphrase: for BOTH, even then odd, which must share
   * one salt.
   */
  public KeyMaterial wrap(String passphrase, KeyFlags which) {
    if (!has(which)) {
      throw new IllegalArgumentException("no key in slot " + which);
    }
    Slot first = which == KeyFlags.ODD ? odd : even;
    byte[] plain = first.key();
    if (which == KeyFlags.BOTH) {
      if (!Arrays.equals(even.salt(), odd.salt())) {
        throw new IllegalArgumentException("one KM carries two keys only when they share a salt");
      }
      plain = Arrays.copyOf(even.key(), 2 * even.key().length);
      System.arraycopy(odd.key(), 0, plain, even.key().length, odd.key().length);
    }
    byte[] kek = PassphraseKeys.deriveKek(passphrase, first.salt(), first.key().length);
    return KeyMaterial.aesCtr(which, first.salt(), first.key().length, PassphraseKeys.wrap(kek, plain));
  }

  private Slot slot(KeyFlags slot) {
    Slot s = switch (slot) {
      case EVEN -> even;
      case ODD -> odd;
      default -> throw new IllegalArgumentException("a key lives in the EVEN or the ODD slot, not " + slot);
    };
    if (s == null) {
      throw new IllegalArgumentException("no key in slot " + slot);
    }
    return s;
  }

  @Override
  public String toString() {
    return "SessionKeys[even=" + describe(even) + ", odd=" + describe(odd) + "]";
  }

  private static String describe(Slot s) {
    return s == null ? "none" : s.key().length * 8 + "-bit";
  }
}
