package io.headwater.media.flv.codec;

import io.headwater.media.CodecConfig;
import java.util.Arrays;

/**
 * Length-prefixed NAL units as FLV carries them for H.264 and HEVC (ISO/IEC 14496-15 5.3.2 and 8.3.2): the
 * configuration record says how many bytes each length takes, and frames are checked against it and rewritten
 * with 4-byte lengths, the one form the media model allows.
 */
final class NalUnits {
  /** A parsed AVC or HEVC configuration record and the NALU length size its frames use. */
  record ParsedConfig(CodecConfig config, int lengthSize) {}

  private NalUnits() {}

  /**
   * The length size a record's lengthSizeMinusOne declares; 14496-15 5.3.3.1.2 and 8.3.3.1.2 allow 1, 2 or 4
   * bytes, never 3.
   */
  static int lengthSize(ByteReader record, int lengthSizeMinusOne) throws FlvCodecException {
    if (lengthSizeMinusOne == 2) {
      throw record.error("lengthSizeMinusOne 2 (3-byte NALU lengths) is not allowed by ISO/IEC 14496-15;"
          + " only 1, 2 or 4 bytes");
    }
    return lengthSizeMinusOne + 1;
  }

  /**
   * The unread bytes of {@code r}, NAL units each prefixed by a {@code lengthSize}-byte big-endian length, as a
   * new array with 4-byte lengths. Every length must fit in what is left, and the units must fill the payload
   * exactly.
   */
  static byte[] toFourByteLengths(ByteReader r, int lengthSize) throws FlvCodecException {
    byte[] body = r.array();
    int from = r.position();
    int end = r.end();
    int count = 0;
    for (int pos = from; pos < end; count++) {
      if (end - pos < lengthSize) {
        throw r.error((end - pos) + " trailing bytes at offset " + pos + " are too few for a " + lengthSize
            + "-byte NALU length");
      }
      long len = length(body, pos, lengthSize);
      pos += lengthSize;
      if (len > end - pos) {
        throw r.error("NALU length " + len + " at offset " + (pos - lengthSize)
            + " runs past the end of the body at offset " + end);
      }
      pos += (int) len;
    }
    r.skip(end - from);
    if (lengthSize == 4) {
      return Arrays.copyOfRange(body, from, end);
    }
    byte[] out = new byte[end - from + count * (4 - lengthSize)];
    for (int in = from, o = 0; in < end; ) {
      int len = (int) length(body, in, lengthSize);
      in += lengthSize;
      out[o++] = (byte) (len >>> 24);
      out[o++] = (byte) (len >>> 16);
      out[o++] = (byte) (len >>> 8);
      out[o++] = (byte) len;
      System.arraycopy(body, in, out, o, len);
      in += len;
      o += len;
    }
    return out;
  }

  private static long length(byte[] body, int pos, int lengthSize) {
    long len = 0;
    for (int i = 0; i < lengthSize; i++) {
      len = len << 8 | body[pos + i] & 0xff;
    }
    return len;
  }
}
