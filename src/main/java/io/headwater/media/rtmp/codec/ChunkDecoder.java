package io.headwater.media.rtmp.codec;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reassembles the peer's chunk stream (RTMP 5.3) into {@link RtmpMessage}s. Feed it the bytes after the
 * handshake in slices of any size; it keeps partial headers and partial messages between calls. One
 * decoder per connection, used by one thread (the session's stream stage).
 *
 * <p>It applies the peer's Set Chunk Size and Abort Message itself, at the message that carries them,
 * because they change how the very next chunk parses; those messages are still returned so the session
 * sees them, and the session must not apply them again.
 *
 * <p>After it throws {@link RtmpCodecException} the decoder's state is undefined: the connection is over.
 */
public final class ChunkDecoder {
  /** RTMP 5.4.1: the chunk size both sides start with. */
  public static final int DEFAULT_CHUNK_SIZE = 128;

  /** RTMP 5.3.1.2: message header length by fmt 0..3. */
  private static final int[] MESSAGE_HEADER_LENGTH = {11, 7, 3, 0};
  /** RTMP 5.3.1.3: a 24-bit timestamp field of all ones means a 32-bit extended timestamp follows. */
  private static final int EXTENDED = 0xFFFFFF;
  private static final int MAX_HEADER = 3 + 11 + 4;
  private static final int INITIAL_BUFFER = 64 * 1024;

  private final RtmpLimits limits;
  private final Map<Integer, ChunkStream> streams = new HashMap<>();
  private int chunkSize = DEFAULT_CHUNK_SIZE;
  private long pendingBytes;

  private final byte[] header = new byte[MAX_HEADER];
  private int headerFill;
  /** The chunk stream whose chunk payload is being read, or null while reading a header. */
  private ChunkStream current;
  private int chunkRemaining;

  public ChunkDecoder(RtmpLimits limits) {
    this.limits = limits;
  }

  public int chunkSize() {
    return chunkSize;
  }

  /**
   * Sets the size of the peer's chunks from now on. The decoder calls it for every Set Chunk Size it
   * decodes; a session only needs it to pre-agree a size out of band.
   */
  public void setChunkSize(int size) {
    if (size < 1) {
      throw new RtmpCodecException("set-chunk-size: " + size + " is not a valid chunk size (RTMP 5.4.1: 1..2^31-1)");
    }
    if (size > limits.maxChunkSize()) {
      throw new RtmpCodecException("set-chunk-size: " + size + " exceeds the limit " + limits.maxChunkSize());
    }
    chunkSize = size;
  }

  /** RTMP 5.4.2: drops the partly received message on a chunk stream, if any. */
  public void abort(int chunkStreamId) {
    ChunkStream s = streams.get(chunkStreamId);
    if (s != null && s.buffer != null && s != current) {
      pendingBytes -= s.received;
      s.discard();
    }
  }

  public List<RtmpMessage> decode(byte[] bytes) {
    return decode(ByteBuffer.wrap(bytes));
  }

  /** Consumes all of {@code in} and returns the messages it completed, in order of completion. */
  public List<RtmpMessage> decode(ByteBuffer in) {
    List<RtmpMessage> out = new ArrayList<>(2);
    Deque<ByteBuffer> sources = new ArrayDeque<>(2);
    sources.push(in);
    while (!sources.isEmpty()) {
      ByteBuffer source = sources.peek();
      if (!source.hasRemaining()) {
        sources.pop();
      } else if (current == null) {
        readHeader(source, sources, out);
      } else {
        readPayload(source, out);
      }
    }
    return out;
  }

  /**
   * Checks that the peer stopped between messages. Call at end of stream to tell a clean close from a
   * truncated one; throws describing what was cut off.
   */
  public void finish() {
    if (headerFill > 0) {
      throw new RtmpCodecException("stream ended inside a chunk header (" + headerFill + " bytes read)");
    }
    for (Map.Entry<Integer, ChunkStream> e : streams.entrySet()) {
      ChunkStream s = e.getValue();
      if (s.buffer != null) {
        throw new RtmpCodecException("stream ended inside a message on csid " + e.getKey() + " ("
            + s.received + " of " + s.length + " bytes)");
      }
    }
  }

  private void readHeader(ByteBuffer source, Deque<ByteBuffer> sources, List<RtmpMessage> out) {
    // The header's length unfolds as it is read: basic header, then fmt, then the extended timestamp flag.
    for (int needed = headerLength(); headerFill < needed; needed = headerLength()) {
      if (!source.hasRemaining()) {
        return;
      }
      int n = Math.min(needed - headerFill, source.remaining());
      source.get(header, headerFill, n);
      headerFill += n;
    }
    int basic = basicHeaderLength();
    int fmt = (header[0] & 0xFF) >>> 6;
    int csid = chunkStreamId();
    ChunkStream s = streams.get(csid);
    if (s == null) {
      s = open(csid);
    } else if (fmt < 3 && s.buffer != null) {
      throw new RtmpCodecException("type-" + fmt + " chunk on csid " + csid + " while a message is " + s.received
          + " of " + s.length + " bytes in (RTMP 5.3.1.2.4: continuation chunks are type 3)");
    }
    if (fmt == 3) {
      // RTMP 5.3.1.3: a type-3 chunk repeats the extended timestamp of its stream's last header. Some
      // encoders omit it, so the 4 bytes count as the field only when they repeat it; else they are payload
      // (as SRS and librtmp decide). Deciding needs 4 bytes, so such a chunk with a shorter tail completes
      // only when the next bytes arrive.
      if (s.extended && WireBytes.s32(header, basic) != s.extendedValue) {
        sources.push(ByteBuffer.wrap(Arrays.copyOfRange(header, basic, basic + 4)));
      }
      if (s.buffer == null) {
        s.timestamp = (s.timestamp + s.delta) & 0xFFFF_FFFFL; // RTMP 5.3.1.2.4: a new message reuses the delta
      }
    } else {
      applyHeader(s, fmt, basic, csid);
    }
    headerFill = 0;
    if (s.buffer == null) {
      s.begin();
    }
    current = s;
    chunkRemaining = Math.min(chunkSize, s.length - s.received);
    if (chunkRemaining == 0) {
      complete(s, out);
    }
  }

  /** RTMP 5.3.1.2.1-3: fmt 0 sets everything, fmt 1 keeps the stream id, fmt 2 also length and type. */
  private void applyHeader(ChunkStream s, int fmt, int basic, int csid) {
    long field = WireBytes.u24(header, basic);
    s.extended = field == EXTENDED;
    if (s.extended) {
      s.extendedValue = WireBytes.s32(header, basic + MESSAGE_HEADER_LENGTH[fmt]);
      field = s.extendedValue & 0xFFFF_FFFFL;
    }
    s.delta = field; // after fmt 0 this is the absolute timestamp, as FFmpeg and SRS treat it
    if (fmt == 0) {
      s.timestamp = field;
      s.messageStreamId = (header[basic + 7] & 0xFF) | (header[basic + 8] & 0xFF) << 8
          | (header[basic + 9] & 0xFF) << 16 | (header[basic + 10] & 0xFF) << 24; // little-endian
    } else {
      s.timestamp = (s.timestamp + field) & 0xFFFF_FFFFL;
    }
    if (fmt <= 1) {
      s.length = WireBytes.u24(header, basic + 3);
      s.typeId = header[basic + 6] & 0xFF;
      if (s.length > limits.maxMessageSize()) {
        throw new RtmpCodecException("message length " + s.length + " on csid " + csid + " exceeds the limit "
            + limits.maxMessageSize());
      }
    }
  }

  private void readPayload(ByteBuffer source, List<RtmpMessage> out) {
    int n = Math.min(chunkRemaining, source.remaining());
    if (pendingBytes + n > limits.maxPendingBytes()) {
      throw new RtmpCodecException("partly received messages hold more than " + limits.maxPendingBytes() + " bytes");
    }
    current.append(source, n);
    pendingBytes += n;
    chunkRemaining -= n;
    if (chunkRemaining == 0) {
      complete(current, out);
    }
  }

  private void complete(ChunkStream s, List<RtmpMessage> out) {
    current = null;
    if (s.received < s.length) {
      return; // more chunks to come for this message
    }
    byte[] payload = s.take();
    pendingBytes -= payload.length;
    RtmpMessage message = new RtmpMessage(s.chunkStreamId, s.typeId, s.timestamp, s.messageStreamId, payload);
    out.add(message);
    if (s.typeId == RtmpMessage.TYPE_SET_CHUNK_SIZE) {
      setChunkSize(ProtocolControl.SetChunkSize.decode(payload).size());
    } else if (s.typeId == RtmpMessage.TYPE_ABORT) {
      abort(ProtocolControl.Abort.decode(payload).chunkStreamId());
    }
  }

  private ChunkStream open(int csid) {
    int fmt = (header[0] & 0xFF) >>> 6;
    if (fmt != 0) {
      throw new RtmpCodecException("type-" + fmt + " chunk on csid " + csid + " with no prior type-0 header");
    }
    if (streams.size() >= limits.maxChunkStreams()) {
      throw new RtmpCodecException("csid " + csid + " exceeds the limit of " + limits.maxChunkStreams()
          + " chunk streams");
    }
    ChunkStream s = new ChunkStream(csid);
    streams.put(csid, s);
    return s;
  }

  /** Bytes the header in progress needs, as far as the bytes read so far tell. */
  private int headerLength() {
    if (headerFill == 0) {
      return 1;
    }
    int basic = basicHeaderLength();
    int fmt = (header[0] & 0xFF) >>> 6;
    int fixed = basic + MESSAGE_HEADER_LENGTH[fmt];
    if (headerFill < fixed) {
      return fixed;
    }
    boolean extended;
    if (fmt < 3) {
      extended = WireBytes.u24(header, basic) == EXTENDED;
    } else {
      ChunkStream s = streams.get(chunkStreamId());
      if (s == null) {
        throw new RtmpCodecException("type-3 chunk on csid " + chunkStreamId() + " with no prior type-0 header");
      }
      extended = s.extended;
    }
    return extended ? fixed + 4 : fixed;
  }

  /** RTMP 5.3.1.1: csid bits 0 and 1 select the 2- and 3-byte forms. */
  private int basicHeaderLength() {
    int low = header[0] & 0x3F;
    return low == 0 ? 2 : low == 1 ? 3 : 1;
  }

  private int chunkStreamId() {
    int low = header[0] & 0x3F;
    if (low == 0) {
      return 64 + (header[1] & 0xFF);
    }
    if (low == 1) {
      return 64 + (header[1] & 0xFF) + (header[2] & 0xFF) * 256; // second byte is the low one
    }
    return low;
  }

  /** What RTMP 5.3.1.2 lets later headers on one chunk stream inherit, plus its partial message. */
  private static final class ChunkStream {
    final int chunkStreamId;
    long timestamp;
    long delta;
    int length;
    int typeId;
    int messageStreamId;
    boolean extended;
    int extendedValue;
    /** The message being reassembled, or null between messages. */
    byte[] buffer;
    int received;

    ChunkStream(int chunkStreamId) {
      this.chunkStreamId = chunkStreamId;
    }

    void begin() {
      buffer = new byte[Math.min(length, INITIAL_BUFFER)];
      received = 0;
    }

    void append(ByteBuffer source, int n) {
      if (received + n > buffer.length) {
        byte[] grown = new byte[Math.min(length, Math.max(received + n, buffer.length * 2))];
        System.arraycopy(buffer, 0, grown, 0, received);
        buffer = grown;
      }
      source.get(buffer, received, n);
      received += n;
    }

    byte[] take() {
      byte[] payload = buffer;
      discard();
      return payload;
    }

    void discard() {
      buffer = null;
      received = 0;
    }
  }
}
