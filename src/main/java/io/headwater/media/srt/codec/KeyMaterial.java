package io.headwater.media.srt.codec;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The keying material (KM) message that carries the wrapped session keys (srt.md 7.1; haicrypt
 * hcrypt_msg.h; SRT RFC draft 3.2.2): in a conclusion's KMREQ/KMRSP blocks and in the SRT extended control
 * packets of a key refresh ({@link KeyExchange}). {@link SessionKeys#unwrap} turns it into keys.
 *
 * @param keys KK: which keys {@code wrappedKeys} holds, EVEN, ODD or BOTH (even first)
 * @param keki key-encrypting-key index; 0 is the passphrase-derived KEK, the only one libsrt uses
 * @param cipher {@link #CIPHER_AES_CTR} in libsrt 1.5.1; {@link #CIPHER_AES_GCM} from 1.5.2 on
 * @param auth 0 none (1 with GCM)
 * @param streamEncapsulation SE, 2 for SRT
 * @param salt 16 random bytes; the IV and the PBKDF2 salt derive from it
 * @param keyLength length of each session key: 16, 24 or 32 bytes
 * @param wrappedKeys RFC 3394 output: 8 bytes of integrity check value, then the key(s)
 */
public record KeyMaterial(
    KeyFlags keys,
    int keki,
    int cipher,
    int auth,
    int streamEncapsulation,
    byte[] salt,
    int keyLength,
    byte[] wrappedKeys) {

  /** srt.md 7.1: S (0), version (1), packet type (2 = KM) in the first byte. */
  public static final int FIRST_BYTE = 0x12;
  /** "HAI" as three 5-bit letters. */
  public static final int SIGNATURE = 0x2029;
  public static final int CIPHER_NONE = 0;
  public static final int CIPHER_AES_CTR = 2;
  public static final int CIPHER_AES_GCM = 4;
  public static final int SE_SRT = 2;
  public static final int SALT_LENGTH = 16;
  /** RFC 3394: the wrapped blob is the keys plus an 8-byte integrity check value. */
  public static final int WRAP_OVERHEAD = 8;
  static final int HEADER_SIZE = 16;

  public KeyMaterial {
    if (keys == KeyFlags.CLEAR) {
      throw new IllegalArgumentException("key material carries the even key, the odd key or both");
    }
    if (!isKeyLength(keyLength)) {
      throw new IllegalArgumentException("key length " + keyLength + ", expected 16, 24 or 32");
    }
    if (salt.length != SALT_LENGTH) {
      throw new IllegalArgumentException("salt of " + salt.length + " bytes, expected 16");
    }
    if (wrappedKeys.length != wrappedLength(keys, keyLength)) {
      throw new IllegalArgumentException("wrapped keys of " + wrappedKeys.length + " bytes, expected "
          + wrappedLength(keys, keyLength));
    }
    salt = salt.clone();
    wrappedKeys = wrappedKeys.clone();
  }

  /** An AES-CTR, SRT-encapsulated KM under the passphrase KEK, as libsrt 1.5.1 sends. */
  public static KeyMaterial aesCtr(KeyFlags keys, byte[] salt, int keyLength, byte[] wrappedKeys) {
    return new KeyMaterial(keys, 0, CIPHER_AES_CTR, 0, SE_SRT, salt, keyLength, wrappedKeys);
  }

  static boolean isKeyLength(int bytes) {
    return bytes == 16 || bytes == 24 || bytes == 32;
  }

  static int wrappedLength(KeyFlags keys, int keyLength) {
    return WRAP_OVERHEAD + (keys == KeyFlags.BOTH ? 2 : 1) * keyLength;
  }

  /** A KM message on its own, as {@link #encode} writes it (e.g. a KMREQ block's contents handed elsewhere). */
  public static KeyMaterial decode(byte[] km) {
    return decode("km", km, 0, km.length);
  }

  /**
   * @param what where the KM was found, for error messages ("handshake extension 2 (type 3 KMREQ)")
   */
  static KeyMaterial decode(String what, byte[] buf, int offset, int length) {
    String km = what + " km";
    SrtBytes.requireAtLeast(km, length, HEADER_SIZE);
    int first = buf[offset] & 0xFF;
    if ((first & 0x80) != 0) {
      throw new SrtCodecException(km + ": S bit set (srt.md 7.1: 0)");
    }
    if ((first >>> 4) != 1) {
      throw new SrtCodecException(km + ": version " + (first >>> 4) + ", expected 1");
    }
    if ((first & 0x0F) != 2) {
      throw new SrtCodecException(km + ": packet type " + (first & 0x0F) + ", expected 2 (KM)");
    }
    int signature = SrtBytes.u16(buf, offset + 1);
    if (signature != SIGNATURE) {
      throw new SrtCodecException(km + ": signature 0x" + Integer.toHexString(signature) + ", expected 0x2029");
    }
    KeyFlags keys = KeyFlags.of(buf[offset + 3]);
    if (keys == KeyFlags.CLEAR) {
      throw new SrtCodecException(km + ": KK=0, no key");
    }
    int saltLength = (buf[offset + 14] & 0xFF) * 4;
    if (saltLength != SALT_LENGTH) {
      throw new SrtCodecException(km + ": salt " + saltLength + " bytes, expected 16");
    }
    int keyLength = (buf[offset + 15] & 0xFF) * 4;
    if (!isKeyLength(keyLength)) {
      throw new SrtCodecException(km + ": key length " + keyLength + " bytes, expected 16, 24 or 32");
    }
    int expected = HEADER_SIZE + saltLength + wrappedLength(keys, keyLength);
    if (length != expected) {
      throw new SrtCodecException(km + ": " + length + " bytes, expected " + expected + " for KK=" + keys.bits()
          + " with " + keyLength + "-byte keys");
    }
    return new KeyMaterial(keys, SrtBytes.s32(buf, offset + 4), buf[offset + 8] & 0xFF, buf[offset + 9] & 0xFF,
        buf[offset + 10] & 0xFF, SrtBytes.copy(buf, offset + HEADER_SIZE, saltLength), keyLength,
        SrtBytes.copy(buf, offset + HEADER_SIZE + saltLength, length - HEADER_SIZE - saltLength));
  }

  /** The message; reserved fields are written as zeros. */
  public byte[] encode() {
    byte[] out = new byte[HEADER_SIZE + salt.length + wrappedKeys.length];
    out[0] = FIRST_BYTE;
    SrtBytes.putU16(out, 1, SIGNATURE);
    out[3] = (byte) keys.bits();
    SrtBytes.putS32(out, 4, keki);
    out[8] = (byte) cipher;
    out[9] = (byte) auth;
    out[10] = (byte) streamEncapsulation;
    out[14] = (byte) (salt.length / 4);
    out[15] = (byte) (keyLength / 4);
    System.arraycopy(salt, 0, out, HEADER_SIZE, salt.length);
    System.arraycopy(wrappedKeys, 0, out, HEADER_SIZE + salt.length, wrappedKeys.length);
    return out;
  }

  @Override
  public byte[] salt() {
    return salt.clone();
  }

  @Override
  public byte[] wrappedKeys() {
    return wrappedKeys.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyMaterial k && keys == k.keys && keki == k.keki && cipher == k.cipher && auth == k.auth
        && streamEncapsulation == k.streamEncapsulation && keyLength == k.keyLength && Arrays.equals(salt, k.salt)
        && Arrays.equals(wrappedKeys, k.wrappedKeys);
  }

  @Override
  public int hashCode() {
    return (keys.hashCode() * 31 + keyLength) * 31 + Arrays.hashCode(salt);
  }

  /** Salt and wrapped keys are safe to show: neither reveals a key without the passphrase. */
  @Override
  public String toString() {
    return "KeyMaterial[KK=" + keys + ", keki=" + keki + ", cipher=" + cipher + ", auth=" + auth + ", se="
        + streamEncapsulation + ", salt=" + HexFormat.of().formatHex(salt) + ", klen=" + keyLength + "]";
  }
}
