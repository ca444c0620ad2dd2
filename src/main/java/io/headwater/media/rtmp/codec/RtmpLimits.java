package io.headwater.media.rtmp.codec;

/**
 * Guard rails for everything a peer can make the RTMP codecs allocate or recurse into. Sessions build
 * one from settings; {@link #DEFAULTS} suits ingest from OBS, FFmpeg and hardware encoders.
 *
 * @param maxChunkSize largest Set Chunk Size accepted from the peer. RTMP 5.4.1 allows up to 2^31-1 but
 *     says sizes above 0xFFFFFF are equivalent (no message is longer), so a peer asking for more is
 *     refused; encoders use 128 to 65536
 * @param maxMessageSize largest message length accepted (RTMP 5.3.1.2.1: a 24-bit field); nginx-rtmp
 *     uses 1 MiB, gortmplib 10 MiB, OvenMediaEngine 20 MiB. 8 MiB holds a 4K keyframe at high bitrate
 * @param maxPendingBytes bytes of partially received messages held across all chunk streams at once;
 *     bounds reassembly memory per connection independently of how many chunk streams interleave
 * @param maxChunkStreams distinct chunk stream ids one connection may use (nginx-rtmp allows 32;
 *     encoders use 2 to 8)
 * @param amfMaxDepth deepest AMF0 object/array nesting (commands and metadata nest 2 or 3 deep)
 * @param amfMaxElements AMF0 values (including object properties) decoded from one message
 * @param amfMaxStringBytes longest AMF0 string, in UTF-8 bytes
 */
public record RtmpLimits(
    int maxChunkSize,
    int maxMessageSize,
    int maxPendingBytes,
    int maxChunkStreams,
    int amfMaxDepth,
    int amfMaxElements,
    int amfMaxStringBytes) {

  /** RTMP 5.3.1.2.1: message length is a 24-bit field. */
  public static final int MESSAGE_LENGTH_FIELD_MAX = 0xFFFFFF;

  public static final RtmpLimits DEFAULTS =
      new RtmpLimits(MESSAGE_LENGTH_FIELD_MAX, 8 * 1024 * 1024, 16 * 1024 * 1024, 64, 32, 10_000, 65_535);

  public RtmpLimits {
    requireRange("maxChunkSize", maxChunkSize, 128, Integer.MAX_VALUE);
    requireRange("maxMessageSize", maxMessageSize, 1, MESSAGE_LENGTH_FIELD_MAX);
    requireRange("maxPendingBytes", maxPendingBytes, maxMessageSize, Integer.MAX_VALUE);
    requireRange("maxChunkStreams", maxChunkStreams, 1, 65_598);
    requireRange("amfMaxDepth", amfMaxDepth, 1, 1_000);
    requireRange("amfMaxElements", amfMaxElements, 1, Integer.MAX_VALUE);
    requireRange("amfMaxStringBytes", amfMaxStringBytes, 1, Integer.MAX_VALUE);
  }

  private static void requireRange(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], was " + value);
    }
  }
}
