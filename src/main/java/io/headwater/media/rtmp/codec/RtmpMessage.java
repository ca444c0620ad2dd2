package io.headwater.media.rtmp.codec;

import java.util.Arrays;

/**
 * One reassembled RTMP message (RTMP 5.1 message header plus payload), as {@link ChunkDecoder} emits it and
 * {@link ChunkEncoder} chunks it. The payload array is never mutated after construction.
 *
 * @param chunkStreamId chunk stream it travelled on, 2..65599 (RTMP 5.3.1.1)
 * @param typeId message type id, 0..255 (the TYPE_ constants)
 * @param timestamp milliseconds, an unsigned 32-bit value that wraps (RTMP 5.3.1.2.5)
 * @param messageStreamId message stream id; the wire carries it little-endian (RTMP 5.3.1.2.1)
 * @param payload message body
 */
public record RtmpMessage(int chunkStreamId, int typeId, long timestamp, int messageStreamId, byte[] payload) {
  // RTMP 5.4 protocol control messages
  public static final int TYPE_SET_CHUNK_SIZE = 1;
  public static final int TYPE_ABORT = 2;
  public static final int TYPE_ACKNOWLEDGEMENT = 3;
  public static final int TYPE_USER_CONTROL = 4;
  public static final int TYPE_WINDOW_ACK_SIZE = 5;
  public static final int TYPE_SET_PEER_BANDWIDTH = 6;
  // RTMP 7.1 messages
  public static final int TYPE_AUDIO = 8;
  public static final int TYPE_VIDEO = 9;
  public static final int TYPE_DATA_AMF3 = 15;
  public static final int TYPE_SHARED_OBJECT_AMF3 = 16;
  public static final int TYPE_COMMAND_AMF3 = 17;
  public static final int TYPE_DATA_AMF0 = 18;
  public static final int TYPE_SHARED_OBJECT_AMF0 = 19;
  public static final int TYPE_COMMAND_AMF0 = 20;
  public static final int TYPE_AGGREGATE = 22;

  /** RTMP 5.4: protocol control messages travel on chunk stream 2, message stream 0. */
  public static final int CONTROL_CHUNK_STREAM = 2;

  public static final int MIN_CHUNK_STREAM_ID = 2;
  public static final int MAX_CHUNK_STREAM_ID = 65_599;

  public RtmpMessage {
    if (chunkStreamId < MIN_CHUNK_STREAM_ID || chunkStreamId > MAX_CHUNK_STREAM_ID) {
      throw new IllegalArgumentException("chunk stream id " + chunkStreamId + " outside 2..65599");
    }
    if (typeId < 0 || typeId > 255) {
      throw new IllegalArgumentException("message type id " + typeId + " outside 0..255");
    }
    if (timestamp < 0 || timestamp > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("timestamp " + timestamp + " outside 32 bits");
    }
    if (payload.length > RtmpLimits.MESSAGE_LENGTH_FIELD_MAX) {
      throw new IllegalArgumentException("payload of " + payload.length + " bytes exceeds the 24-bit length");
    }
  }

  /** A control message on chunk stream 2, message stream 0, timestamp 0. */
  public static RtmpMessage control(int typeId, byte[] payload) {
    return new RtmpMessage(CONTROL_CHUNK_STREAM, typeId, 0, 0, payload);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RtmpMessage m
        && chunkStreamId == m.chunkStreamId
        && typeId == m.typeId
        && timestamp == m.timestamp
        && messageStreamId == m.messageStreamId
        && Arrays.equals(payload, m.payload);
  }

  @Override
  public int hashCode() {
    return ((chunkStreamId * 31 + typeId) * 31 + Long.hashCode(timestamp)) * 31 + messageStreamId * 17
        + Arrays.hashCode(payload);
  }

  /** Without payload bytes: a publish command's payload holds the stream key. */
  @Override
  public String toString() {
    return "RtmpMessage[csid=" + chunkStreamId + ", type=" + typeId + ", ts=" + timestamp + ", msid="
        + messageStreamId + ", " + payload.length + " bytes]";
  }
}
