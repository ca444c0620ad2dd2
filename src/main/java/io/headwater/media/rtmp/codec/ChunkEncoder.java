package io.headwater.media.rtmp.codec;

/**
 * Splits outgoing {@link RtmpMessage}s into chunks (RTMP 5.3) at our chunk size. Every message starts
 * with a type-0 header and continues with type-3 chunks: a few bytes more per message than header
 * compression, but no state shared between messages, so any interleaving is valid. One encoder per
 * connection, used by the stage that writes to the socket.
 */
public final class ChunkEncoder {
  private static final int EXTENDED = 0xFFFFFF;

  private int chunkSize = ChunkDecoder.DEFAULT_CHUNK_SIZE;

  public int chunkSize() {
    return chunkSize;
  }

  /**
   * Encodes a Set Chunk Size message at the current size, then switches to the new size for every later
   * message (RTMP 5.4.1): send the returned bytes before anything encoded afterwards.
   */
  public byte[] changeChunkSize(int size) {
    ProtocolControl.SetChunkSize message = new ProtocolControl.SetChunkSize(size);
    byte[] bytes = encode(message.toMessage());
    chunkSize = size;
    return bytes;
  }

  public byte[] encode(RtmpMessage message) {
    byte[] payload = message.payload();
    int basic = basicHeaderLength(message.chunkStreamId());
    boolean extended = message.timestamp() >= EXTENDED;
    int extendedLength = extended ? 4 : 0;
    int chunks = payload.length == 0 ? 1 : (int) ((payload.length + (long) chunkSize - 1) / chunkSize);
    int size = basic + 11 + extendedLength + (chunks - 1) * (basic + extendedLength) + payload.length;
    byte[] out = new byte[size];

    int at = writeBasicHeader(out, 0, 0, message.chunkStreamId());
    WireBytes.putU24(out, at, extended ? EXTENDED : (int) message.timestamp());
    WireBytes.putU24(out, at + 3, payload.length);
    out[at + 6] = (byte) message.typeId();
    int msid = message.messageStreamId();
    // RTMP 5.3.1.2.1: the message stream id is the one little-endian field.
    out[at + 7] = (byte) msid;
    out[at + 8] = (byte) (msid >>> 8);
    out[at + 9] = (byte) (msid >>> 16);
    out[at + 10] = (byte) (msid >>> 24);
    at += 11;
    for (int sent = 0; ; ) {
      if (extended) {
        // RTMP 5.3.1.3: type-3 chunks repeat the extended timestamp too.
        WireBytes.putU32(out, at, message.timestamp());
        at += 4;
      }
      int n = Math.min(chunkSize, payload.length - sent);
      System.arraycopy(payload, sent, out, at, n);
      at += n;
      sent += n;
      if (sent >= payload.length) {
        return out;
      }
      at = writeBasicHeader(out, at, 3, message.chunkStreamId());
    }
  }

  /** RTMP 5.3.1.1: one byte for csid 2..63, two for 64..319, three up to 65599. */
  private static int basicHeaderLength(int csid) {
    return csid < 64 ? 1 : csid < 320 ? 2 : 3;
  }

  private static int writeBasicHeader(byte[] out, int at, int fmt, int csid) {
    if (csid < 64) {
      out[at] = (byte) (fmt << 6 | csid);
      return at + 1;
    }
    int rest = csid - 64;
    if (csid < 320) {
      out[at] = (byte) (fmt << 6);
      out[at + 1] = (byte) rest;
      return at + 2;
    }
    out[at] = (byte) (fmt << 6 | 1);
    out[at + 1] = (byte) rest;
    out[at + 2] = (byte) (rest >>> 8);
    return at + 3;
  }
}
