package io.headwater.media.srt;

import io.headwater.media.srt.codec.Handshake;
import io.headwater.media.srt.codec.HandshakeExtension;
import io.headwater.media.srt.codec.HandshakeExtension.SrtOptions;
import io.headwater.media.srt.codec.KeyExchange;
import io.headwater.media.srt.codec.KeyFlags;
import io.headwater.media.srt.codec.KeyMaterial;
import io.headwater.media.srt.codec.SessionKeys;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The caller side of the HSv5 handshake (srt.md 4.2), as libsrt's caller runs it: an induction (version 4,
 * no cookie) repeated every 250 ms until the listener answers with its cookie, then a conclusion with HSREQ,
 * the stream id (SID) and, with a passphrase, a KMREQ carrying fresh session keys wrapped under it, repeated
 * until the listener accepts (its socket id, HSRSP with the latency it applies, KMRSP echoing the KMREQ) or
 * refuses (a rejection code). Gives up after the connect timeout.
 *
 * <p>Pure: the owner hands it the listener's handshakes and the time, and sends what {@link Output}
 * receives. Never prints the passphrase or a key.
 */
final class SrtCaller {
  /** libsrt's caller repeats its handshake this often until answered. */
  static final long REPEAT_US = 250_000;
  static final int MSS = 1500;
  static final int FLOW_WINDOW = 8192;

  /** Where the caller's handshakes go; {@link #connected} and {@link #failed} end it, once. */
  interface Output {
    void send(Handshake handshake);

    void connected(Connection connection);

    /** A reason safe to show: never the passphrase. */
    void failed(String reason);
  }

  /**
   * What the handshake agreed.
   *
   * @param peerSocketId the listener's socket id, the destination of everything that follows
   * @param initialSequence our ISN, which both directions use
   * @param latencyUs the latency the listener applies to what we send (its HSRSP's receive delay)
   * @param flowWindow the listener's flow window, packets
   * @param keys the session keys to encrypt with, or null without a passphrase
   */
  record Connection(int peerSocketId, int initialSequence, long latencyUs, int flowWindow, SessionKeys keys) {}

  private final int socketId;
  private final int initialSequence;
  private final String streamId;
  private final SessionKeys keys;
  private final KeyMaterial keyMaterial;
  private final int latencyMs;
  private final byte[] peerIp;
  private final long deadlineUs;
  private final long connectTimeoutUs;
  private final Output out;
  private Handshake pending;
  private long lastSentUs;
  private boolean done;

  /**
   * @param streamId the SID to send, or null for none
   * @param passphrase null for an unencrypted connection; else 10 to 79 characters (libsrt's limits)
   * @param keyLength 16, 24 or 32: the AES key length (libsrt's pbkeylen)
   * @param latencyMs the latency asked of the listener for our media (HSREQ, srt.md 4.3)
   * @param destination the listener's address, written into the handshake's peer IP field
   */
  SrtCaller(SecureRandom random, String streamId, String passphrase, int keyLength, int latencyMs,
      InetAddress destination, long nowUs, long connectTimeoutUs, Output out) {
    this.socketId = 1 + random.nextInt(0x3FFF_FFFE); // srt.md 4.2: 1..2^30-1
    this.initialSequence = random.nextInt() & 0x7FFF_FFFF;
    this.streamId = streamId;
    this.latencyMs = latencyMs;
    this.peerIp = Handshake.peerIpOf(destination);
    this.deadlineUs = nowUs + connectTimeoutUs;
    this.connectTimeoutUs = connectTimeoutUs;
    this.out = out;
    if (passphrase != null) {
      this.keys = SessionKeys.generate(random, keyLength, KeyFlags.EVEN);
      this.keyMaterial = keys.wrap(passphrase, KeyFlags.EVEN);
    } else {
      this.keys = null;
      this.keyMaterial = null;
    }
  }

  int socketId() {
    return socketId;
  }

  /** srt.md 4.2: the induction request, version 4 with the UDT socket type and no cookie. */
  void start(long nowUs) {
    pending = new Handshake(Handshake.VERSION_UDT4, 0, Handshake.UDT_DGRAM, initialSequence, MSS, FLOW_WINDOW,
        Handshake.TYPE_INDUCTION, socketId, 0, peerIp, List.of());
    send(nowUs);
  }

  /** A handshake from the listener. */
  void onHandshake(Handshake hs, long nowUs) {
    if (done) return;
    if (hs.isRejection()) {
      fail("the destination refused the connection: " + hs.rejectReason().orElseThrow() + ", " + hs.type()
          + " on the wire");
    } else if (hs.isInduction() && pending.isInduction()) {
      if (hs.version() != Handshake.VERSION_5 || hs.extensionField() != Handshake.SRT_MAGIC) {
        fail("the destination does not speak SRT HSv5 (libsrt 1.3 or later)");
        return;
      }
      pending = conclusion(hs.synCookie());
      send(nowUs);
    } else if (hs.isConclusion() && pending.isConclusion()) {
      accepted(hs);
    }
  }

  /** Repeats the handshake every 250 ms; gives up at the connect timeout. */
  void tick(long nowUs) {
    if (done || pending == null) return;
    if (nowUs >= deadlineUs) {
      fail("no " + (pending.isInduction() ? "answer" : "acceptance") + " from the destination within "
          + connectTimeoutUs / 1_000_000.0 + " s");
      return;
    }
    if (nowUs - lastSentUs >= REPEAT_US) send(nowUs);
  }

  /** srt.md 4.2: HSREQ, then SID, then KMREQ, as libsrt orders them; the listener's cookie. */
  private Handshake conclusion(int cookie) {
    List<HandshakeExtension> ext = new ArrayList<>();
    ext.add(SrtOptions.request(ConclusionRequest.SRT_VERSION, ConclusionRequest.LISTENER_FLAGS, latencyMs, latencyMs));
    if (streamId != null) ext.add(new HandshakeExtension.Sid(streamId));
    if (keyMaterial != null) ext.add(new KeyExchange.Request(keyMaterial));
    return new Handshake(Handshake.VERSION_5, keyMaterial == null ? 0 : keyMaterial.keyLength() / 8,
        Handshake.extensionFlagsFor(ext), initialSequence, MSS, FLOW_WINDOW, Handshake.TYPE_CONCLUSION, socketId, cookie,
        peerIp, ext);
  }

  /** srt.md 4.2, 7.5: the listener's acceptance, with the latency it applies and our key material echoed. */
  private void accepted(Handshake hs) {
    Optional<SrtOptions> hsrsp = hs.extension(HandshakeExtension.TYPE_HSRSP).map(SrtOptions.class::cast);
    if (hsrsp.isEmpty()) {
      fail("the destination accepted without HSRSP");
      return;
    }
    Optional<HandshakeExtension> kmrsp = hs.extension(HandshakeExtension.TYPE_KMRSP);
    if (keyMaterial != null) {
      if (kmrsp.isEmpty()) {
        fail("the destination has no passphrase (KMRSP missing); remove the passphrase or set one there");
        return;
      }
      if (kmrsp.get() instanceof KeyExchange.Failure f) {
        fail("the destination did not accept the key material (KM state " + f.kmState()
            + (f.kmState() == KeyExchange.KM_BADSECRET ? ", BADSECRET: the passphrases differ)" : ")"));
        return;
      }
    }
    if (hs.socketId() == 0) {
      fail("the destination accepted with socket id 0");
      return;
    }
    done = true;
    out.connected(new Connection(hs.socketId(), initialSequence, hsrsp.get().receiverDelayMs() * 1000L,
        Math.max(32, hs.flowWindow()), keys));
  }

  private void send(long nowUs) {
    lastSentUs = nowUs;
    out.send(pending);
  }

  private void fail(String reason) {
    done = true;
    out.failed(reason);
  }
}
