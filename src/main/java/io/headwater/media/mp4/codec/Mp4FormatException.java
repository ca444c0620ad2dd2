package io.headwater.media.mp4.codec;

/**
 * Bytes that are not the ISO BMFF structure a reader here expects. The message names the box, its offset and the
 * offending value, e.g. "box 'trak' at 120: size 4000 runs past the 900 bytes of its container".
 */
public class Mp4FormatException extends Exception {
  public Mp4FormatException(String message) {
    super(message);
  }
}
