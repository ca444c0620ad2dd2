package io.headwater.media.mp4.codec;

import io.headwater.media.CodecConfig;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes the one sample entry in a track's stsd (ISO/IEC 14496-12 8.5.2) from its {@link CodecConfig}: avc1 + avcC
 * and hvc1 + hvcC (ISO/IEC 14496-15 5.4 and 8.4; the "1" forms keep the parameter sets in the sample entry, and
 * Apple's HLS authoring spec asks for hvc1), av01 + av1C (AV1-ISOBMFF 2.2, 2.3), vp09 + vpcC (VP Codec ISO Media
 * File Format Binding 2.2), mp4a + esds (ISO/IEC 14496-14 5.6, ISO/IEC 14496-1 7.2.6) and Opus + dOps
 * (Opus-in-ISOBMFF 4.3.1, 4.3.2). The configuration records are copied as the publisher sent them.
 */
final class SampleEntries {
  /** ISO/IEC 14496-1 7.2.6.6.2 Table 5: Audio ISO/IEC 14496-3. */
  private static final int OBJECT_TYPE_AAC = 0x40;
  /** ISO/IEC 14496-1 7.2.6.6.2 Table 6: AudioStream (5), shifted past upStream (0) and reserved (1). */
  private static final int STREAM_TYPE_AUDIO = 0x05 << 2 | 1;
  private static final int ES_DESCR_TAG = 0x03;
  private static final int DECODER_CONFIG_DESCR_TAG = 0x04;
  private static final int DEC_SPECIFIC_INFO_TAG = 0x05;
  private static final int SL_CONFIG_DESCR_TAG = 0x06;
  /** ISO/IEC 14496-1 7.3.2.3: SLConfigDescriptor predefined 2, reserved for use in MP4 files. */
  private static final int SL_PREDEFINED_MP4 = 0x02;

  private static final byte[] OPUS_MAGIC = "OpusHead".getBytes(StandardCharsets.US_ASCII);
  private static final int OPUS_HEAD_SIZE = 19;

  private SampleEntries() {}

  static void write(BoxWriter w, Mp4Track track) {
    CodecConfig c = track.config();
    byte[] record = c.decoderConfig();
    switch (c.codec()) {
      case H264 -> visual(w, "avc1", c).box("avcC").bytes(record).end().end();
      case HEVC -> visual(w, "hvc1", c).box("hvcC").bytes(record).end().end();
      case AV1 -> visual(w, "av01", c).box("av1C").bytes(record).end().end();
      case VP9 -> visual(w, "vp09", c).fullBox("vpcC", 1, 0).bytes(vpcRecord(record)).end().end();
      case AAC -> esds(audio(w, "mp4a", c.channels(), c.sampleRate()), track.trackId(), record).end();
      case OPUS -> dOps(audio(w, "Opus", c.channels(), Mp4Track.OPUS_RATE), track.trackId(), record).end();
      default -> throw new IllegalArgumentException("track " + track.trackId() + ": no sample entry for " + c.codec());
    }
  }

  /** ISO/IEC 14496-12 12.1.3 VisualSampleEntry, left open for its configuration box. */
  private static BoxWriter visual(BoxWriter w, String type, CodecConfig c) {
    if (c.width() > 0xffff || c.height() > 0xffff) {
      throw new IllegalArgumentException(type + ": picture size " + c.width() + "x" + c.height() + " past 16 bits");
    }
    return w.box(type)
        .zeros(6).u16(1) // SampleEntry: reserved, data_reference_index 1 (the one dref entry)
        .zeros(2 + 2 + 12) // pre_defined, reserved, pre_defined[3]
        .u16(c.width()).u16(c.height())
        .u32(0x0048_0000).u32(0x0048_0000) // 72 dpi
        .u32(0) // reserved
        .u16(1) // frame_count: one picture per sample
        .zeros(32) // compressorname: empty Pascal string
        .u16(0x0018) // depth: colour without alpha
        .u16(0xffff); // pre_defined -1
  }

  /** ISO/IEC 14496-12 12.2.3 AudioSampleEntry, left open for its configuration box. */
  private static BoxWriter audio(BoxWriter w, String type, int channels, int sampleRate) {
    return w.box(type)
        .zeros(6).u16(1) // SampleEntry: reserved, data_reference_index 1
        .zeros(8) // reserved[2]
        .u16(channels > 0 ? channels : 2)
        .u16(16) // samplesize
        .zeros(4) // pre_defined, reserved
        // 16.16 fixed point; a rate past 65535 Hz does not fit and is left to the decoder configuration
        .u32(sampleRate <= 0xffff ? (long) sampleRate << 16 : 0);
  }

  /** vpcC is a FullBox version 1; FFmpeg and gortmplib send the record with that header, others without. */
  private static byte[] vpcRecord(byte[] record) {
    boolean withHeader = record.length >= 12 && record[0] == 1 && record[1] == 0 && record[2] == 0 && record[3] == 0;
    return withHeader ? Arrays.copyOfRange(record, 4, record.length) : record;
  }

  /**
   * ISO/IEC 14496-14 5.6 esds: an ES_Descriptor (ISO/IEC 14496-1 7.2.6.5) holding a DecoderConfigDescriptor
   * (7.2.6.6) whose DecoderSpecificInfo (7.2.6.7) is the AudioSpecificConfig, then the SLConfigDescriptor.
   */
  private static BoxWriter esds(BoxWriter w, int trackId, byte[] asc) {
    int decSpecific = asc.length == 0 ? 0 : 5 + asc.length;
    int decoderConfig = 13 + decSpecific;
    int sl = 5 + 1;
    w.fullBox("esds", 0, 0);
    descriptor(w, ES_DESCR_TAG, 3 + 5 + decoderConfig + sl)
        .u16(trackId) // ES_ID, as FFmpeg and mediacommon write it
        .u8(0); // no stream dependence, URL or OCR stream; priority 0
    descriptor(w, DECODER_CONFIG_DESCR_TAG, decoderConfig)
        .u8(OBJECT_TYPE_AAC).u8(STREAM_TYPE_AUDIO)
        .u24(0).u32(0).u32(0); // bufferSizeDB, maxBitrate, avgBitrate: unknown
    if (asc.length > 0) {
      descriptor(w, DEC_SPECIFIC_INFO_TAG, asc.length).bytes(asc);
    }
    descriptor(w, SL_CONFIG_DESCR_TAG, 1).u8(SL_PREDEFINED_MP4);
    return w.end();
  }

  /**
   * ISO/IEC 14496-1 8.3.3 expandable size: written in four bytes of 7 bits each, the form FFmpeg and Apple's tools
   * use and every reader accepts.
   */
  private static BoxWriter descriptor(BoxWriter w, int tag, int size) {
    return w.u8(tag).u8(size >> 21 & 0x7f | 0x80).u8(size >> 14 & 0x7f | 0x80).u8(size >> 7 & 0x7f | 0x80)
        .u8(size & 0x7f);
  }

  /**
   * Opus-in-ISOBMFF 4.3.2 dOps from the RFC 7845 5.1 identification header: the same fields without the magic,
   * version 0, and big-endian where OpusHead is little-endian.
   */
  private static BoxWriter dOps(BoxWriter w, int trackId, byte[] head) {
    if (head.length < OPUS_HEAD_SIZE || !Arrays.equals(head, 0, OPUS_MAGIC.length, OPUS_MAGIC, 0, 8)) {
      throw new IllegalArgumentException("track " + trackId + ": Opus config is not an OpusHead of 19+ bytes");
    }
    int channels = head[9] & 0xff;
    int family = head[18] & 0xff;
    int mappingSize = family == 0 ? 0 : 2 + channels;
    if (head.length < OPUS_HEAD_SIZE + mappingSize) {
      throw new IllegalArgumentException("track " + trackId + ": OpusHead with mapping family " + family + " and "
          + channels + " channels needs " + (OPUS_HEAD_SIZE + mappingSize) + " bytes, has " + head.length);
    }
    w.box("dOps")
        .u8(0) // Version
        .u8(channels)
        .u16((int) le(head, 10, 2)) // PreSkip
        .u32(le(head, 12, 4)) // InputSampleRate
        .u16((int) le(head, 16, 2)) // OutputGain, Q7.8 two's complement either way
        .u8(family);
    if (family != 0) {
      w.bytes(Arrays.copyOfRange(head, OPUS_HEAD_SIZE, OPUS_HEAD_SIZE + mappingSize)); // stream counts, mapping
    }
    return w.end();
  }

  private static long le(byte[] b, int at, int n) {
    long v = 0;
    for (int i = n - 1; i >= 0; i--) {
      v = v << 8 | b[at + i] & 0xff;
    }
    return v;
  }
}
