package io.headwater.media.ts.codec;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * A PES packet (ISO/IEC 13818-1 2.4.3.6): the 33-bit PTS and DTS of its header and its payload, one access unit
 * of video or some ADTS frames of audio. Read from reassembled bytes by the demuxer and written by the muxer.
 *
 * @param pts 33-bit presentation timestamp, {@link #NONE} when absent
 * @param dts 33-bit decode timestamp, equal to pts when the header has none (2.4.3.7), {@link #NONE} when absent
 */
record Pes(long pts, long dts, byte[] payload) {
  static final long NONE = -1;
  static final int VIDEO_STREAM_ID = 0xE0;
  static final int AUDIO_STREAM_ID = 0xC0;
  /** packet_start_code_prefix, stream_id and PES_packet_length. */
  static final int PREFIX_LENGTH = 6;
  private static final int PTS_ONLY = 2;
  private static final int PTS_AND_DTS = 3;

  /**
   * The PES packet in {@code data[0..length)}, or null when it is not one this codec reads: no start code, a header
   * that runs past the data, or a stream_id whose packets have no PES header (2.4.3.7: program_stream_map,
   * padding_stream, private_stream_2, ECM, EMM, program_stream_directory, DSMCC, H.222.1 type E).
   */
  static Pes parse(byte[] data, int length) {
    if (length < 9 || data[0] != 0 || data[1] != 0 || data[2] != 1) {
      return null;
    }
    int streamId = data[3] & 0xff;
    if (streamId == 0xBC || streamId == 0xBE || streamId == 0xBF || streamId == 0xF0 || streamId == 0xF1
        || streamId == 0xFF || streamId == 0xF2 || streamId == 0xF8 || (data[6] & 0xC0) != 0x80) {
      return null;
    }
    int flags = (data[7] & 0xff) >> 6;
    int payloadStart = 9 + (data[8] & 0xff);
    if (payloadStart > length || flags == PTS_ONLY && length < 14 || flags == PTS_AND_DTS && length < 19) {
      return null;
    }
    long pts = flags >= PTS_ONLY ? timestamp(data, 9) : NONE;
    long dts = flags == PTS_AND_DTS ? timestamp(data, 14) : pts;
    return new Pes(pts, dts, Arrays.copyOfRange(data, payloadStart, length));
  }

  /** A 33-bit PTS or DTS field (2.4.3.7): 3 bits, marker, 15 bits, marker, 15 bits, marker. Markers are not checked. */
  private static long timestamp(byte[] b, int p) {
    return (b[p] & 0x0eL) << 29 | (b[p + 1] & 0xff) << 22 | (b[p + 2] & 0xfe) << 14 | (b[p + 3] & 0xff) << 7
        | (b[p + 4] & 0xff) >> 1;
  }

  /**
   * The PES packet for a payload: data_alignment_indicator set (the payload starts with an access unit), PTS, and
   * DTS when it differs. PES_packet_length is 0, "unbounded", when the packet is longer than 16 bits can say, which
   * 2.4.3.7 allows for video only.
   */
  static byte[] encode(int streamId, long pts, long dts, byte[] payload) {
    boolean withDts = dts != pts;
    int headerData = withDts ? 10 : 5;
    int length = 3 + headerData + payload.length;
    ByteArrayOutputStream out = new ByteArrayOutputStream(PREFIX_LENGTH + length);
    out.writeBytes(new byte[] {0, 0, 1, (byte) streamId});
    out.write(length > 0xffff ? 0 : length >> 8);
    out.write(length > 0xffff ? 0 : length);
    out.write(0x84); // '10', not scrambled, no priority, data_alignment_indicator, not copyrighted, copy
    out.write(withDts ? 0xC0 : 0x80);
    out.write(headerData);
    writeTimestamp(out, withDts ? 0x3 : 0x2, pts);
    if (withDts) {
      writeTimestamp(out, 0x1, dts);
    }
    out.writeBytes(payload);
    return out.toByteArray();
  }

  private static void writeTimestamp(ByteArrayOutputStream out, int prefix, long value) {
    long v = value & (Timeline.WRAP - 1);
    out.write(prefix << 4 | (int) (v >> 29) & 0x0e | 1);
    out.write((int) (v >> 22));
    out.write((int) (v >> 14) & 0xfe | 1);
    out.write((int) (v >> 7));
    out.write((int) (v << 1) & 0xfe | 1);
  }
}
