package io.headwater.media.rtmp.codec;

/**
 * A peer sent bytes the RTMP codecs cannot accept: malformed, truncated, or beyond an {@link RtmpLimits}
 * guard rail. The message says what was being read and what was wrong; it never carries stream keys.
 * Codecs only throw it: the session that owns the connection decides to close it.
 */
public final class RtmpCodecException extends RuntimeException {
  public RtmpCodecException(String message) {
    super(message);
  }
}
