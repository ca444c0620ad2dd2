package io.headwater.media.flv.codec;

import io.headwater.media.Codec;
import io.headwater.media.CodecConfig;
import io.headwater.media.MediaFrame;
import io.headwater.media.Timebase;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Encodes media items as FLV tags for RTMP push and playback, the inverse of {@link FlvTagDecoder}: decoding
 * an encoded item gives the item back when its timestamps are whole milliseconds. H.264 and AAC use the
 * legacy tags every player reads (FLV 10.1 E.4.2.1, E.4.3.1); HEVC, AV1, VP9 and Opus use E-RTMP FourCC tags
 * (E-RTMP v2), HEVC frames without a composition offset as CodedFramesX. MP3 uses the legacy tag with the
 * header bits FLV players expect (44 kHz, 16-bit, stereo); players read the real values from the MP3 frames.
 */
public final class FlvTagEncoder {
  private static final int KEY_FRAME = 0x10;
  private static final int INTER_FRAME = 0x20;
  private static final int EX_HEADER = 0x80;
  private static final int AVC = 7;
  private static final int SEQUENCE_START = 0;
  private static final int CODED_FRAMES = 1;
  private static final int CODED_FRAMES_X = 3;
  /** SoundFormat 10 with SoundRate 3, SoundSize 1, SoundType 1, as E.4.2.1 prescribes for AAC. */
  private static final int AAC_HEADER = 0xAF;
  private static final int MP3_HEADER = 0x2F;
  private static final int EX_AUDIO = 0x90;
  private static final int SI24_MIN = -(1 << 23);
  private static final int SI24_MAX = (1 << 23) - 1;

  private FlvTagEncoder() {}

  /**
   * The sequence start that announces {@code config}, stamped {@code timestampMs} (usually the dts of the first
   * frame it describes).
   */
  public static FlvTag encode(CodecConfig config, long timestampMs) throws FlvCodecException {
    byte[] record = config.decoderConfig();
    return switch (config.codec()) {
      case H264 -> header(KEY_FRAME | AVC).u8(SEQUENCE_START).u24(0).video(timestampMs, record);
      case HEVC, AV1, VP9 -> header(EX_HEADER | KEY_FRAME | SEQUENCE_START).u32(fourCc(config.codec()))
          .video(timestampMs, record);
      case AAC -> header(AAC_HEADER).u8(SEQUENCE_START).audio(timestampMs, record);
      case OPUS -> header(EX_AUDIO | SEQUENCE_START).u32(FourCc.OPUS).audio(timestampMs, record);
      case MP3 -> throw new FlvCodecException("MP3 has no sequence header in FLV; send its frames only");
    };
  }

  /** The tag that carries {@code frame}, stamped with its dts in milliseconds. */
  public static FlvTag encode(MediaFrame frame) throws FlvCodecException {
    long timestampMs = Timebase.toMillis(frame.dts());
    int frameType = frame.keyframe() ? KEY_FRAME : INTER_FRAME;
    long compositionTime = Timebase.toMillis(frame.pts()) - timestampMs;
    byte[] data = frame.data();
    return switch (frame.codec()) {
      case H264 -> header(frameType | AVC).u8(CODED_FRAMES).u24(si24(compositionTime)).video(timestampMs, data);
      case HEVC -> compositionTime == 0
          ? header(EX_HEADER | frameType | CODED_FRAMES_X).u32(FourCc.HEVC).video(timestampMs, data)
          : header(EX_HEADER | frameType | CODED_FRAMES).u32(FourCc.HEVC).u24(si24(compositionTime))
              .video(timestampMs, data);
      case AV1, VP9 -> {
        if (compositionTime != 0) {
          throw new FlvCodecException(frame.codec() + " frames carry no composition time in E-RTMP, but pts - dts is "
              + compositionTime + " ms");
        }
        yield header(EX_HEADER | frameType | CODED_FRAMES).u32(fourCc(frame.codec())).video(timestampMs, data);
      }
      case AAC -> header(AAC_HEADER).u8(CODED_FRAMES).audio(timestampMs, data);
      case OPUS -> header(EX_AUDIO | CODED_FRAMES).u32(FourCc.OPUS).audio(timestampMs, data);
      case MP3 -> header(MP3_HEADER).audio(timestampMs, data);
    };
  }

  private static int fourCc(Codec codec) {
    return switch (codec) {
      case HEVC -> FourCc.HEVC;
      case AV1 -> FourCc.AV1;
      default -> FourCc.VP9;
    };
  }

  private static int si24(long compositionTime) throws FlvCodecException {
    if (compositionTime < SI24_MIN || compositionTime > SI24_MAX) {
      throw new FlvCodecException("composition time " + compositionTime + " ms does not fit the SI24 field");
    }
    return (int) compositionTime;
  }

  private static Header header(int first) {
    return new Header().u8(first);
  }

  /** The tag header fields before the payload, big-endian. */
  private static final class Header {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(16);

    Header u8(int v) {
      out.write(v);
      return this;
    }

    Header u24(int v) {
      return u8(v >> 16).u8(v >> 8).u8(v);
    }

    Header u32(int v) {
      return u8(v >>> 24).u24(v);
    }

    FlvTag video(long timestampMs, byte[] payload) {
      return new FlvTag(FlvTag.VIDEO, timestampMs, body(payload));
    }

    FlvTag audio(long timestampMs, byte[] payload) {
      return new FlvTag(FlvTag.AUDIO, timestampMs, body(payload));
    }

    /** The header and the payload in one exactly sized array: the payload is copied once. */
    private byte[] body(byte[] payload) {
      byte[] header = out.toByteArray();
      byte[] body = Arrays.copyOf(header, header.length + payload.length);
      System.arraycopy(payload, 0, body, header.length, payload.length);
      return body;
    }
  }
}
