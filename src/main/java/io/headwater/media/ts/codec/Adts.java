package io.headwater.media.ts.codec;

import java.io.ByteArrayOutputStream;

/**
 * ADTS frame headers (ISO/IEC 13818-7 6.2.1, ISO/IEC 14496-3 1.A.2.2), the framing AAC has in MPEG-TS (stream_type
 * 0x0F), and their relation to the AudioSpecificConfig of the media model: a header names the profile, sample rate
 * index and channel configuration, which are the first fields of a 2-byte AudioSpecificConfig.
 */
final class Adts {
  static final int HEADER_LENGTH = 7;
  /** aac_frame_length is 13 bits, header included. */
  static final int MAX_FRAME_LENGTH = 8191;
  static final int SAMPLES_PER_BLOCK = 1024;
  private static final int AOT_SBR = 5;
  private static final int AOT_PS = 29;
  private static final int ESCAPE_INDEX = 15;

  /**
   * What a muxer or demuxer needs from a header.
   *
   * @param profile ADTS profile: audioObjectType - 1 (0 Main, 1 LC, 2 SSR, 3 LTP)
   * @param headerLength 7, or 9 with the CRC (protection_absent 0)
   * @param frameLength aac_frame_length: header and raw data
   * @param rawBlocks number_of_raw_data_blocks_in_frame + 1
   */
  record Header(int profile, int sampleRateIndex, int channelConfig, int headerLength, int frameLength,
      int rawBlocks) {
    /** The AudioSpecificConfig (14496-3 1.6.2.1) a header implies: object type, rate index, channels, GA zeros. */
    byte[] audioSpecificConfig() {
      int objectType = profile + 1;
      return new byte[] {(byte) (objectType << 3 | sampleRateIndex >> 1),
          (byte) ((sampleRateIndex & 1) << 7 | channelConfig << 3)};
    }
  }

  private Adts() {}

  /** Whether an ADTS header starts at {@code p}: syncword 0xFFF and layer 0 (13818-7 6.2.1). Needs 2 bytes. */
  static boolean syncAt(byte[] b, int p) {
    return (b[p] & 0xff) == 0xff && (b[p + 1] & 0xf6) == 0xf0;
  }

  /** The header at {@code p}, which {@link #syncAt} accepted; needs {@link #HEADER_LENGTH} bytes. */
  static Header read(byte[] b, int p) {
    boolean protectionAbsent = (b[p + 1] & 0x01) != 0;
    int b2 = b[p + 2] & 0xff;
    int b3 = b[p + 3] & 0xff;
    int frameLength = (b3 & 0x03) << 11 | (b[p + 4] & 0xff) << 3 | (b[p + 5] & 0xff) >> 5;
    return new Header(b2 >> 6, b2 >> 2 & 0x0f, (b2 & 0x01) << 2 | b3 >> 6, protectionAbsent ? 7 : 9, frameLength,
        (b[p + 6] & 0x03) + 1);
  }

  /**
   * The header fields for frames of {@code asc}. With explicit SBR/PS signalling (object type 5 or 29, 14496-3
   * 1.6.5.2) the header describes the AAC core, as 14496-3 1.A.2.2.1 requires: ADTS can only signal SBR implicitly.
   */
  static Header forConfig(byte[] asc) throws TsFormatException {
    if (asc.length < 2) {
      throw new TsFormatException("ADTS: AudioSpecificConfig of " + asc.length + " bytes, need at least 2");
    }
    long word = 0; // the first 8 bytes, enough for every field read here
    for (int i = 0; i < 8; i++) {
      word = word << 8 | (i < asc.length ? asc[i] & 0xff : 0);
    }
    int[] pos = {0};
    int objectType = objectType(word, pos);
    int index = bits(word, pos, 4);
    if (index > 12) {
      throw new TsFormatException("ADTS: samplingFrequencyIndex " + index + " has no ADTS equivalent");
    }
    int channels = bits(word, pos, 4);
    if (objectType == AOT_SBR || objectType == AOT_PS) {
      if (bits(word, pos, 4) == ESCAPE_INDEX) {
        bits(word, pos, 24); // extensionSamplingFrequency
      }
      objectType = objectType(word, pos);
    }
    if (objectType < 1 || objectType > 4) {
      throw new TsFormatException("ADTS: AudioSpecificConfig with audioObjectType " + objectType
          + "; ADTS carries only object types 1..4 (AAC Main, LC, SSR, LTP)");
    }
    if (channels == 0 || channels > 7) {
      throw new TsFormatException("ADTS: channelConfiguration " + channels + " has no ADTS equivalent");
    }
    return new Header(objectType - 1, index, channels, HEADER_LENGTH, 0, 1);
  }

  /** GetAudioObjectType() (14496-3 1.6.2.1): 5 bits, 31 escaping to 32 + 6 more. */
  private static int objectType(long word, int[] pos) {
    int type = bits(word, pos, 5);
    return type == 31 ? 32 + bits(word, pos, 6) : type;
  }

  /** The {@code n} bits of a 64-bit word after {@code pos[0]}, which moves past them. */
  private static int bits(long word, int[] pos, int n) {
    int v = (int) (word >>> 64 - pos[0] - n & (1L << n) - 1);
    pos[0] += n;
    return v;
  }

  /** An ADTS frame for one raw AAC frame: a 7-byte header without CRC, VBR buffer fullness, then the frame. */
  static void write(ByteArrayOutputStream out, Header fields, byte[] raw) throws TsFormatException {
    int length = HEADER_LENGTH + raw.length;
    if (length > MAX_FRAME_LENGTH) {
      throw new TsFormatException("ADTS: raw AAC frame of " + raw.length + " bytes does not fit the 13-bit"
          + " aac_frame_length");
    }
    out.write(0xff);
    out.write(0xf1); // syncword, ID 0 (MPEG-4), layer 0, protection_absent 1
    out.write(fields.profile() << 6 | fields.sampleRateIndex() << 2 | fields.channelConfig() >> 2);
    out.write((fields.channelConfig() & 0x03) << 6 | length >> 11);
    out.write(length >> 3);
    out.write((length & 0x07) << 5 | 0x1f); // adts_buffer_fullness 0x7FF: variable bit rate
    out.write(0xfc); // number_of_raw_data_blocks_in_frame 0
    out.writeBytes(raw);
  }
}
