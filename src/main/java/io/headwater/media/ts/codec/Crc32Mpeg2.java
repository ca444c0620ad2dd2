package io.headwater.media.ts.codec;

/**
 * The CRC_32 of PSI sections (ISO/IEC 13818-1 Annex A): polynomial 0x04C11DB7, initial value 0xFFFFFFFF, MSB
 * first, no final XOR. A section whose CRC_32 field is right has a CRC of 0 over all its bytes.
 */
final class Crc32Mpeg2 {
  private static final int[] TABLE = new int[256];

  static {
    for (int i = 0; i < 256; i++) {
      int c = i << 24;
      for (int bit = 0; bit < 8; bit++) {
        c = (c & 0x80000000) != 0 ? c << 1 ^ 0x04C11DB7 : c << 1;
      }
      TABLE[i] = c;
    }
  }

  private Crc32Mpeg2() {}

  static int of(byte[] data, int from, int to) {
    int crc = 0xFFFFFFFF;
    for (int i = from; i < to; i++) {
      crc = crc << 8 ^ TABLE[(crc >>> 24 ^ data[i]) & 0xff];
    }
    return crc;
  }
}
