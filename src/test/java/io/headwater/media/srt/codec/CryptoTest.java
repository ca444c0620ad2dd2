package io.headwater.media.srt.codec;

import static io.headwater.media.srt.codec.CryptoVectors.PASSPHRASE;
import static io.headwater.media.srt.codec.SrtAssertions.assertRejects;
import static io.headwater.media.srt.codec.SrtVectors.hex;
import static io.headwater.media.srt.codec.SrtVectors.packet;
import static io.headwater.media.srt.codec.SrtVectors.toHex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * srt.md 7: interop with libsrt 1.5.1 proven on the captures: the KEK and SEK of srt-vectors/README.md, and
 * encrypted payloads that decrypt to the bytes the unencrypted sessions carried (the x264 encode is
 * deterministic, so every session delivered the same MPEG-TS).
 */
class CryptoTest {
  static List<CryptoVectors.Keys> keys() {
    return CryptoVectors.KEYS;
  }

  static DataPacket data(String capture, int frame) {
    return (DataPacket) SrtPacket.decode(packet(capture, frame));
  }

  static KeyMaterial handshakeKm(String capture) {
    return HandshakeTest.handshake(capture, 3).extension(KeyExchange.Request.class).orElseThrow().keyMaterial();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("keys")
  void derivesTheReadmesKekAndUnwrapsItsSessionKeys(CryptoVectors.Keys v) {
    assertEquals(v.kek(), toHex(PassphraseKeys.deriveKek(v.passphrase(), v.km().salt(), v.km().keyLength())));
    SessionKeys keys = SessionKeys.unwrap(v.km(), v.passphrase());
    assertEquals(v.even(), toHex(keys.key(KeyFlags.EVEN)));
    assertEquals(v.odd() != null, keys.has(KeyFlags.ODD));
    if (v.odd() != null) {
      assertEquals(v.odd(), toHex(keys.key(KeyFlags.ODD)));
    }
  }

  @Test
  void wrongPassphraseFailsTheIntegrityCheck() {
    KeyMaterial km = CryptoVectors.wrongPassphraseKm();
    assertEquals("05fa786abc6a31930e426ce765834e43", toHex(PassphraseKeys.deriveKek(PASSPHRASE, km.salt(), 16)));
    BadSecretException e = assertThrows(BadSecretException.class, () -> SessionKeys.unwrap(km, PASSPHRASE));
    assertEquals(RejectReason.BADSECRET, e.rejectReason());
    assertEquals(1010, e.rejectReason().handshakeType());
    assertFalse(e.getMessage().contains(PASSPHRASE));
  }

  @Test
  void ivIsTheSaltXoredWithTheSequenceNumber() {
    assertEquals("3be9bd3ed18c791de0520b6b3ac90000", toHex(PayloadCipher.iv(CryptoVectors.AES128.salt(), 0x72fa8cfe)));
    assertEquals("3be9bd3ed18c791de0520b6b3ac80000", toHex(PayloadCipher.iv(CryptoVectors.AES128.salt(), 0x72fa8cff)));
    assertEquals("300820583aa1b4c93d8497e74c360000", toHex(PayloadCipher.iv(CryptoVectors.AES256.salt(), 0x649d817b)));
    assertEquals("28e2b2e21e65d94f2b833a55e0b10000",
        toHex(PayloadCipher.iv(CryptoVectors.REFRESH_BOTH.salt(), 0x0651bd70)));
  }

  @ParameterizedTest(name = "{0} frame {1} = {2} frame {3}")
  @CsvSource({
      "aes128-passphrase, 5, plain-sid-access-control, 5",
      "aes128-passphrase, 6, plain-sid-publish-key, 6",
      "aes256-passphrase, 5, plain-sid-access-control, 5",
      "aes256-passphrase, 6, plain-sid-publish-key, 6",
      "key-refresh, 5, loss-nak-retransmit, 5",
      "key-refresh, 6, loss-nak-retransmit, 6"})
  void decryptsToThePlainSessionsPayload(String capture, int frame, String plainCapture, int plainFrame) {
    PayloadCipher cipher = new PayloadCipher(SessionKeys.unwrap(handshakeKm(capture), PASSPHRASE));
    DataPacket encrypted = data(capture, frame);
    assertEquals(KeyFlags.EVEN, encrypted.key());
    DataPacket clear = cipher.decrypt(encrypted);
    assertEquals(KeyFlags.CLEAR, clear.key());
    assertEquals(toHex(data(plainCapture, plainFrame).payload()), toHex(clear.payload()));
    assertEquals(encrypted.sequenceNumber(), clear.sequenceNumber());
  }

  @Test
  void encryptingThePlainPayloadReproducesTheCapturedPacket() {
    PayloadCipher cipher = new PayloadCipher(SessionKeys.unwrap(CryptoVectors.AES128, PASSPHRASE));
    DataPacket captured = data("aes128-passphrase", 5);
    DataPacket clear = captured.withPayload(data("plain-sid-access-control", 5).payload(), KeyFlags.CLEAR);
    assertEquals(toHex(packet("aes128-passphrase", 5)), toHex(cipher.encrypt(clear, KeyFlags.EVEN).encode()));
  }

  @Test
  void keyRefreshInstallsTheOddKeyAndDataSwitchesToIt() {
    PayloadCipher cipher = new PayloadCipher(SessionKeys.unwrap(handshakeKm("key-refresh"), PASSPHRASE));
    DataPacket odd = data("key-refresh", 248);
    assertEquals(KeyFlags.ODD, odd.key());
    assertRejects("data: no ODD key installed for packet 106020208", () -> cipher.decrypt(odd));

    ControlPacket kmreq = (ControlPacket) SrtPacket.decode(packet("key-refresh", 145));
    KeyMaterial km = ((KeyExchange.Request) kmreq.body()).keyMaterial();
    cipher.install(SessionKeys.unwrap(km, PASSPHRASE));
    byte[] ts = cipher.decrypt(odd).payload();
    assertEquals(752, ts.length);
    assertEquals("47410014", toHex(ts).substring(0, 8), "README: plaintext starts 47 41 00 14");
    for (int at = 0; at < ts.length; at += 188) {
      assertEquals(0x47, ts[at] & 0xFF, "MPEG-TS sync byte at " + at);
    }
    assertEquals(toHex(data("loss-nak-retransmit", 5).payload()), toHex(cipher.decrypt(data("key-refresh", 5)).payload()),
        "the even key still decrypts");
    assertEquals(odd.sequenceNumber(), SequenceNumbers.add(HandshakeTest.handshake("key-refresh", 3).initialSequence(), 105),
        "README: first odd-key packet at ISN + 105");
  }

  @Test
  void refreshReplacesOnlyTheSlotsItCarries() {
    SecureRandom random = new SecureRandom();
    SessionKeys first = SessionKeys.generate(random, 16, KeyFlags.BOTH);
    SessionKeys oddOnly = SessionKeys.generate(random, 16, KeyFlags.ODD);
    SessionKeys merged = first.merge(oddOnly);
    assertArrayEquals(first.key(KeyFlags.EVEN), merged.key(KeyFlags.EVEN));
    assertArrayEquals(oddOnly.key(KeyFlags.ODD), merged.key(KeyFlags.ODD));
    assertArrayEquals(oddOnly.salt(KeyFlags.ODD), merged.salt(KeyFlags.ODD));
    assertThrows(IllegalArgumentException.class, () -> merged.wrap(PASSPHRASE, KeyFlags.BOTH), "two salts, one KM");
  }

  @ParameterizedTest(name = "{0}-byte keys, {1}")
  @CsvSource({"16, EVEN", "24, ODD", "32, BOTH"})
  void generatedKeysWrapAndUnwrapUnderThePassphrase(int keyLength, KeyFlags which) {
    SessionKeys keys = SessionKeys.generate(new SecureRandom(), keyLength, which);
    KeyMaterial km = keys.wrap(PASSPHRASE, which);
    assertEquals(which, km.keys());
    assertEquals(km, KeyMaterial.decode("test", km.encode(), 0, km.encode().length));
    SessionKeys back = SessionKeys.unwrap(km, PASSPHRASE);
    for (KeyFlags slot : List.of(KeyFlags.EVEN, KeyFlags.ODD)) {
      assertEquals(keys.has(slot), back.has(slot));
      if (keys.has(slot)) {
        assertArrayEquals(keys.key(slot), back.key(slot));
      }
    }
    assertThrows(BadSecretException.class, () -> SessionKeys.unwrap(km, CryptoVectors.WRONG_PASSPHRASE));
  }

  @Test
  void refusesWhatLibsrt151DoesNotDo() {
    KeyMaterial a = CryptoVectors.AES128;
    byte[] salt = a.salt();
    byte[] wrapped = a.wrappedKeys();
    assertRejects("km: cipher 4 not supported, only 2 (AES-CTR)", () -> SessionKeys.unwrap(
        new KeyMaterial(KeyFlags.EVEN, 0, KeyMaterial.CIPHER_AES_GCM, 1, 2, salt, 16, wrapped), PASSPHRASE));
    assertRejects("km: authentication 1 not supported", () -> SessionKeys.unwrap(
        new KeyMaterial(KeyFlags.EVEN, 0, KeyMaterial.CIPHER_AES_CTR, 1, 2, salt, 16, wrapped), PASSPHRASE));
    assertRejects("km: KEK index 7 not supported", () -> SessionKeys.unwrap(
        new KeyMaterial(KeyFlags.EVEN, 7, KeyMaterial.CIPHER_AES_CTR, 0, 2, salt, 16, wrapped), PASSPHRASE));
  }

  @Test
  void passphrasesHaveLibsrtsLength() {
    byte[] salt = CryptoVectors.AES128.salt();
    assertThrows(IllegalArgumentException.class, () -> PassphraseKeys.deriveKek("short", salt, 16));
    assertThrows(IllegalArgumentException.class, () -> PassphraseKeys.deriveKek("x".repeat(80), salt, 16));
    String cloudflare = "0123456789abcdef0123456789abcdefk" + "0123456789abcdef0123456789abcdef";
    assertEquals(16, PassphraseKeys.deriveKek(cloudflare, salt, 16).length, "Cloudflare's 65-character passphrase");
  }

  @Test
  void keyMaterialRoundTripsAndKeepsNoKeyInItsText() {
    byte[] wire = CryptoVectors.AES128.encode();
    assertEquals(CryptoVectors.KM_HEADER_AES128.replace(" ", "") + CryptoVectors.SALT + CryptoVectors.WRAPPED_16,
        toHex(wire));
    assertArrayEquals(hex("12202903"), java.util.Arrays.copyOf(CryptoVectors.REFRESH_BOTH.encode(), 4));
    String text = SessionKeys.unwrap(CryptoVectors.AES128, PASSPHRASE).toString();
    assertEquals("SessionKeys[even=128-bit, odd=none]", text);
    assertTrue(new PayloadCipher(SessionKeys.unwrap(CryptoVectors.AES128, PASSPHRASE)).keys().has(KeyFlags.EVEN));
  }
}
