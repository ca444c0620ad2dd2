package io.headwater.media.srt.codec;

import java.util.Map;

/**
 * Why a listener refuses a connection, as libsrt numbers it: internal reasons 0..17 ({@code SRT_REJ_*}),
 * application codes 1000..1999 ({@code SRT_REJX_*}, modelled on HTTP) and user codes from 2000. Every code
 * travels as handshake type {@code 1000 + code} (srt.md 4.6): 1010 for a wrong passphrase, and 2403 for
 * the application's 1403 forbidden, which is how libsrt 1.5.1 callers understand it [cap].
 *
 * @param code the libsrt reason code, not the wire value
 */
public record RejectReason(int code) {
  /** srt.md 4.6: handshake types from this value up are rejections, {@code 1000 + code}. */
  public static final int WIRE_OFFSET = 1000;

  public static final RejectReason UNKNOWN = new RejectReason(0);
  public static final RejectReason SYSTEM = new RejectReason(1);
  public static final RejectReason PEER = new RejectReason(2);
  public static final RejectReason RESOURCE = new RejectReason(3);
  /** Malformed handshake. */
  public static final RejectReason ROGUE = new RejectReason(4);
  /** Too many pending connections. */
  public static final RejectReason BACKLOG = new RejectReason(5);
  public static final RejectReason IPE = new RejectReason(6);
  /** The listener is closing. */
  public static final RejectReason CLOSE = new RejectReason(7);
  /** Peer's version below the minimum (an HSv4 conclusion). */
  public static final RejectReason VERSION = new RejectReason(8);
  public static final RejectReason RDVCOOKIE = new RejectReason(9);
  /** Both sides have passphrases and they differ (srt.md 7.7). */
  public static final RejectReason BADSECRET = new RejectReason(10);
  /** Exactly one side has a passphrase (srt.md 7.7). */
  public static final RejectReason UNSECURE = new RejectReason(11);
  /** Stream (file) mode asked of a live listener. */
  public static final RejectReason MESSAGEAPI = new RejectReason(12);
  /** Congestion controller other than "live". */
  public static final RejectReason CONGESTION = new RejectReason(13);
  /** Packet filter (FEC) not supported. */
  public static final RejectReason FILTER = new RejectReason(14);
  /** Socket groups (bonding) not supported. */
  public static final RejectReason GROUP = new RejectReason(15);
  public static final RejectReason TIMEOUT = new RejectReason(16);
  /** Cipher mode mismatch (libsrt 1.5.2+). */
  public static final RejectReason CRYPTO = new RejectReason(17);

  /** Malformed stream id (libsrt access_control.h). */
  public static final RejectReason X_BAD_REQUEST = new RejectReason(1400);
  public static final RejectReason X_UNAUTHORIZED = new RejectReason(1401);
  public static final RejectReason X_OVERLOAD = new RejectReason(1402);
  /** Disabled input. */
  public static final RejectReason X_FORBIDDEN = new RejectReason(1403);
  /** Unknown stream id. */
  public static final RejectReason X_NOT_FOUND = new RejectReason(1404);
  /** The {@code m} mode is not offered (e.g. playback over SRT). */
  public static final RejectReason X_BAD_MODE = new RejectReason(1405);
  public static final RejectReason X_UNACCEPTABLE = new RejectReason(1406);
  /** The resource is already being published. */
  public static final RejectReason X_CONFLICT = new RejectReason(1409);
  public static final RejectReason X_INTERNAL_ERROR = new RejectReason(1500);
  public static final RejectReason X_UNAVAILABLE = new RejectReason(1503);

  private static final Map<Integer, String> NAMES = Map.ofEntries(
      Map.entry(0, "UNKNOWN"), Map.entry(1, "SYSTEM"), Map.entry(2, "PEER"), Map.entry(3, "RESOURCE"),
      Map.entry(4, "ROGUE"), Map.entry(5, "BACKLOG"), Map.entry(6, "IPE"), Map.entry(7, "CLOSE"),
      Map.entry(8, "VERSION"), Map.entry(9, "RDVCOOKIE"), Map.entry(10, "BADSECRET"), Map.entry(11, "UNSECURE"),
      Map.entry(12, "MESSAGEAPI"), Map.entry(13, "CONGESTION"), Map.entry(14, "FILTER"), Map.entry(15, "GROUP"),
      Map.entry(16, "TIMEOUT"), Map.entry(17, "CRYPTO"), Map.entry(1400, "X_BAD_REQUEST"),
      Map.entry(1401, "X_UNAUTHORIZED"), Map.entry(1402, "X_OVERLOAD"), Map.entry(1403, "X_FORBIDDEN"),
      Map.entry(1404, "X_NOT_FOUND"), Map.entry(1405, "X_BAD_MODE"), Map.entry(1406, "X_UNACCEPTABLE"),
      Map.entry(1409, "X_CONFLICT"), Map.entry(1500, "X_INTERNAL_ERROR"), Map.entry(1503, "X_UNAVAILABLE"));

  public RejectReason {
    if (code < 0 || code > Integer.MAX_VALUE - WIRE_OFFSET) {
      throw new IllegalArgumentException("reject reason " + code + " outside 0..2^31-1001");
    }
  }

  public static boolean isRejection(int handshakeType) {
    return handshakeType >= WIRE_OFFSET;
  }

  /** The reason a rejection handshake type carries. */
  public static RejectReason fromHandshakeType(int handshakeType) {
    if (!isRejection(handshakeType)) {
      throw new IllegalArgumentException("handshake type " + handshakeType + " is not a rejection");
    }
    return new RejectReason(handshakeType - WIRE_OFFSET);
  }

  /** The handshake type that carries this reason: {@code 1000 + code}. */
  public int handshakeType() {
    return WIRE_OFFSET + code;
  }

  public boolean isApplicationCode() {
    return code >= 1000;
  }

  @Override
  public String toString() {
    return NAMES.getOrDefault(code, isApplicationCode() ? "application" : "reason") + "(" + code + ")";
  }
}
