package io.headwater.media.srt.codec;

/**
 * The key material exchange, the same content in two places: as KMREQ (3) / KMRSP (4) blocks of a
 * conclusion handshake (srt.md 4.1, 7.5) and as SRT extended control packets, type 0x7FFF subtype 3 / 4,
 * for in-band key refresh (srt.md 7.6). A KMRSP echoes the KM on success or carries one status word.
 */
public sealed interface KeyExchange extends HandshakeExtension, ControlBody
    permits KeyExchange.Request, KeyExchange.Response, KeyExchange.Failure {
  /** KM states of a failure status word (srt.md 7.7). */
  int KM_UNSECURED = 0;
  int KM_SECURING = 1;
  int KM_SECURED = 2;
  /** The peer has no passphrase. */
  int KM_NOSECRET = 3;
  /** The KM could not be unwrapped with this side's passphrase. */
  int KM_BADSECRET = 4;

  @Override
  default int controlType() {
    return TYPE_USER;
  }

  /** The SRT extended subtype equals the extension type: 3 KMREQ, 4 KMRSP. */
  @Override
  default int subtype() {
    return extensionType();
  }

  @Override
  default byte[] encodeCif() {
    return encodeContents();
  }

  static boolean isKeyExchange(int typeOrSubtype) {
    return typeOrSubtype == TYPE_KMREQ || typeOrSubtype == TYPE_KMRSP;
  }

  /** A handshake block or a control CIF of type {@code type} (3 or 4). */
  static KeyExchange decode(String what, int type, byte[] buf, int offset, int length) {
    if (type == TYPE_KMRSP && length == 4) {
      return new Failure(SrtBytes.s32(buf, offset));
    }
    KeyMaterial km = KeyMaterial.decode(what, buf, offset, length);
    return type == TYPE_KMREQ ? new Request(km) : new Response(km);
  }

  static KeyExchange decodeControl(int subtype, byte[] buf, int offset, int length) {
    return decode(subtype == TYPE_KMREQ ? "kmreq control" : "kmrsp control", subtype, buf, offset, length);
  }

  /** KMREQ: the caller's session key(s), wrapped with its passphrase. */
  record Request(KeyMaterial keyMaterial) implements KeyExchange {
    public int extensionType() {
      return TYPE_KMREQ;
    }

    public byte[] encodeContents() {
      return keyMaterial.encode();
    }
  }

  /** KMRSP on success: libsrt echoes the request's KM byte for byte [cap]. */
  record Response(KeyMaterial keyMaterial) implements KeyExchange {
    public int extensionType() {
      return TYPE_KMRSP;
    }

    public byte[] encodeContents() {
      return keyMaterial.encode();
    }
  }

  /** KMRSP with one status word, e.g. {@link #KM_BADSECRET} when a refreshed KM does not unwrap (srt.md 7.6). */
  record Failure(int kmState) implements KeyExchange {
    public int extensionType() {
      return TYPE_KMRSP;
    }

    public byte[] encodeContents() {
      return SrtBytes.words(kmState);
    }
  }
}
