package io.headwater.media.flv.codec;

import io.headwater.media.MediaItem;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of the E-RTMP ExVideoTagHeader and ExAudioTagHeader that audio and video share (E-RTMP v2,
 * "Enhanced Audio" and "Enhanced Video"): the ModEx prefixes, of which only TimestampOffsetNano means anything
 * here, and multitrack framing. Of a multitrack message only the default track is decoded: the single track of
 * a OneTrack message, else trackId 0, which the spec recommends for the default track; the media model has one
 * track per kind.
 */
final class ExHeader {
  static final int MOD_EX = 7;
  private static final int TIMESTAMP_OFFSET_NANO = 0;
  private static final int ONE_TRACK = 0;
  private static final int MANY_TRACKS_MANY_CODECS = 2;
  private static final int MAX_NANOS = 999_999;

  /** Decodes the body of one track: its FourCC and packet type are known, the reader is at its payload. */
  interface TrackDecoder {
    List<MediaItem> decode(int fourCc, int packetType, ByteReader body, long offsetTicks) throws FlvCodecException;
  }

  /** The packet type after any ModEx prefixes. */
  int packetType;

  /** TimestampOffsetNano in 90 kHz ticks, added to the message's dts and pts. */
  long offsetTicks;

  /** Reads the ModEx prefixes, if {@code packetType} is ModEx, up to the real packet type. */
  static ExHeader read(ByteReader r, int packetType) throws FlvCodecException {
    ExHeader h = new ExHeader();
    h.packetType = packetType;
    while (h.packetType == MOD_EX) {
      int size = r.u8() + 1;
      if (size == 256) {
        size = r.u16() + 1;
      }
      ByteReader data = r.slice("ModEx data", size);
      int next = r.u8();
      h.packetType = next & 0x0f;
      if (next >> 4 == TIMESTAMP_OFFSET_NANO) {
        int nanos = data.u24(); // "modExData MUST be at least 3 bytes, storing values up to 999,999 ns"
        if (nanos > MAX_NANOS) {
          throw r.error("TimestampOffsetNano " + nanos + " is not below one millisecond");
        }
        h.offsetTicks = nanos * 90L / 1_000_000;
      } // other ModEx types are reserved and skipped by their size
    }
    return h;
  }

  /**
   * The items of the default track: a plain message when {@code packetType} is not {@code multitrack}, else
   * the AvMultitrackType, the packet type and FourCC(s), and the tracks.
   */
  List<MediaItem> tracks(ByteReader r, int multitrack, TrackDecoder decoder) throws FlvCodecException {
    if (packetType != multitrack) {
      return decoder.decode(r.u32(), packetType, r, offsetTicks);
    }
    int b = r.u8();
    int multitrackType = b >> 4;
    int trackPacketType = b & 0x0f;
    if (multitrackType > MANY_TRACKS_MANY_CODECS) {
      throw r.error("AvMultitrackType " + multitrackType + " is reserved");
    }
    if (trackPacketType == multitrack || trackPacketType == MOD_EX) {
      throw r.error("packet type " + trackPacketType + " cannot be nested in a multitrack message");
    }
    int fourCc = multitrackType == MANY_TRACKS_MANY_CODECS ? 0 : r.u32();
    if (multitrackType == ONE_TRACK) {
      r.skip(1); // trackId: the one track is the default track whatever its id
      return decoder.decode(fourCc, trackPacketType, r, offsetTicks);
    }
    List<MediaItem> items = new ArrayList<>();
    do {
      if (multitrackType == MANY_TRACKS_MANY_CODECS) {
        fourCc = r.u32();
      }
      int trackId = r.u8();
      ByteReader track = r.slice("track " + trackId, r.u24()); // sizeOfVideoTrack / sizeOfAudioTrack
      if (trackId == 0) {
        items.addAll(decoder.decode(fourCc, trackPacketType, track, offsetTicks));
      }
    } while (r.hasRemaining());
    return items;
  }
}
