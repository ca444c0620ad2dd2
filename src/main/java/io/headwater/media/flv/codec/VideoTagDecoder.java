package io.headwater.media.flv.codec;

import io.headwater.media.Codec;
import io.headwater.media.MediaFrame;
import io.headwater.media.MediaItem;
import io.headwater.media.Timebase;
import java.util.List;

/**
 * Turns FLV VIDEODATA bodies (FLV 10.1 E.4.3.1, E-RTMP v2 "Enhanced Video") into media items. Stateful per
 * stream: it remembers the NALU length size of the last AVC/HEVC sequence start, which the frames after it use.
 */
final class VideoTagDecoder {
  private static final int KEY_FRAME = 1;
  private static final int COMMAND_FRAME = 5;
  private static final int LEGACY_AVC = 7;
  /** Not in FLV 10.1: the pre-E-RTMP HEVC extension SRS, mediamtx and Chinese CDNs use, laid out like AVC. */
  private static final int LEGACY_HEVC = 12;

  private static final int SEQUENCE_START = 0;
  private static final int CODED_FRAMES = 1;
  private static final int SEQUENCE_END = 2;
  private static final int CODED_FRAMES_X = 3;
  private static final int METADATA = 4;
  private static final int MPEG2TS_SEQUENCE_START = 5;
  private static final int MULTITRACK = 6;

  /** Until a sequence start says otherwise, frames are taken to carry 4-byte NALU lengths. */
  private int lengthSize = 4;

  List<MediaItem> decode(long timestampMs, byte[] body) throws FlvCodecException {
    ByteReader r = new ByteReader("video tag", body);
    int first = r.u8();
    int frameType = first >> 4 & 0x07;
    boolean keyframe = frameType == KEY_FRAME;
    if ((first & 0x80) == 0) {
      return legacy(r, first & 0x0f, frameType, timestampMs);
    }
    ExHeader header = ExHeader.read(r, first & 0x0f);
    if (frameType == COMMAND_FRAME && header.packetType != METADATA) {
      r.u8(); // VideoCommand (client-side seeking): no picture
      return List.of();
    }
    return header.tracks(r, MULTITRACK, (fourCc, packetType, track, offsetTicks) ->
        enhanced(codec(fourCc), packetType, keyframe, track, timestampMs, offsetTicks));
  }

  private List<MediaItem> legacy(ByteReader r, int codecId, int frameType, long timestampMs)
      throws FlvCodecException {
    Codec codec = switch (codecId) {
      case LEGACY_AVC -> Codec.H264;
      case LEGACY_HEVC -> Codec.HEVC;
      default -> throw new UnsupportedCodecException("video", legacyName(codecId));
    };
    if (frameType == COMMAND_FRAME) {
      return List.of(); // E.4.3.1: a UI8 seek command instead of a picture
    }
    int packetType = r.u8();
    int compositionTime = r.si24();
    return switch (packetType) {
      case SEQUENCE_START -> sequenceStart(codec, r.rest());
      case CODED_FRAMES -> frames(codec, frameType == KEY_FRAME, r, timestampMs, compositionTime, 0);
      case SEQUENCE_END -> List.of(); // the end of the stream is the session's to notice
      default -> throw r.error("AVCPacketType " + packetType + " is reserved");
    };
  }

  private List<MediaItem> enhanced(Codec codec, int packetType, boolean keyframe, ByteReader r, long timestampMs,
      long offsetTicks) throws FlvCodecException {
    boolean nalUnits = codec == Codec.H264 || codec == Codec.HEVC;
    return switch (packetType) {
      case SEQUENCE_START -> sequenceStart(codec, r.rest());
      // Only AVC, HEVC and VVC carry the SI24 CompositionTime; AV1 and VP9 frames have pts = dts
      case CODED_FRAMES -> frames(codec, keyframe, r, timestampMs, nalUnits ? r.si24() : 0, offsetTicks);
      case CODED_FRAMES_X -> frames(codec, keyframe, r, timestampMs, 0, offsetTicks);
      // Ignored: SequenceEnd needs no action; Metadata is AMF colorInfo (HDR), advisory and not decoded here;
      // MPEG2TSSequenceStart is the AV1 descriptor for TS carriage, which av1C in SequenceStart supersedes.
      case SEQUENCE_END, METADATA, MPEG2TS_SEQUENCE_START -> List.of();
      default -> throw r.error("VideoPacketType " + packetType + " is reserved");
    };
  }

  private List<MediaItem> sequenceStart(Codec codec, byte[] record) throws FlvCodecException {
    if (record.length == 0) {
      return List.of(); // muxers send an empty sequence start before the real one (E-RTMP lab's own files do)
    }
    return List.of(switch (codec) {
      case H264 -> remember(AvcDecoderConfig.parse(record));
      case HEVC -> remember(HevcDecoderConfig.parse(record));
      case AV1 -> Av1Config.parse(record);
      default -> Vp9Config.parse(record);
    });
  }

  private MediaItem remember(NalUnits.ParsedConfig parsed) {
    lengthSize = parsed.lengthSize();
    return parsed.config();
  }

  private List<MediaItem> frames(Codec codec, boolean keyframe, ByteReader r, long timestampMs, int compositionTime,
      long offsetTicks) throws FlvCodecException {
    if (!r.hasRemaining()) {
      return List.of(); // an empty access unit has nothing to present
    }
    byte[] data = codec == Codec.H264 || codec == Codec.HEVC ? NalUnits.toFourByteLengths(r, lengthSize) : r.rest();
    long dts = Timebase.fromMillis(timestampMs) + offsetTicks;
    long pts = Timebase.fromMillis(timestampMs + compositionTime) + offsetTicks;
    return List.of(new MediaFrame(codec, dts, pts, keyframe, data));
  }

  private static Codec codec(int fourCc) throws UnsupportedCodecException {
    if (fourCc == FourCc.AVC) {
      return Codec.H264;
    } else if (fourCc == FourCc.HEVC) {
      return Codec.HEVC;
    } else if (fourCc == FourCc.AV1) {
      return Codec.AV1;
    } else if (fourCc == FourCc.VP9) {
      return Codec.VP9;
    }
    String name = fourCc == FourCc.VP8 ? " (VP8)" : fourCc == FourCc.VVC ? " (VVC)" : "";
    throw new UnsupportedCodecException("video", FourCc.describe(fourCc) + name);
  }

  /** FLV 10.1 E.4.3.1 CodecID names. */
  private static String legacyName(int codecId) {
    return switch (codecId) {
      case 2 -> "Sorenson H.263";
      case 3 -> "Screen video";
      case 4 -> "On2 VP6";
      case 5 -> "On2 VP6 with alpha channel";
      case 6 -> "Screen video version 2";
      default -> "CodecID " + codecId;
    };
  }
}
