package io.headwater.media.srt.codec;

import java.util.Arrays;

/**
 * What a control packet says: one record per control type of srt.md 3 (SRT RFC draft 3.2), each decoding
 * its type-specific information and control information field (CIF) and encoding them back. Types the
 * codec does not know decode as {@link Unknown}; the listener decides what to do with them (srt.md 3:
 * ignore, never fatal).
 */
public sealed interface ControlBody
    permits Handshake, Ack, Nak, KeyExchange, ControlBody.KeepAlive, ControlBody.Shutdown, ControlBody.AckAck,
        ControlBody.DropRequest, ControlBody.CongestionWarning, ControlBody.PeerError, ControlBody.Unknown {
  int TYPE_HANDSHAKE = 0x0000;
  int TYPE_KEEPALIVE = 0x0001;
  int TYPE_ACK = 0x0002;
  int TYPE_NAK = 0x0003;
  int TYPE_CONGESTION_WARNING = 0x0004;
  int TYPE_SHUTDOWN = 0x0005;
  int TYPE_ACKACK = 0x0006;
  int TYPE_DROPREQ = 0x0007;
  int TYPE_PEERERROR = 0x0008;
  /** srt.md 3: the SRT extended type; its subtype says what it carries ({@link KeyExchange}). */
  int TYPE_USER = 0x7FFF;

  /** 15-bit control type. */
  int controlType();

  /** 16-bit subtype; 0 except for {@link #TYPE_USER}. */
  default int subtype() {
    return 0;
  }

  /** Header word 1. */
  default int typeSpecificInfo() {
    return 0;
  }

  /**
   * The bytes after the header. srt.md 3: libsrt pads the CIF of KEEPALIVE, SHUTDOWN, ACKACK, CGWARNING and
   * PEERERROR with one zero word (20-byte datagrams); bodies without a CIF of their own send the same.
   */
  default byte[] encodeCif() {
    return new byte[4];
  }

  /**
   * srt.md 3: the subtype only matters for the SRT extended type; libsrt ignores it elsewhere, and so does
   * this decoder. Bodies without a CIF of their own accept any CIF, padded or not.
   */
  static ControlBody decode(int type, int subtype, int info, byte[] buf, int offset, int length) {
    return switch (type) {
      case TYPE_HANDSHAKE -> Handshake.decode(buf, offset, length);
      case TYPE_KEEPALIVE -> new KeepAlive();
      case TYPE_ACK -> Ack.decode(info, buf, offset, length);
      case TYPE_NAK -> Nak.decode(buf, offset, length);
      case TYPE_CONGESTION_WARNING -> new CongestionWarning();
      case TYPE_SHUTDOWN -> new Shutdown();
      case TYPE_ACKACK -> new AckAck(info);
      case TYPE_DROPREQ -> DropRequest.decode(info, buf, offset, length);
      case TYPE_PEERERROR -> new PeerError(info);
      case TYPE_USER -> KeyExchange.isKeyExchange(subtype)
          ? KeyExchange.decodeControl(subtype, buf, offset, length)
          : new Unknown(type, subtype, info, SrtBytes.copy(buf, offset, length));
      default -> new Unknown(type, subtype, info, SrtBytes.copy(buf, offset, length));
    };
  }

  /** srt.md 3.4: sent after 1 s without sending anything else. */
  record KeepAlive() implements ControlBody {
    public int controlType() {
      return TYPE_KEEPALIVE;
    }
  }

  /** srt.md 3.4: the sender closed the connection; not answered. */
  record Shutdown() implements ControlBody {
    public int controlType() {
      return TYPE_SHUTDOWN;
    }
  }

  /** srt.md 3.3: acknowledges the full or small ACK with this number; the receiver measures RTT with it. */
  record AckAck(int ackNumber) implements ControlBody {
    public int controlType() {
      return TYPE_ACKACK;
    }

    public int typeSpecificInfo() {
      return ackNumber;
    }
  }

  /** srt.md 3.6: a UDT leftover that libsrt never sends; log and ignore. */
  record CongestionWarning() implements ControlBody {
    public int controlType() {
      return TYPE_CONGESTION_WARNING;
    }
  }

  /** srt.md 3.6: an error code in word 1 (4000 = file system error), used in file mode only. */
  record PeerError(int errorCode) implements ControlBody {
    public int controlType() {
      return TYPE_PEERERROR;
    }

    public int typeSpecificInfo() {
      return errorCode;
    }
  }

  /**
   * srt.md 3.5: the sender gave up on the packets {@code firstSequence..lastSequence} (inclusive) of one
   * message; the receiver stops reporting them lost.
   *
   * @param messageNumber low 26 bits of header word 1, laid out as in a data header
   */
  record DropRequest(int messageNumber, int firstSequence, int lastSequence) implements ControlBody {
    static DropRequest decode(int info, byte[] buf, int offset, int length) {
      if (length < 8) {
        throw new SrtCodecException("dropreq: CIF " + length + " bytes, expected 8 (first and last sequence)");
      }
      return new DropRequest(info & DataPacket.MAX_MESSAGE_NUMBER, SrtBytes.s32(buf, offset) & SequenceNumbers.MAX,
          SrtBytes.s32(buf, offset + 4) & SequenceNumbers.MAX);
    }

    public int controlType() {
      return TYPE_DROPREQ;
    }

    public int typeSpecificInfo() {
      return messageNumber;
    }

    public byte[] encodeCif() {
      return SrtBytes.words(firstSequence, lastSequence);
    }
  }

  /** A control type (or SRT extended subtype) this codec does not interpret, kept verbatim. */
  record Unknown(int controlType, int subtype, int typeSpecificInfo, byte[] cif) implements ControlBody {
    public byte[] encodeCif() {
      return cif.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Unknown u && controlType == u.controlType && subtype == u.subtype
          && typeSpecificInfo == u.typeSpecificInfo && Arrays.equals(cif, u.cif);
    }

    @Override
    public int hashCode() {
      return (controlType * 31 + subtype) * 31 + typeSpecificInfo + Arrays.hashCode(cif);
    }

    @Override
    public String toString() {
      return "Unknown[type=0x" + Integer.toHexString(controlType) + ", subtype=" + subtype + ", info="
          + typeSpecificInfo + ", " + cif.length + " CIF bytes]";
    }
  }
}
