package io.headwater.media.srt.codec;

/**
 * A peer sent bytes the SRT codec cannot accept: truncated, malformed or beyond a guard rail (stream id
 * length, extension count). The message names what was being read and what was wrong ("handshake: CIF 38
 * bytes, expected at least 48"); it never carries stream ids, passphrases or keys. Codecs only throw it:
 * the listener that owns the connection decides whether to drop the packet, reject the handshake or close.
 */
public class SrtCodecException extends RuntimeException {
  public SrtCodecException(String message) {
    super(message);
  }

  public SrtCodecException(String message, Throwable cause) {
    super(message, cause);
  }
}
