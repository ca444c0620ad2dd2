package io.headwater.media.srt.codec;

import java.security.GeneralSecurityException;
import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The passphrase side of SRT encryption (srt.md 7.2; haicrypt hcrypt_sa.c): the key-encrypting key (KEK)
 * derived with PBKDF2-HMAC-SHA1 from the passphrase and the last 8 bytes of the KM salt, 2048 iterations,
 * and the RFC 3394 AES key wrap of the session keys under it (the JDK's AES/KW/NoPadding, default IV
 * A6A6A6A6A6A6A6A6).
 */
public final class PassphraseKeys {
  /** libsrt's SRTO_PASSPHRASE: 10 to 79 characters. */
  public static final int MIN_PASSPHRASE = 10;
  public static final int MAX_PASSPHRASE = 79;
  static final int PBKDF2_ITERATIONS = 2048;
  static final int PBKDF2_SALT_LENGTH = 8;

  private PassphraseKeys() {}

  /**
   * The KEK for a KM with this salt. The JDK encodes the passphrase's chars as UTF-8, as a libsrt caller
   * receives it from a URL or config.
   *
   * @param salt the 16-byte KM salt; PBKDF2 uses its last 8 bytes
   * @param keyLength 16, 24 or 32: the KM's key length
   */
  public static byte[] deriveKek(String passphrase, byte[] salt, int keyLength) {
    requirePassphrase(passphrase);
    if (salt.length != KeyMaterial.SALT_LENGTH || !KeyMaterial.isKeyLength(keyLength)) {
      throw new IllegalArgumentException("salt of 16 bytes and key length 16, 24 or 32 expected");
    }
    byte[] pbkdf2Salt = Arrays.copyOfRange(salt, salt.length - PBKDF2_SALT_LENGTH, salt.length);
    PBEKeySpec spec = new PBEKeySpec(passphrase.toCharArray(), pbkdf2Salt, PBKDF2_ITERATIONS, keyLength * 8);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA1").generateSecret(spec).getEncoded();
    } catch (InvalidKeySpecException e) {
      throw new IllegalArgumentException("passphrase not usable for PBKDF2", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA1 is part of every JDK", e);
    } finally {
      spec.clearPassword();
    }
  }

  /** RFC 3394 wrap of the session key(s) (even first when both) under the KEK. */
  public static byte[] wrap(byte[] kek, byte[] keys) {
    try {
      Cipher kw = Cipher.getInstance("AES/KW/NoPadding");
      kw.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(kek, "AES"));
      return kw.doFinal(keys);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot wrap " + keys.length + " key bytes under a " + kek.length
          + "-byte KEK", e);
    }
  }

  /**
   * RFC 3394 unwrap. A failed integrity check means the passphrase differs from the one that wrapped the keys.
   *
   * @throws BadSecretException when the integrity check fails
   */
  public static byte[] unwrap(byte[] kek, byte[] wrapped) {
    if (wrapped.length < 24 || wrapped.length % 8 != 0) {
      throw new SrtCodecException("km: wrapped keys of " + wrapped.length
          + " bytes, expected 24 or more, a multiple of 8");
    }
    try {
      Cipher kw = Cipher.getInstance("AES/KW/NoPadding");
      kw.init(Cipher.DECRYPT_MODE, new SecretKeySpec(kek, "AES"));
      return kw.doFinal(wrapped);
    } catch (IllegalBlockSizeException | BadPaddingException e) {
      // The length was checked above: what is left is the integrity check value (srt.md 7.2).
      throw new BadSecretException("km: key unwrap integrity check failed: the passphrases differ");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/KW/NoPadding with a " + kek.length + "-byte KEK is part of every JDK", e);
    }
  }

  static void requirePassphrase(String passphrase) {
    if (passphrase.length() < MIN_PASSPHRASE || passphrase.length() > MAX_PASSPHRASE) {
      throw new IllegalArgumentException("an SRT passphrase has " + MIN_PASSPHRASE + " to " + MAX_PASSPHRASE
          + " characters, this one " + passphrase.length());
    }
  }
}
