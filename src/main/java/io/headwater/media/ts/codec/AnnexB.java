package io.headwater.media.ts.codec;

import io.headwater.media.Codec;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * H.264 and HEVC NAL units in the two forms this package converts between: the Annex B byte stream MPEG-TS carries
 * (ITU-T H.264 Annex B, H.265 Annex B: start codes 00 00 01, optionally after a zero byte) and the 4-byte
 * length-prefixed form of {@link io.headwater.media.MediaFrame}. Also names the NAL unit types both sides treat
 * specially. Public for the transcoder, whose encoder speaks Annex B.
 */
public final class AnnexB {
  /** H.264 Table 7-1. */
  static final int H264_IDR = 5;
  static final int H264_SPS = 7;
  static final int H264_PPS = 8;
  static final int H264_AUD = 9;
  static final int H264_FILLER = 12;
  /** H.265 Table 7-1. */
  static final int HEVC_IRAP_FIRST = 16;
  static final int HEVC_IRAP_LAST = 23;
  static final int HEVC_VPS = 32;
  static final int HEVC_SPS = 33;
  static final int HEVC_PPS = 34;
  static final int HEVC_AUD = 35;
  static final int HEVC_FILLER = 38;

  private static final byte[] START_CODE = {0, 0, 0, 1};

  private AnnexB() {}

  /** nal_unit_type from the NAL unit header (H.264 7.3.1, H.265 7.3.1.2). */
  static int type(Codec codec, byte[] nal) {
    return codec == Codec.HEVC ? nal[0] >> 1 & 0x3f : nal[0] & 0x1f;
  }

  static boolean isAccessUnitDelimiter(Codec codec, int type) {
    return type == (codec == Codec.HEVC ? HEVC_AUD : H264_AUD);
  }

  /** The NAL units of a whole Annex B buffer, as {@link #split(byte[], int, int)}. */
  public static List<byte[]> split(byte[] data) {
    return split(data, 0, data.length);
  }

  /**
   * The NAL units between the start codes of {@code data[from..to)}, each without the zero bytes that precede the
   * next start code (a 4-byte start code's leading zero, trailing_zero_8bits). Bytes before the first start code
   * belong to no NAL unit and are left out, as are empty units.
   */
  static List<byte[]> split(byte[] data, int from, int to) {
    List<byte[]> nalUnits = new ArrayList<>();
    int start = -1;
    int i = from;
    while (i + 2 < to) {
      if ((data[i + 2] & 0xff) > 1) {
        i += 3; // no start code can begin at i, i+1 or i+2
      } else if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1) {
        add(nalUnits, data, start, i);
        i += 3;
        start = i;
      } else {
        i++;
      }
    }
    add(nalUnits, data, start, to);
    return nalUnits;
  }

  private static void add(List<byte[]> nalUnits, byte[] data, int start, int end) {
    if (start < 0) {
      return;
    }
    while (end > start && data[end - 1] == 0) {
      end--;
    }
    if (end > start) {
      nalUnits.add(Arrays.copyOfRange(data, start, end));
    }
  }

  /** Appends a 4-byte start code and the NAL unit. */
  static void write(ByteArrayOutputStream out, byte[] nal) {
    out.writeBytes(START_CODE);
    out.writeBytes(nal);
  }

  /** NAL units as one 4-byte length-prefixed payload. */
  public static byte[] lengthPrefixed(List<byte[]> nalUnits) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] nal : nalUnits) {
      out.write(nal.length >>> 24);
      out.write(nal.length >>> 16);
      out.write(nal.length >>> 8);
      out.write(nal.length);
      out.writeBytes(nal);
    }
    return out.toByteArray();
  }

  /** The NAL units of a 4-byte length-prefixed payload; every length must fit what is left. */
  static List<byte[]> fromLengthPrefixed(Codec codec, byte[] payload) throws TsFormatException {
    List<byte[]> nalUnits = new ArrayList<>();
    int pos = 0;
    while (pos < payload.length) {
      if (payload.length - pos < 4) {
        throw new TsFormatException(codec + " frame: " + (payload.length - pos) + " trailing bytes at offset " + pos
            + " are too few for a NALU length");
      }
      long len = (payload[pos] & 0xffL) << 24 | (payload[pos + 1] & 0xff) << 16 | (payload[pos + 2] & 0xff) << 8
          | payload[pos + 3] & 0xff;
      pos += 4;
      if (len == 0 || len > payload.length - pos) {
        throw new TsFormatException(codec + " frame: NALU length " + len + " at offset " + (pos - 4)
            + " does not fit the " + payload.length + "-byte frame");
      }
      nalUnits.add(Arrays.copyOfRange(payload, pos, pos + (int) len));
      pos += (int) len;
    }
    return nalUnits;
  }
}
