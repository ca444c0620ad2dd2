package io.headwater.media.srt;

import io.headwater.Secrets;
import io.headwater.media.srt.codec.Handshake;
import io.headwater.media.srt.codec.HandshakeExtension;
import io.headwater.media.srt.codec.HandshakeExtension.SrtOptions;
import io.headwater.media.srt.codec.KeyExchange;
import io.headwater.media.srt.codec.KeyMaterial;
import io.headwater.media.srt.codec.RejectReason;
import io.headwater.media.srt.codec.SrtCodecException;
import io.headwater.media.srt.codec.StreamId;
import java.util.Locale;
import java.util.Optional;

/**
 * What a caller's conclusion handshake asks for, once it passed every check that needs no live input: HSv5,
 * live message mode, no congestion controller but {@code live}, no packet filter or group, a stream id that
 * names a live input to publish to or to play (Cloudflare's srtPlayback), a latency within bounds, and key
 * material the input's passphrase could open. {@link #read} refuses anything else with the reject code libsrt
 * callers understand (srt.md 4.3 to 4.6, 5, 7.7). Nothing here looks anything up: the live input decides the
 * rest.
 *
 * @param liveInputId the input's uid, lower case
 * @param playback the caller asks to receive the stream ({@code play<uid>}, {@code m=request}), not to publish
 * @param receiveLatencyMs the negotiated latency for the caller's media (srt.md 4.3)
 * @param sendLatencyMs the latency the caller applies to what the listener sends, answered in HSRSP
 * @param keyMaterial the caller's KMREQ: its session key wrapped under the passphrase (the playback
 *     passphrase for playback)
 */
record ConclusionRequest(String liveInputId, boolean playback, int receiveLatencyMs, int sendLatencyMs,
    KeyMaterial keyMaterial) {

  /** A conclusion refused before any lookup: the code for the caller, and the reason for the log line. */
  static final class Refused extends Exception {
    private final transient RejectReason reason;

    Refused(RejectReason reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }

    RejectReason reason() {
      return reason;
    }
  }

  /** The SRT version this listener announces in HSRSP: libsrt 1.5.1's feature set. */
  static final int SRT_VERSION = 0x0001_0501;
  /** srt.md 4.3: TSBPD both ways, CRYPT, TLPKTDROP, PERIODICNAK, REXMITFLG; no packet filter. */
  static final int LISTENER_FLAGS = SrtOptions.TSBPDSND | SrtOptions.TSBPDRCV | SrtOptions.CRYPT | SrtOptions.TLPKTDROP
      | SrtOptions.PERIODICNAK | SrtOptions.REXMITFLG;

  static ConclusionRequest read(Handshake hs, SrtSettings settings) throws Refused {
    if (hs.version() != Handshake.VERSION_5) {
      throw new Refused(RejectReason.VERSION, "handshake version " + hs.version() + "; HSv5 (libsrt 1.3 or later) required");
    }
    SrtOptions hsreq = hs.srtRequest()
        .orElseThrow(() -> new Refused(RejectReason.ROGUE, "conclusion without HSREQ"));
    if (hsreq.has(SrtOptions.STREAM)) {
      throw new Refused(RejectReason.MESSAGEAPI, "stream (file) mode; live message mode only");
    }
    Optional<HandshakeExtension> congestion = hs.extension(HandshakeExtension.TYPE_CONGESTION);
    if (congestion.isPresent() && !"live".equals(text(congestion.get()))) {
      throw new Refused(RejectReason.CONGESTION, "congestion controller other than live");
    }
    if (hs.extension(HandshakeExtension.TYPE_FILTER).isPresent()) {
      throw new Refused(RejectReason.FILTER, "packet filter (FEC) not supported");
    }
    if (hs.extension(HandshakeExtension.TYPE_GROUP).isPresent()) {
      throw new Refused(RejectReason.GROUP, "socket groups (bonding) not supported");
    }
    StreamId sid = streamId(hs);
    String liveInputId = liveInputId(sid);
    boolean playback = sid.mode() == StreamId.Mode.REQUEST;
    if (!hsreq.has(playback ? SrtOptions.TSBPDRCV : SrtOptions.TSBPDSND)) {
      throw new Refused(RejectReason.MESSAGEAPI, "caller does not " + (playback ? "receive" : "send")
          + " with TSBPD; live mode only");
    }
    int receiveLatency = Math.max((int) settings.latency().toMillis(), hsreq.senderDelayMs());
    int sendLatency = Math.max((int) settings.latency().toMillis(), hsreq.receiverDelayMs());
    int latency = playback ? sendLatency : receiveLatency;
    if (latency > settings.maxLatency().toMillis()) {
      throw new Refused(RejectReason.X_UNACCEPTABLE, "latency " + latency + " ms over the largest accepted, "
          + settings.maxLatency().toMillis() + " ms");
    }
    return new ConclusionRequest(liveInputId, playback, receiveLatency, sendLatency, keyMaterial(hs));
  }

  private static StreamId streamId(Handshake hs) throws Refused {
    String raw = hs.streamId().orElseThrow(() -> new Refused(RejectReason.X_BAD_REQUEST, "no stream id"));
    try {
      return StreamId.parse(raw);
    } catch (SrtCodecException e) {
      throw new Refused(RejectReason.X_BAD_REQUEST, "malformed " + e.getMessage());
    }
  }

  /**
   * srt.md 5: {@code <uid>} (Cloudflare's srt.streamId) and {@code #!::r=<uid>[,m=publish]} publish; a missing
   * {@code m} counts as publish, since FFmpeg users often leave it out. {@code play<uid>} (Cloudflare's
   * srtPlayback.streamId) and {@code m=request} play; bidirectional is not offered.
   */
  private static String liveInputId(StreamId sid) throws Refused {
    if (sid.mode() == StreamId.Mode.BIDIRECTIONAL) {
      throw new Refused(RejectReason.X_BAD_MODE, "bidirectional mode is not offered");
    }
    String uid = sid.resource().toLowerCase(Locale.ROOT);
    if (!Secrets.isId(uid)) {
      throw new Refused(RejectReason.X_BAD_REQUEST, "stream id names no live input uid (" + sid.form() + " form)");
    }
    return uid;
  }

  /**
   * srt.md 7.7: every live input has a passphrase, so a caller without one is refused as libsrt refuses it
   * (UNSECURE); key material libsrt 1.5.1 would not send (GCM, another KEK) is CRYPTO.
   */
  private static KeyMaterial keyMaterial(Handshake hs) throws Refused {
    KeyExchange km = hs.extension(HandshakeExtension.TYPE_KMREQ).map(KeyExchange.class::cast)
        .orElseThrow(() -> new Refused(RejectReason.UNSECURE, "no passphrase; the live input requires its SRT passphrase"));
    if (!(km instanceof KeyExchange.Request request)) {
      throw new Refused(RejectReason.ROGUE, "KMREQ block without key material");
    }
    KeyMaterial material = request.keyMaterial();
    if (material.cipher() != KeyMaterial.CIPHER_AES_CTR || material.auth() != 0 || material.keki() != 0) {
      throw new Refused(RejectReason.CRYPTO, "key material with cipher " + material.cipher() + ", auth "
          + material.auth() + ", KEK index " + material.keki() + "; AES-CTR under the passphrase only");
    }
    return material;
  }

  private static String text(HandshakeExtension block) throws Refused {
    try {
      return ((HandshakeExtension.Opaque) block).text();
    } catch (SrtCodecException e) {
      throw new Refused(RejectReason.ROGUE, e.getMessage());
    }
  }
}
