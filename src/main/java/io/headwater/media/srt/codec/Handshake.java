package io.headwater.media.srt.codec;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The handshake control packet's body (control type 0, srt.md 4.1; SRT RFC draft 3.2.1): the 48-byte CIF
 * and, in HSv5 conclusions, extension blocks. The listener answers an induction with
 * {@link #inductionResponse}, a conclusion with {@link #conclusionResponse} or {@link #rejection}.
 *
 * @param version 4 in a caller's induction, 5 otherwise
 * @param encryptionField 16 bits: PBKEYLEN / 8 (0 none, 2, 3 or 4)
 * @param extensionField 16 bits: 2 (UDT_DGRAM) in an induction request, {@link #SRT_MAGIC} in the induction
 *     response, the {@code EXT_} flags in conclusions
 * @param initialSequence the caller's initial packet sequence number, used in both directions
 * @param mss maximum segment size in bytes (the "MTU" field, 1500)
 * @param flowWindow maximum flow window, packets
 * @param type {@link #TYPE_INDUCTION}, {@link #TYPE_CONCLUSION}, ... or a rejection (see {@link RejectReason})
 * @param socketId the SRT socket id of this handshake's sender (the induction response echoes the caller's)
 * @param synCookie the listener's cookie, 0 in the induction request
 * @param peerIp 16 bytes: the recipient's address as the sender sees it, in libsrt's layout (see
 *     {@link #peerIpOf})
 * @param extensions the HSv5 blocks, in wire order
 */
public record Handshake(
    int version,
    int encryptionField,
    int extensionField,
    int initialSequence,
    int mss,
    int flowWindow,
    int type,
    int socketId,
    int synCookie,
    byte[] peerIp,
    List<HandshakeExtension> extensions) implements ControlBody {

  public static final int CIF_SIZE = 48;
  public static final int VERSION_UDT4 = 4;
  public static final int VERSION_5 = 5;
  /** srt.md 4.2: the extension field of the induction response. */
  public static final int SRT_MAGIC = 0x4A17;
  /** UDT socket type DGRAM, the extension field of a version-4 induction request. */
  public static final int UDT_DGRAM = 2;

  public static final int TYPE_INDUCTION = 1;
  public static final int TYPE_WAVEAHAND = 0;
  public static final int TYPE_CONCLUSION = -1;
  public static final int TYPE_AGREEMENT = -2;

  /** Extension flags of a conclusion (srt.md 4.1): an HSREQ/HSRSP block is present. */
  public static final int EXT_HSREQ = 0x1;
  /** A KMREQ/KMRSP block is present. */
  public static final int EXT_KMREQ = 0x2;
  /** At least one of SID, CONGESTION, FILTER, GROUP is present. */
  public static final int EXT_CONFIG = 0x4;

  public Handshake {
    if (peerIp.length != 16) {
      throw new IllegalArgumentException("peer IP is 16 bytes, not " + peerIp.length);
    }
    if ((encryptionField & ~0xFFFF) != 0 || (extensionField & ~0xFFFF) != 0) {
      throw new IllegalArgumentException("encryption and extension fields are 16 bits");
    }
    peerIp = peerIp.clone();
    extensions = List.copyOf(extensions);
  }

  static Handshake decode(byte[] buf, int offset, int length) {
    SrtBytes.requireAtLeast("handshake CIF", length, CIF_SIZE);
    return new Handshake(
        SrtBytes.s32(buf, offset),
        SrtBytes.u16(buf, offset + 4),
        SrtBytes.u16(buf, offset + 6),
        SrtBytes.s32(buf, offset + 8),
        SrtBytes.s32(buf, offset + 12),
        SrtBytes.s32(buf, offset + 16),
        SrtBytes.s32(buf, offset + 20),
        SrtBytes.s32(buf, offset + 24),
        SrtBytes.s32(buf, offset + 28),
        SrtBytes.copy(buf, offset + 32, 16),
        HandshakeExtension.decodeAll(buf, offset + CIF_SIZE, length - CIF_SIZE));
  }

  @Override
  public int controlType() {
    return TYPE_HANDSHAKE;
  }

  @Override
  public byte[] encodeCif() {
    byte[][] blocks = new byte[extensions.size()][];
    int size = CIF_SIZE;
    for (int i = 0; i < blocks.length; i++) {
      blocks[i] = extensions.get(i).encode();
      size += blocks[i].length;
    }
    byte[] out = new byte[size];
    SrtBytes.putS32(out, 0, version);
    SrtBytes.putU16(out, 4, encryptionField);
    SrtBytes.putU16(out, 6, extensionField);
    SrtBytes.putS32(out, 8, initialSequence);
    SrtBytes.putS32(out, 12, mss);
    SrtBytes.putS32(out, 16, flowWindow);
    SrtBytes.putS32(out, 20, type);
    SrtBytes.putS32(out, 24, socketId);
    SrtBytes.putS32(out, 28, synCookie);
    System.arraycopy(peerIp, 0, out, 32, 16);
    int at = CIF_SIZE;
    for (byte[] block : blocks) {
      System.arraycopy(block, 0, out, at, block.length);
      at += block.length;
    }
    return out;
  }

  /**
   * srt.md 4.2: the listener's answer to an induction request: this request with version 5, the
   * {@link #SRT_MAGIC}, the listener's cookie and advertised key length. The socket id stays the caller's
   * (libsrt 1.5.1 echoes it [cap]); send it to the caller's socket id. No state is kept for it.
   *
   * @param encryptionField the listener's PBKEYLEN / 8, or 0 (the SID, hence the input, is not known yet)
   */
  public Handshake inductionResponse(int cookie, int encryptionField) {
    return new Handshake(VERSION_5, encryptionField, SRT_MAGIC, initialSequence, mss, flowWindow, TYPE_INDUCTION,
        socketId, cookie, peerIp, List.of());
  }

  /**
   * srt.md 4.2: the listener's acceptance of this conclusion: the caller's ISN and cookie echoed, the
   * listener's new socket id, the extension flags that describe {@code extensions} (HSRSP, then KMRSP if the
   * caller sent KMREQ). Send it to the caller's socket id, and again, identical, for repeated conclusions.
   *
   * @param listenerSocketId the connection's socket id, in 1..2^30-1
   * @param mss min(own MSS, the caller's)
   * @param flowWindow the packets the receive buffer holds
   * @param caller the caller's address, as the listener sees it
   */
  public Handshake conclusionResponse(int listenerSocketId, int encryptionField, int mss, int flowWindow,
      InetAddress caller, List<HandshakeExtension> extensions) {
    return new Handshake(VERSION_5, encryptionField, extensionFlagsFor(extensions), initialSequence, mss,
        flowWindow, TYPE_CONCLUSION, listenerSocketId, synCookie, peerIpOf(caller), extensions);
  }

  /**
   * srt.md 4.6: a refusal of this conclusion as libsrt sends it: the request with only the type (1000 +
   * reason) and the socket id changed, without extension blocks (64 bytes).
   */
  public Handshake rejection(int listenerSocketId, RejectReason reason) {
    return new Handshake(version, encryptionField, extensionField, initialSequence, mss, flowWindow,
        reason.handshakeType(), listenerSocketId, synCookie, peerIp, List.of());
  }

  /** srt.md 4.1: HSREQ for an HSREQ/HSRSP block, KMREQ for a KM block, CONFIG for SID/CONGESTION/FILTER/GROUP. */
  public static int extensionFlagsFor(List<HandshakeExtension> extensions) {
    int flags = 0;
    for (HandshakeExtension e : extensions) {
      flags |= switch (e.extensionType()) {
        case HandshakeExtension.TYPE_HSREQ, HandshakeExtension.TYPE_HSRSP -> EXT_HSREQ;
        case HandshakeExtension.TYPE_KMREQ, HandshakeExtension.TYPE_KMRSP -> EXT_KMREQ;
        case HandshakeExtension.TYPE_SID, HandshakeExtension.TYPE_CONGESTION, HandshakeExtension.TYPE_FILTER,
            HandshakeExtension.TYPE_GROUP -> EXT_CONFIG;
        default -> 0;
      };
    }
    return flags;
  }

  @Override
  public byte[] peerIp() {
    return peerIp.clone();
  }

  public boolean isInduction() {
    return type == TYPE_INDUCTION;
  }

  public boolean isConclusion() {
    return type == TYPE_CONCLUSION;
  }

  /** srt.md 4.6: types from 1000 up reject the connection. */
  public boolean isRejection() {
    return RejectReason.isRejection(type);
  }

  public Optional<RejectReason> rejectReason() {
    return isRejection() ? Optional.of(RejectReason.fromHandshakeType(type)) : Optional.empty();
  }

  public boolean hasExtensionFlag(int flag) {
    return (extensionField & flag) == flag;
  }

  /** The first block of this kind, if present. */
  public <T extends HandshakeExtension> Optional<T> extension(Class<T> kind) {
    return extensions.stream().filter(kind::isInstance).map(kind::cast).findFirst();
  }

  /** The block of this extension type, if present (types may appear once). */
  public Optional<HandshakeExtension> extension(int extensionType) {
    return extensions.stream().filter(e -> e.extensionType() == extensionType).findFirst();
  }

  /** The caller's HSREQ. */
  public Optional<HandshakeExtension.SrtOptions> srtRequest() {
    return extension(HandshakeExtension.TYPE_HSREQ).map(HandshakeExtension.SrtOptions.class::cast);
  }

  /** The SID block's stream id; a credential, never log it. */
  public Optional<String> streamId() {
    return extension(HandshakeExtension.Sid.class).map(HandshakeExtension.Sid::streamId);
  }

  /**
   * srt.md 4.1: libsrt writes each 4-byte group of the address in host (little-endian) order, so 127.0.0.1
   * becomes {@code 01 00 00 7f} followed by 12 zeros; an IPv6 address has each group reversed.
   */
  public static byte[] peerIpOf(InetAddress address) {
    byte[] a = address.getAddress();
    byte[] out = new byte[16];
    System.arraycopy(a, 0, out, 0, a.length);
    for (int i = 0; i < a.length; i += 4) {
      for (int j = 0; j < 4; j++) {
        out[i + j] = a[i + 3 - j];
      }
    }
    return out;
  }

  /** The address in {@link #peerIp}: IPv4 when the last 12 bytes are zero. Informational (srt.md 4.1). */
  public InetAddress peerAddress() {
    boolean v4 = true;
    for (int i = 4; i < 16; i++) {
      v4 &= peerIp[i] == 0;
    }
    byte[] a = new byte[v4 ? 4 : 16];
    for (int i = 0; i < a.length; i += 4) {
      for (int j = 0; j < 4; j++) {
        a[i + j] = peerIp[i + 3 - j];
      }
    }
    try {
      return InetAddress.getByAddress(a);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("a 4- or 16-byte address is always valid", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Handshake h
        && version == h.version && encryptionField == h.encryptionField && extensionField == h.extensionField
        && initialSequence == h.initialSequence && mss == h.mss && flowWindow == h.flowWindow && type == h.type
        && socketId == h.socketId && synCookie == h.synCookie && Arrays.equals(peerIp, h.peerIp)
        && extensions.equals(h.extensions);
  }

  @Override
  public int hashCode() {
    return ((initialSequence * 31 + type) * 31 + socketId) * 31 + synCookie + extensions.hashCode();
  }

  @Override
  public String toString() {
    return "Handshake[v" + version + ", enc=" + encryptionField + ", ext=0x" + Integer.toHexString(extensionField)
        + ", isn=" + initialSequence + ", mss=" + mss + ", fc=" + flowWindow + ", type=" + type
        + ", id=0x" + Integer.toHexString(socketId) + ", cookie=0x" + Integer.toHexString(synCookie)
        + ", peer=" + peerAddress().getHostAddress() + ", " + extensions + "]";
  }
}
