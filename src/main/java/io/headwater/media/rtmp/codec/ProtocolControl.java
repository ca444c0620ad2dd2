package io.headwater.media.rtmp.codec;

/**
 * RTMP 5.4 protocol control messages (types 1, 2, 3, 5, 6) and, through {@link UserControl}, type 4.
 * Each record decodes its message body and encodes itself; all travel on chunk stream 2, message stream 0.
 * The session answers them; only Set Chunk Size and Abort are also applied by {@link ChunkDecoder}.
 */
public sealed interface ProtocolControl permits ProtocolControl.SetChunkSize, ProtocolControl.Abort,
    ProtocolControl.Acknowledgement, ProtocolControl.WindowAckSize, ProtocolControl.SetPeerBandwidth,
    UserControl {

  int typeId();

  /** The message body. */
  byte[] encode();

  default RtmpMessage toMessage() {
    return RtmpMessage.control(typeId(), encode());
  }

  /** True for the type ids this interface decodes (1 to 6). */
  static boolean isProtocolControl(int typeId) {
    return typeId >= RtmpMessage.TYPE_SET_CHUNK_SIZE && typeId <= RtmpMessage.TYPE_SET_PEER_BANDWIDTH;
  }

  static ProtocolControl decode(RtmpMessage message) {
    byte[] body = message.payload();
    return switch (message.typeId()) {
      case RtmpMessage.TYPE_SET_CHUNK_SIZE -> SetChunkSize.decode(body);
      case RtmpMessage.TYPE_ABORT -> Abort.decode(body);
      case RtmpMessage.TYPE_ACKNOWLEDGEMENT -> Acknowledgement.decode(body);
      case RtmpMessage.TYPE_USER_CONTROL -> UserControl.decode(body);
      case RtmpMessage.TYPE_WINDOW_ACK_SIZE -> WindowAckSize.decode(body);
      case RtmpMessage.TYPE_SET_PEER_BANDWIDTH -> SetPeerBandwidth.decode(body);
      default -> throw new IllegalArgumentException("type " + message.typeId() + " is not a protocol control message");
    };
  }

  /** RTMP 5.4.1: the largest chunk the sender will use from now on, 1..2^31-1. */
  record SetChunkSize(int size) implements ProtocolControl {
    public SetChunkSize {
      if (size < 1) {
        throw new IllegalArgumentException("chunk size " + size + " outside 1..2^31-1");
      }
    }

    public static SetChunkSize decode(byte[] body) {
      WireBytes.requireLength("set-chunk-size", body, 4);
      int size = WireBytes.s32(body, 0);
      if (size < 0) {
        throw new RtmpCodecException("set-chunk-size: first bit set in 0x" + Integer.toHexString(size)
            + " (RTMP 5.4.1: it must be zero)");
      }
      if (size == 0) {
        throw new RtmpCodecException("set-chunk-size: 0 is not a valid chunk size (RTMP 5.4.1: 1..2^31-1)");
      }
      return new SetChunkSize(size);
    }

    public int typeId() {
      return RtmpMessage.TYPE_SET_CHUNK_SIZE;
    }

    public byte[] encode() {
      return WireBytes.u32Body(size);
    }
  }

  /** RTMP 5.4.2: discard the partly received message on a chunk stream. */
  record Abort(int chunkStreamId) implements ProtocolControl {
    public static Abort decode(byte[] body) {
      WireBytes.requireLength("abort", body, 4);
      return new Abort(WireBytes.s32(body, 0));
    }

    public int typeId() {
      return RtmpMessage.TYPE_ABORT;
    }

    public byte[] encode() {
      return WireBytes.u32Body(chunkStreamId);
    }
  }

  /** RTMP 5.4.3: the number of bytes received so far, an unsigned 32-bit value that wraps. */
  record Acknowledgement(long sequenceNumber) implements ProtocolControl {
    public static Acknowledgement decode(byte[] body) {
      WireBytes.requireLength("acknowledgement", body, 4);
      return new Acknowledgement(WireBytes.u32(body, 0));
    }

    public int typeId() {
      return RtmpMessage.TYPE_ACKNOWLEDGEMENT;
    }

    public byte[] encode() {
      return WireBytes.u32Body(sequenceNumber);
    }
  }

  /** RTMP 5.4.4: acknowledge after every this many bytes received. */
  record WindowAckSize(long size) implements ProtocolControl {
    public static WindowAckSize decode(byte[] body) {
      WireBytes.requireLength("window-ack-size", body, 4);
      return new WindowAckSize(WireBytes.u32(body, 0));
    }

    public int typeId() {
      return RtmpMessage.TYPE_WINDOW_ACK_SIZE;
    }

    public byte[] encode() {
      return WireBytes.u32Body(size);
    }
  }

  /** RTMP 5.4.5: limit the peer's output bandwidth; limit type 0 hard, 1 soft, 2 dynamic. */
  record SetPeerBandwidth(long size, int limitType) implements ProtocolControl {
    public static final int HARD = 0;
    public static final int SOFT = 1;
    public static final int DYNAMIC = 2;

    public SetPeerBandwidth {
      if (limitType < HARD || limitType > DYNAMIC) {
        throw new IllegalArgumentException("limit type " + limitType + " outside 0..2");
      }
    }

    public static SetPeerBandwidth decode(byte[] body) {
      WireBytes.requireLength("set-peer-bandwidth", body, 5);
      int limitType = body[4] & 0xFF;
      if (limitType > DYNAMIC) {
        throw new RtmpCodecException("set-peer-bandwidth: limit type " + limitType + ", expected 0..2");
      }
      return new SetPeerBandwidth(WireBytes.u32(body, 0), limitType);
    }

    public int typeId() {
      return RtmpMessage.TYPE_SET_PEER_BANDWIDTH;
    }

    public byte[] encode() {
      byte[] body = new byte[5];
      WireBytes.putU32(body, 0, size);
      body[4] = (byte) limitType;
      return body;
    }
  }
}
