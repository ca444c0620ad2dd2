package io.headwater.media.flv.codec;

/**
 * A tag body or a configuration record inside it that this codec cannot turn into media items (or the
 * reverse). The message names the structure, the field and the offending value, e.g. "AVC NALU packet:
 * NALU length 900 at offset 5 runs past the end of the 20-byte body". The RTMP session catches it once and
 * closes the connection with the message as the reason.
 */
public class FlvCodecException extends Exception {
  public FlvCodecException(String message) {
    super(message);
  }
}
