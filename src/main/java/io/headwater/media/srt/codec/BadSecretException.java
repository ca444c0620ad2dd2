package io.headwater.media.srt.codec;

/**
 * The caller's key material does not unwrap with this side's passphrase: the RFC 3394 integrity check
 * failed, which is how a wrong passphrase shows (srt.md 7.2). In a handshake the listener answers
 * {@link RejectReason#BADSECRET} (1010); during a key refresh it answers a KMRSP with
 * {@link KeyExchange#KM_BADSECRET} and keeps the old key (srt.md 7.6).
 */
public final class BadSecretException extends SrtCodecException {
  public BadSecretException(String message) {
    super(message);
  }

  public RejectReason rejectReason() {
    return RejectReason.BADSECRET;
  }
}
