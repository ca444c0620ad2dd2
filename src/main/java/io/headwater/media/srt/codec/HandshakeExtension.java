package io.headwater.media.srt.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One HSv5 extension block after the 48-byte handshake CIF (srt.md 4.1): a 16-bit type, a 16-bit length in
 * 32-bit words, then the contents. HSREQ/HSRSP decode as {@link SrtOptions}, SID as {@link Sid}, KMREQ/KMRSP as
 * {@link KeyExchange}; CONGESTION, FILTER, GROUP and unknown types stay {@link Opaque} for the listener to
 * judge (srt.md 4.4, 4.5).
 */
public sealed interface HandshakeExtension
    permits HandshakeExtension.SrtOptions, HandshakeExtension.Sid, KeyExchange, HandshakeExtension.Opaque {
  int TYPE_HSREQ = 1;
  int TYPE_HSRSP = 2;
  int TYPE_KMREQ = 3;
  int TYPE_KMRSP = 4;
  int TYPE_SID = 5;
  int TYPE_CONGESTION = 6;
  int TYPE_FILTER = 7;
  int TYPE_GROUP = 8;

  /** libsrt sends at most HSREQ, KMREQ, SID, CONGESTION, FILTER and GROUP; more blocks are refused. */
  int MAX_BLOCKS = 16;
  /** srt.md 4.4 and 5.1: a stream id is at most 512 bytes. */
  int MAX_STREAM_ID_BYTES = 512;

  int extensionType();

  /** The contents, a whole number of 32-bit words, without the block header. */
  byte[] encodeContents();

  /** The block: type, length in words, contents. */
  default byte[] encode() {
    byte[] contents = encodeContents();
    byte[] out = new byte[4 + contents.length];
    SrtBytes.putU16(out, 0, extensionType());
    SrtBytes.putU16(out, 2, contents.length / 4);
    System.arraycopy(contents, 0, out, 4, contents.length);
    return out;
  }

  static String typeName(int type) {
    return switch (type) {
      case TYPE_HSREQ -> "HSREQ";
      case TYPE_HSRSP -> "HSRSP";
      case TYPE_KMREQ -> "KMREQ";
      case TYPE_KMRSP -> "KMRSP";
      case TYPE_SID -> "SID";
      case TYPE_CONGESTION -> "CONGESTION";
      case TYPE_FILTER -> "FILTER";
      case TYPE_GROUP -> "GROUP";
      default -> "unknown";
    };
  }

  /** All blocks in {@code length} bytes at {@code offset}; a type may appear once. */
  static List<HandshakeExtension> decodeAll(byte[] buf, int offset, int length) {
    List<HandshakeExtension> blocks = new ArrayList<>();
    Set<Integer> seen = new HashSet<>();
    int at = 0;
    while (at < length) {
      int index = blocks.size();
      if (index == MAX_BLOCKS) {
        throw new SrtCodecException("handshake: more than " + MAX_BLOCKS + " extension blocks");
      }
      if (length - at < 4) {
        throw new SrtCodecException("handshake: " + (length - at) + " bytes after extension block " + index
            + ", too short for a block header");
      }
      int type = SrtBytes.u16(buf, offset + at);
      int bytes = SrtBytes.u16(buf, offset + at + 2) * 4;
      String what = "handshake extension " + index + " (type " + type + " " + typeName(type) + ")";
      if (bytes > length - at - 4) {
        throw new SrtCodecException(what + ": " + bytes / 4 + " words run past the end (" + (length - at - 4) / 4
            + " words left)");
      }
      if (!seen.add(type)) {
        throw new SrtCodecException(what + ": a second block of this type");
      }
      blocks.add(decode(what, type, buf, offset + at + 4, bytes));
      at += 4 + bytes;
    }
    return blocks;
  }

  private static HandshakeExtension decode(String what, int type, byte[] buf, int offset, int length) {
    return switch (type) {
      case TYPE_HSREQ, TYPE_HSRSP -> SrtOptions.decode(what, type, buf, offset, length);
      case TYPE_SID -> Sid.decode(what, buf, offset, length);
      case TYPE_KMREQ, TYPE_KMRSP -> KeyExchange.decode(what, type, buf, offset, length);
      default -> new Opaque(type, SrtBytes.copy(buf, offset, length));
    };
  }

  /**
   * HSREQ (type 1, from the caller) or HSRSP (type 2, the listener's answer): SRT version, capability flags
   * and TSBPD latencies (srt.md 4.3).
   *
   * @param srtVersion {@code 0x00XXYYZZ} for XX.YY.ZZ ({@code 0x00010501} is 1.5.1)
   * @param flags the capability bits, {@link #TSBPDSND} and following
   * @param receiverDelayMs high half of word 2: the sender of this block's receive latency
   * @param senderDelayMs low half of word 2: the latency it asks the peer to apply when receiving
   */
  record SrtOptions(int extensionType, int srtVersion, int flags, int receiverDelayMs, int senderDelayMs)
      implements HandshakeExtension {
    public static final int TSBPDSND = 0x01;
    public static final int TSBPDRCV = 0x02;
    /** Legacy capability, always set. */
    public static final int CRYPT = 0x04;
    public static final int TLPKTDROP = 0x08;
    public static final int PERIODICNAK = 0x10;
    public static final int REXMITFLG = 0x20;
    /** Stream (file) mode; live callers never set it (reject with MESSAGEAPI). */
    public static final int STREAM = 0x40;
    public static final int PACKET_FILTER = 0x80;
    /** What libsrt 1.5.1 and FFmpeg send in live mode [cap]: all but STREAM. */
    public static final int LIBSRT_LIVE_FLAGS = 0xBF;

    public SrtOptions {
      if (extensionType != TYPE_HSREQ && extensionType != TYPE_HSRSP) {
        throw new IllegalArgumentException("SRT options travel as HSREQ (1) or HSRSP (2), not " + extensionType);
      }
      if ((receiverDelayMs & ~0xFFFF) != 0 || (senderDelayMs & ~0xFFFF) != 0) {
        throw new IllegalArgumentException("TSBPD delays are 16-bit milliseconds");
      }
    }

    public static SrtOptions request(int srtVersion, int flags, int receiverDelayMs, int senderDelayMs) {
      return new SrtOptions(TYPE_HSREQ, srtVersion, flags, receiverDelayMs, senderDelayMs);
    }

    public static SrtOptions response(int srtVersion, int flags, int receiverDelayMs, int senderDelayMs) {
      return new SrtOptions(TYPE_HSRSP, srtVersion, flags, receiverDelayMs, senderDelayMs);
    }

    /** libsrt reads three words and ignores more; fewer is malformed. */
    static SrtOptions decode(String what, int type, byte[] buf, int offset, int length) {
      if (length < 12) {
        throw new SrtCodecException(what + ": " + length / 4 + " words, expected 3");
      }
      int delays = SrtBytes.s32(buf, offset + 8);
      return new SrtOptions(type, SrtBytes.s32(buf, offset), SrtBytes.s32(buf, offset + 4), delays >>> 16,
          delays & 0xFFFF);
    }

    public boolean has(int flag) {
      return (flags & flag) == flag;
    }

    /** "1.5.1" for {@code 0x00010501}. */
    public String versionText() {
      return (srtVersion >>> 16 & 0xFF) + "." + (srtVersion >>> 8 & 0xFF) + "." + (srtVersion & 0xFF);
    }

    public byte[] encodeContents() {
      return SrtBytes.words(srtVersion, flags, receiverDelayMs << 16 | senderDelayMs);
    }
  }

  /**
   * SID (type 5, srt.md 4.4): the stream id the caller asks for, UTF-8, at most 512 bytes. Parse it with
   * {@link StreamId#parse}. Its value is a credential: it never appears in {@link #toString()}.
   */
  record Sid(String streamId) implements HandshakeExtension {
    public Sid {
      if (HandshakeStrings.utf8Length(streamId) > MAX_STREAM_ID_BYTES) {
        throw new IllegalArgumentException("stream id longer than " + MAX_STREAM_ID_BYTES + " bytes");
      }
    }

    static Sid decode(String what, byte[] buf, int offset, int length) {
      if (length > MAX_STREAM_ID_BYTES) {
        throw new SrtCodecException(what + ": " + length + " bytes, more than " + MAX_STREAM_ID_BYTES);
      }
      return new Sid(HandshakeStrings.decode(what, buf, offset, length));
    }

    public int extensionType() {
      return TYPE_SID;
    }

    public byte[] encodeContents() {
      return HandshakeStrings.encode(streamId);
    }

    @Override
    public String toString() {
      return "Sid[" + HandshakeStrings.utf8Length(streamId) + " bytes]";
    }
  }

  /**
   * A block kept as its raw contents: CONGESTION (6) and FILTER (7) hold strings ({@link #text()}), GROUP
   * (8) and unknown types hold words the listener may refuse (srt.md 4.4, 4.5).
   */
  record Opaque(int extensionType, byte[] contents) implements HandshakeExtension {
    public Opaque {
      if (contents.length % 4 != 0) {
        throw new IllegalArgumentException("extension contents must be whole 32-bit words");
      }
    }

    /** The contents as an SRT handshake string (byte-reversed words, NUL padding), e.g. "live" or "fec,...". */
    public String text() {
      return HandshakeStrings.decode("handshake " + typeName(extensionType) + " text", contents, 0, contents.length);
    }

    public byte[] encodeContents() {
      return contents.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Opaque x && extensionType == x.extensionType && Arrays.equals(contents, x.contents);
    }

    @Override
    public int hashCode() {
      return extensionType * 31 + Arrays.hashCode(contents);
    }

    @Override
    public String toString() {
      return "Opaque[type=" + extensionType + " " + typeName(extensionType) + ", " + contents.length + " bytes]";
    }
  }
}
