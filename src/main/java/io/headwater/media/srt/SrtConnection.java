package io.headwater.media.srt;

import io.headwater.liveinput.MediaKeys;
import io.headwater.liveinput.PublisherControl;
import io.headwater.media.MediaItem;
import io.headwater.media.hub.StreamHub;
import io.headwater.media.srt.codec.ControlBody;
import io.headwater.media.srt.codec.ControlPacket;
import io.headwater.media.srt.codec.DataPacket;
import io.headwater.media.srt.codec.KeyExchange;
import io.headwater.media.srt.codec.KeyFlags;
import io.headwater.media.srt.codec.KeyMaterial;
import io.headwater.media.srt.codec.PayloadCipher;
import io.headwater.media.srt.codec.SessionKeys;
import io.headwater.media.srt.codec.SrtCodecException;
import io.headwater.media.srt.codec.SrtPacket;
import io.headwater.media.ts.codec.TsDemuxer;
import io.headwater.media.ts.codec.TsFormatException;
import java.util.Arrays;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * One accepted SRT publish: the {@link SrtReceiver} for its packets, AES-CTR decryption with the media keys
 * the live input opened (and refreshes of them, srt.md 7.6), MPEG-TS demuxing into its {@link StreamHub},
 * keepalives, the peer idle timeout and the payload rate limit. It ends on the caller's SHUTDOWN, a kick, a
 * limit or the node's shutdown, sending SHUTDOWN itself unless the caller did; {@link SrtListener#closed}
 * then releases everything and logs the one {@code closed:} line. Runs on the listener's loop thread.
 */
final class SrtConnection implements SrtReceiver.Output, SrtSession {
  /** srt.md 8.8: a KEEPALIVE after a second without sending anything. */
  static final long KEEPALIVE_US = 1_000_000;
  static final long RATE_WINDOW_US = 1_000_000;
  /** Stats are published for readers on other threads every this many ticks (100 ms). */
  private static final int STATS_EVERY_TICKS = 10;

  private final SrtListener listener;
  private final int socketId;
  private final int peerSocketId;
  private final SrtListener.PeerKey key;
  private final String liveInputId;
  private final String sessionId;
  private final String remoteAddress;
  private final ActorRef<PublisherControl> control;
  private final StreamHub hub;
  private final PayloadCipher cipher;
  private final TsDemuxer demuxer = new TsDemuxer();
  private final SrtReceiver receiver;
  private final byte[] conclusionResponse;
  private final long idleTimeoutUs;
  private final long maxPayloadBytesPerWindow;

  private long lastHeardUs;
  private long lastSentUs;
  private long rateWindowStartUs;
  private long rateWindowBytes;
  private long undecryptable;
  private long malformed;
  private long keyRefreshes;
  private int ticks;
  private byte[] refreshing;
  private byte[] refreshed;
  private KeyExchange refreshAnswer;
  private String failure;
  private boolean closed;

  SrtConnection(SrtListener listener, int socketId, int peerSocketId, SrtListener.PeerKey key, String liveInputId,
      String sessionId, String remoteAddress, ActorRef<PublisherControl> control, StreamHub hub, SessionKeys keys,
      int initialSequence, long latencyUs, long conclusionArrivalUs, int conclusionTimestamp, byte[] conclusionResponse,
      long nowUs) {
    this.listener = listener;
    this.socketId = socketId;
    this.peerSocketId = peerSocketId;
    this.key = key;
    this.liveInputId = liveInputId;
    this.sessionId = sessionId;
    this.remoteAddress = remoteAddress;
    this.control = control;
    this.hub = hub;
    this.cipher = new PayloadCipher(keys);
    this.conclusionResponse = conclusionResponse;
    this.idleTimeoutUs = listener.settings().peerIdleTimeout().toNanos() / 1000;
    this.maxPayloadBytesPerWindow = listener.settings().maxPayloadBytesPerSecond() * RATE_WINDOW_US / 1_000_000;
    this.receiver = new SrtReceiver(initialSequence, listener.settings().receiveBufferPackets(), latencyUs,
        conclusionArrivalUs, conclusionTimestamp, this);
    this.lastHeardUs = nowUs;
    this.lastSentUs = nowUs;
    this.rateWindowStartUs = nowUs;
  }

  @Override
  public int socketId() {
    return socketId;
  }

  @Override
  public SrtListener.PeerKey key() {
    return key;
  }

  String liveInputId() {
    return liveInputId;
  }

  String sessionId() {
    return sessionId;
  }

  String remoteAddress() {
    return remoteAddress;
  }

  ActorRef<PublisherControl> control() {
    return control;
  }

  StreamHub hub() {
    return hub;
  }

  // ---- input

  @Override
  public void onPacket(SrtPacket packet, long nowUs) {
    if (closed) return;
    lastHeardUs = nowUs;
    if (packet instanceof DataPacket data) {
      if (overRate(data.payload().length, nowUs)) {
        close("payload rate over " + listener.settings().maxPayloadBytesPerSecond() * 8 / 1000 + " kbit/s", false);
        return;
      }
      receiver.onData(data, nowUs);
    } else {
      onControl((ControlPacket) packet, nowUs);
    }
    if (failure != null) close(failure, false);
  }

  private void onControl(ControlPacket packet, long nowUs) {
    ControlBody body = packet.body();
    if (body instanceof ControlBody.AckAck ackAck) {
      receiver.onAckAck(ackAck.ackNumber(), packet.timestamp(), nowUs);
    } else if (body instanceof ControlBody.Shutdown) {
      close("encoder disconnected", true);
    } else if (body instanceof ControlBody.DropRequest drop) {
      receiver.onDropRequest(drop.firstSequence(), drop.lastSequence());
    } else if (body instanceof KeyExchange.Request request) {
      onKeyRefresh(request.keyMaterial());
    }
    // KEEPALIVE only proves the caller is there; ACK, NAK and the rest are for senders (srt.md 3: ignore).
  }

  @Override
  public void malformed() {
    malformed++;
  }

  /** The 10 ms timers: the receiver's, the keepalive, the peer idle timeout. */
  @Override
  public void tick(long nowUs) {
    if (closed) return;
    receiver.tick(nowUs);
    if (failure != null) {
      close(failure, false);
      return;
    }
    if (nowUs - lastHeardUs >= idleTimeoutUs) {
      close("no packets from the caller for " + idleTimeoutUs / 1000 + " ms", false);
      return;
    }
    if (nowUs - lastSentUs >= KEEPALIVE_US) send(new ControlBody.KeepAlive());
    if (++ticks % STATS_EVERY_TICKS == 0) listener.publishStats(liveInputId, stats());
  }

  /** srt.md 4.2: the same answer to a repeated conclusion. */
  @Override
  public void resendConclusionResponse() {
    listener.sendRaw(conclusionResponse, key.address());
  }

  SrtStats stats() {
    return receiver.stats(undecryptable, demuxer.stats().continuityErrors(), keyRefreshes);
  }

  // ---- SrtReceiver.Output

  @Override
  public void send(ControlBody body) {
    lastSentUs = listener.now();
    listener.send(body, peerSocketId, key.address());
  }

  /** Decrypts in place (the buffer is ours now), then demuxes into the hub. */
  @Override
  public void deliver(int sequenceNumber, KeyFlags key, byte[] payload) {
    if (failure != null) return;
    if (key != KeyFlags.CLEAR) {
      try {
        cipher.apply(key, sequenceNumber, payload, 0, payload.length);
      } catch (SrtCodecException e) {
        undecryptable++; // srt.md 8.2: no key for that KK
        return;
      }
    }
    try {
      publish(demuxer.feed(payload));
    } catch (TsFormatException e) {
      failure = "not MPEG-TS: " + e.getMessage();
    }
  }

  // ---- key refresh (srt.md 7.6)

  /**
   * The caller announces new keys in band; the entity opens them with the passphrase. libsrt repeats the
   * KMREQ until it has the KMRSP, so repeats are answered from the last answer or wait for the one asked.
   */
  private void onKeyRefresh(KeyMaterial km) {
    byte[] bytes = km.encode();
    // Null checks first: Jazzer's hook on Arrays.equals crashes the JVM on a null array.
    if (refreshed != null && Arrays.equals(bytes, refreshed)) {
      send(refreshAnswer);
      return;
    }
    if (refreshing != null && Arrays.equals(bytes, refreshing)) return;
    refreshing = bytes;
    listener.authority().refreshMediaKeys(liveInputId, sessionId, bytes)
        .whenComplete((keys, failed) -> listener.loop().execute(() -> onKeysRefreshed(km, bytes, keys)));
  }

  private void onKeysRefreshed(KeyMaterial km, byte[] bytes, MediaKeys keys) {
    if (closed || refreshing == null || !Arrays.equals(bytes, refreshing)) return;
    refreshing = null;
    refreshed = bytes;
    if (keys != null) {
      cipher.install(SessionKeys.opened(km, keys.keys()));
      keyRefreshes++;
      refreshAnswer = new KeyExchange.Response(km);
    } else {
      refreshAnswer = new KeyExchange.Failure(KeyExchange.KM_BADSECRET); // srt.md 7.6: keep the old key
    }
    send(refreshAnswer);
  }

  // ---- closing

  /**
   * Ends the publish. {@code byPeer}: the caller said SHUTDOWN, so what is buffered is handed on and nothing
   * is sent back; otherwise the caller is told with SHUTDOWN (twice: datagrams get lost).
   */
  @Override
  public void close(String reason, boolean byPeer) {
    if (closed) return;
    closed = true;
    if (byPeer) {
      receiver.drain();
      publish(demuxer.flush());
    } else {
      send(new ControlBody.Shutdown());
      send(new ControlBody.Shutdown());
    }
    listener.closed(this, reason, stats());
  }

  private void publish(List<MediaItem> items) {
    for (MediaItem item : items) hub.publish(item);
  }

  private boolean overRate(int bytes, long nowUs) {
    if (nowUs - rateWindowStartUs >= RATE_WINDOW_US) {
      rateWindowStartUs = nowUs;
      rateWindowBytes = 0;
    }
    rateWindowBytes += bytes;
    return rateWindowBytes > maxPayloadBytesPerWindow;
  }
}
