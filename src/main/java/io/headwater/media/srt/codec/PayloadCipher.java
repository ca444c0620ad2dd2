package io.headwater.media.srt.codec;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-CTR encryption of data packet payloads for one connection (srt.md 7.3; haicrypt hcrypt.h): the key
 * is the session key the packet's KK names, the IV the KM salt XORed with the packet sequence number. The
 * header stays clear; ciphertext and plaintext have the same length. One instance per connection, used by
 * one thread at a time; it reuses its {@link Cipher} across packets.
 */
public final class PayloadCipher {
  private final Cipher ctr;
  private SessionKeys keys;
  private SecretKeySpec even;
  private SecretKeySpec odd;
  private byte[] evenSalt;
  private byte[] oddSalt;

  public PayloadCipher(SessionKeys keys) {
    try {
      this.ctr = Cipher.getInstance("AES/CTR/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/CTR/NoPadding is part of every JDK", e);
    }
    install(keys);
  }

  /** Replaces the slot(s) {@code refresh} holds, keeping the other (srt.md 7.6). */
  public void install(SessionKeys refresh) {
    keys = keys == null ? refresh : keys.merge(refresh);
    boolean hasEven = keys.has(KeyFlags.EVEN);
    boolean hasOdd = keys.has(KeyFlags.ODD);
    even = hasEven ? new SecretKeySpec(keys.key(KeyFlags.EVEN), "AES") : null;
    evenSalt = hasEven ? keys.salt(KeyFlags.EVEN) : null;
    odd = hasOdd ? new SecretKeySpec(keys.key(KeyFlags.ODD), "AES") : null;
    oddSalt = hasOdd ? keys.salt(KeyFlags.ODD) : null;
  }

  public SessionKeys keys() {
    return keys;
  }

  /**
   * The packet with its payload decrypted and KK cleared; a clear packet is returned as is.
   *
   * @throws SrtCodecException when no key is installed for the packet's KK (srt.md 8.2: drop the packet)
   */
  public DataPacket decrypt(DataPacket packet) {
    if (packet.key() == KeyFlags.CLEAR) {
      return packet;
    }
    byte[] payload = packet.payload().clone();
    apply(packet.key(), packet.sequenceNumber(), payload, 0, payload.length);
    return packet.withPayload(payload, KeyFlags.CLEAR);
  }

  /** The clear packet encrypted with the EVEN or ODD key, KK set accordingly. */
  public DataPacket encrypt(DataPacket packet, KeyFlags key) {
    if (packet.key() != KeyFlags.CLEAR) {
      throw new IllegalArgumentException("packet " + packet.sequenceNumber() + " is already encrypted");
    }
    byte[] payload = packet.payload().clone();
    apply(key, packet.sequenceNumber(), payload, 0, payload.length);
    return packet.withPayload(payload, key);
  }

  /** CTR mode is its own inverse: encrypts or decrypts {@code length} bytes in place. */
  public void apply(KeyFlags key, int sequenceNumber, byte[] buf, int offset, int length) {
    SecretKeySpec spec = key == KeyFlags.EVEN ? even : key == KeyFlags.ODD ? odd : null;
    byte[] salt = key == KeyFlags.EVEN ? evenSalt : oddSalt;
    if (spec == null) {
      throw new SrtCodecException("data: no " + key + " key installed for packet " + sequenceNumber);
    }
    try {
      ctr.init(Cipher.ENCRYPT_MODE, spec, new IvParameterSpec(iv(salt, sequenceNumber)));
      ctr.doFinal(buf, offset, length, buf, offset);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-CTR with a 16-, 24- or 32-byte key cannot fail", e);
    }
  }

  /**
   * srt.md 7.3: 16 zero bytes, the 32-bit sequence number at bytes 10..13, bytes 0..13 XORed with the salt;
   * bytes 14..15 are the block counter, starting at 0.
   */
  public static byte[] iv(byte[] salt, int sequenceNumber) {
    byte[] iv = new byte[16];
    SrtBytes.putS32(iv, 10, sequenceNumber);
    for (int i = 0; i < 14; i++) {
      iv[i] ^= salt[i];
    }
    return iv;
  }
}
