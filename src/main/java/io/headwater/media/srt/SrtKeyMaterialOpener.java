package io.headwater.media.srt;

import io.headwater.liveinput.KeyMaterialOpener;
import io.headwater.media.srt.codec.BadSecretException;
import io.headwater.media.srt.codec.KeyMaterial;
import io.headwater.media.srt.codec.PassphraseKeys;
import io.headwater.media.srt.codec.SrtCodecException;
import java.util.Arrays;
import java.util.Optional;

/**
 * What the LiveInput entity opens SRT key material with (srt.md 7.2): PBKDF2-HMAC-SHA1 of the input's
 * passphrase over the KM's salt, then the RFC 3394 unwrap, whose integrity check is the passphrase check.
 * The entity holds the passphrase; this class holds nothing.
 */
public final class SrtKeyMaterialOpener implements KeyMaterialOpener {
  @Override
  public Optional<byte[]> open(String passphrase, byte[] keyMaterial) {
    KeyMaterial km;
    try {
      km = KeyMaterial.decode(keyMaterial);
    } catch (SrtCodecException e) {
      return Optional.empty();
    }
    if (km.cipher() != KeyMaterial.CIPHER_AES_CTR || km.keki() != 0) return Optional.empty();
    byte[] kek;
    try {
      kek = PassphraseKeys.deriveKek(passphrase, km.salt(), km.keyLength());
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // not a passphrase libsrt would accept
    }
    try {
      return Optional.of(PassphraseKeys.unwrap(kek, km.wrappedKeys()));
    } catch (BadSecretException e) {
      return Optional.empty();
    } finally {
      Arrays.fill(kek, (byte) 0);
    }
  }
}
