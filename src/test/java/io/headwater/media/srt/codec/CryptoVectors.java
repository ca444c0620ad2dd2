package io.headwater.media.srt.codec;

import static io.headwater.media.srt.codec.SrtVectors.hex;

import java.util.List;

/**
 * Key material of the encrypted captures and the values srt-vectors/README.md lists for them (KEK, SEK),
 * all verified there with JDK 17. The passphrase of every encrypted capture is {@link #PASSPHRASE}; the
 * wrong-passphrase caller used {@link #WRONG_PASSPHRASE}.
 */
final class CryptoVectors {
  private CryptoVectors() {}

  static final String PASSPHRASE = "0123456789abcdef";
  static final String WRONG_PASSPHRASE = "wrongpassword99";

  /** aes128-passphrase frame 3 KMREQ = frame 4 KMRSP. */
  static final KeyMaterial AES128 = KeyMaterial.aesCtr(KeyFlags.EVEN, hex("3be9bd3ed18c791de0527991b637561a"), 16,
      hex("7179a13a61d420b83a0ca349c765185f53bb05963f37070d"));

  /** aes256-passphrase frame 3 KMREQ. */
  static final KeyMaterial AES256 = KeyMaterial.aesCtr(KeyFlags.EVEN, hex("300820583aa1b4c93d84f37acd4dbe2d"), 32,
      hex("23a16007c1a1366e9a3d4c69825ef22e878dee260d68914a72c797782a253354de0f58b6290b816c"));

  /** key-refresh frame 3 KMREQ: the even key of the handshake. */
  static final KeyMaterial REFRESH_HANDSHAKE = KeyMaterial.aesCtr(KeyFlags.EVEN,
      hex("28e2b2e21e65d94f2b833c045dc1b160"), 16, hex("18147ccc8e7f2323308a8508827d2722a92a625deee84447"));

  /** key-refresh frames 145/146, control ff ff 00 03 / 04: the pre-announce with both keys, same salt. */
  static final KeyMaterial REFRESH_BOTH = KeyMaterial.aesCtr(KeyFlags.BOTH, hex("28e2b2e21e65d94f2b833c045dc1b160"), 16,
      hex("3a9ad306df551d0925663d4266d6ca511e964161114ac39a498faee7d398f85582f71325e16f3264"));

  /** One capture's KM with its README values. */
  record Keys(String name, KeyMaterial km, String passphrase, String kek, String even, String odd) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final List<Keys> KEYS = List.of(
      new Keys("aes128-passphrase KMREQ", AES128, PASSPHRASE, "cf9b41b337351899333b144c89be9779",
          "5d7d5fec31301d611ed63fead129f99a", null),
      new Keys("aes256-passphrase KMREQ", AES256, PASSPHRASE,
          "1e47f26d62fb63eb3b20512cb3cfdbda5af248f7f4bb3f222e52cbd90617f156",
          "a74806726e697c3a42e9478d48639069b2cc0e8fc5ebbd243355754b3beabb69", null),
      new Keys("key-refresh handshake KMREQ", REFRESH_HANDSHAKE, PASSPHRASE, "8c35921c30862af1b76c3c0024f2687b",
          "6efe11cd6467c95c594ccf5aa070a3b1", null),
      new Keys("key-refresh in-band KMREQ, both keys", REFRESH_BOTH, PASSPHRASE, "8c35921c30862af1b76c3c0024f2687b",
          "6efe11cd6467c95c594ccf5aa070a3b1", "30015f80bf5b05fd753f32ec3110fcac"),
      new Keys("wrong-passphrase KMREQ with the caller's own passphrase", wrongPassphraseKm(), WRONG_PASSPHRASE,
          "d027839dedd4e385b368e7de251be32d", "cf3f54d5d0e15136ca8605b9157c7d7c", null));

  /** wrong-passphrase frame 3: the caller's KMREQ, which the listener's passphrase cannot unwrap. */
  static KeyMaterial wrongPassphraseKm() {
    Handshake conclusion = (Handshake) ((ControlPacket) SrtPacket.decode(
        SrtVectors.packet("wrong-passphrase", 3))).body();
    return conclusion.extension(KeyExchange.Request.class).orElseThrow().keyMaterial();
  }

  /** A KMREQ control packet (0x7FFF/3) around {@code km} hex. */
  static byte[] kmreqControl(String km) {
    return hex("ffff0003 00000000 00000001 00000009" + km);
  }

  static final String KM_HEADER_AES128 = "12202901 00000000 02000200 00000404";
  static final String SALT = "3be9bd3ed18c791de0527991b637561a";
  static final String WRAPPED_16 = "7179a13a61d420b83a0ca349c765185f53bb05963f37070d";

  /** A KMREQ control packet whose KM has this 16-byte header, then the aes128 salt and wrapped key. */
  private static PacketVectors.Bad badHeader(String name, String header, String fragment) {
    return new PacketVectors.Bad(name, kmreqControl(header + SALT + WRAPPED_16), fragment);
  }

  static final List<PacketVectors.Bad> BAD_KM = List.of(
      new PacketVectors.Bad("KM of 12 bytes", kmreqControl("12202901 00000000 02000200"),
          "kmreq control km: 12 bytes, expected at least 16"),
      badHeader("KM with the S bit set", "92202901 00000000 02000200 00000404",
          "kmreq control km: S bit set"),
      badHeader("KM version 2", "22202901 00000000 02000200 00000404",
          "kmreq control km: version 2, expected 1"),
      badHeader("KM packet type 1", "11202901 00000000 02000200 00000404",
          "kmreq control km: packet type 1, expected 2 (KM)"),
      badHeader("KM signature 0x2028", "12202801 00000000 02000200 00000404",
          "kmreq control km: signature 0x2028, expected 0x2029"),
      badHeader("KM with KK=0", "12202900 00000000 02000200 00000404",
          "kmreq control km: KK=0, no key"),
      badHeader("KM salt of 8 bytes", "12202901 00000000 02000200 00000204",
          "kmreq control km: salt 8 bytes, expected 16"),
      badHeader("KM key length 20", "12202901 00000000 02000200 00000405",
          "kmreq control km: key length 20 bytes, expected 16, 24 or 32"),
      new PacketVectors.Bad("KM with 4 bytes after the wrapped key",
          kmreqControl(KM_HEADER_AES128 + SALT + WRAPPED_16 + "00000000"),
          "kmreq control km: 60 bytes, expected 56 for KK=1 with 16-byte keys"),
      new PacketVectors.Bad("KM announcing both keys but wrapping one",
          kmreqControl("12202903 00000000 02000200 00000404" + SALT + WRAPPED_16),
          "kmreq control km: 56 bytes, expected 72 for KK=3 with 16-byte keys"),
      new PacketVectors.Bad("KMRSP control of one byte", hex("ffff0004 00000000 00000001 00000009 04"),
          "kmrsp control km: 1 bytes, expected at least 16"),
      new PacketVectors.Bad("handshake KMREQ block of one word: only a KMRSP may be a status word",
          PacketVectors.conclusionWith("0003 0001 00000004"),
          "handshake extension 0 (type 3 KMREQ) km: 4 bytes, expected at least 16"),
      new PacketVectors.Bad("handshake KMREQ whose KM is cut short",
          PacketVectors.conclusionWith("0003 0008" + KM_HEADER_AES128 + SALT),
          "handshake extension 0 (type 3 KMREQ) km: 32 bytes, expected 56 for KK=1 with 16-byte keys"));
}
