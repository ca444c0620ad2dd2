package io.headwater.media.ts.codec;

/**
 * MPEG-TS this codec cannot go on with, or a media item it cannot write as MPEG-TS. The demuxer throws it only when
 * the input cannot be transport stream at all (no sync byte for {@link TsDemuxer#MAX_SYNC_SEARCH} bytes); damage it
 * can skip (lost packets, bad sections, unreadable PES) is counted in {@link TsDemuxer#stats()} instead. The muxer
 * throws it for a codec MPEG-TS does not carry here, or a frame whose bytes or configuration cannot be written. The
 * message names the structure and the offending value, e.g. "ADTS: AudioSpecificConfig with audioObjectType 42".
 */
public class TsFormatException extends Exception {
  public TsFormatException(String message) {
    super(message);
  }
}
