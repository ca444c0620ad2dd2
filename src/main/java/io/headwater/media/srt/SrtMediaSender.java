package io.headwater.media.srt;

import io.headwater.media.MediaItem;
import io.headwater.media.srt.codec.Ack;
import io.headwater.media.srt.codec.ControlBody;
import io.headwater.media.srt.codec.ControlPacket;
import io.headwater.media.srt.codec.KeyFlags;
import io.headwater.media.srt.codec.Nak;
import io.headwater.media.srt.codec.PayloadCipher;
import io.headwater.media.srt.codec.SessionKeys;
import io.headwater.media.srt.codec.SrtPacket;
import io.headwater.media.ts.codec.TsFormatException;
import io.headwater.media.ts.codec.TsMuxer;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The connected side of an SRT connection that carries a hub's stream to its peer, a pull viewer or an
 * output's destination: items pulled from a {@link MediaFeed} while the {@link SrtSender} has room, muxed
 * into MPEG-TS ({@link TsMuxer}) and sent as payloads of seven 188-byte packets; the peer's ACKs and NAKs
 * handed to the sender; a KEEPALIVE after a second without sending, the peer idle timeout, and SHUTDOWN at the
 * end (srt.md 8.8). Every control packet carries the connection's clock, as its data does (srt.md 8.7: the
 * receiver's TSBPD and drift tracking read them together). When the publish ends, what is in flight is given
 * the latency to arrive before the SHUTDOWN. Runs on its owner's loop thread.
 */
final class SrtMediaSender implements SrtSender.Output {
  /** srt.md 1, 6: the live payload FFmpeg sends, seven TS packets. */
  static final int PAYLOAD_BYTES = 7 * 188;
  /** More items are pulled while fewer packets than this wait for their first transmission... */
  static final int PULL_BELOW_UNSENT = 64;
  /** ... and while the buffer has room for a large keyframe (about 1.3 MB). */
  static final int PULL_ROOM_PACKETS = 1024;

  /** The connection around it: the socket, the loop, the clock, and what happens at the end. */
  interface Owner {
    void send(byte[] datagram);

    Executor loop();

    /** The time of the event being handled, on the loop's monotonic clock, microseconds. */
    long now();

    /**
     * The connection ended; called once.
     *
     * @param streamEnded the stream it carried ended (the publish is over): a normal end
     */
    void closed(String reason, boolean streamEnded, SrtSenderStats stats);
  }

  private final Owner owner;
  private final SrtSender sender;
  private final MediaFeed feed;
  private final TsMuxer muxer = new TsMuxer();
  private final int peerSocketId;
  private final long epochUs;
  private final long latencyUs;
  private final long idleTimeoutUs;
  private long lastHeardUs;
  private long lastSentUs;
  private long drainUntilUs = Long.MAX_VALUE;
  private String ending;
  private boolean streamEnded;
  private boolean pulling;
  private boolean closed;
  private long unmuxable;
  private String unmuxableReason;

  /**
   * @param keys the session keys to encrypt with (the even one if present), or null for a clear connection
   * @param epochUs the connection's start: every packet's timestamp counts from it (srt.md 1.3)
   */
  SrtMediaSender(Owner owner, int initialSequence, int peerSocketId, long latencyUs, int flowWindow, int bufferPackets,
      SessionKeys keys, long epochUs, long idleTimeoutUs, MediaFeed feed) {
    this.owner = owner;
    this.peerSocketId = peerSocketId;
    this.epochUs = epochUs;
    this.latencyUs = latencyUs;
    this.idleTimeoutUs = idleTimeoutUs;
    this.feed = feed;
    KeyFlags key = keys == null ? KeyFlags.CLEAR : keys.has(KeyFlags.EVEN) ? KeyFlags.EVEN : KeyFlags.ODD;
    this.sender = new SrtSender(initialSequence, peerSocketId, latencyUs, flowWindow, bufferPackets,
        keys == null ? null : new PayloadCipher(keys), key, epochUs, this);
    this.lastHeardUs = epochUs;
    this.lastSentUs = epochUs;
  }

  /** Starts pulling the stream. */
  void start() {
    pullIfRoom();
  }

  void onPacket(SrtPacket packet, long nowUs) {
    if (closed) return;
    lastHeardUs = nowUs;
    if (!(packet instanceof ControlPacket control)) return; // a receiver sends no data; ignored
    ControlBody body = control.body();
    if (body instanceof Ack ack) {
      sender.onAck(ack, nowUs);
    } else if (body instanceof Nak nak) {
      sender.onNak(nak, nowUs);
    } else if (body instanceof ControlBody.Shutdown) {
      close("the peer disconnected", true);
      return;
    }
    // KEEPALIVE proves the peer is there; the rest is not for a sender (srt.md 3: ignore).
    pace(nowUs);
  }

  /** The 10 ms timers: sending, the peer idle timeout, the keepalive. */
  void tick(long nowUs) {
    if (closed) return;
    pace(nowUs);
    if (closed) return;
    if (nowUs - lastHeardUs >= idleTimeoutUs) {
      close("nothing from the peer for " + idleTimeoutUs / 1000 + " ms", false);
      return;
    }
    if (nowUs - lastSentUs >= SrtConnection.KEEPALIVE_US) sendControl(new ControlBody.KeepAlive());
  }

  /** Sends what pacing allows, ends a drain that is over, and asks for more media if there is room for it. */
  void pace(long nowUs) {
    if (closed) return;
    sender.tick(nowUs);
    if (ending != null && (sender.free() == sender.capacity() || nowUs >= drainUntilUs)) {
      close(ending, false); // everything arrived, or had its chance to
      return;
    }
    pullIfRoom();
  }

  /** When {@link #pace} has something to do: a paced packet, or the end of a drain. */
  long nextSendUs() {
    return closed ? Long.MAX_VALUE : Math.min(sender.nextSendUs(), drainUntilUs);
  }

  SrtSenderStats stats() {
    return sender.stats();
  }

  /**
   * Ends the connection: the feed is cancelled and, unless the peer closed it, the peer is told with SHUTDOWN
   * (twice: datagrams get lost).
   */
  void close(String reason, boolean byPeer) {
    if (closed) return;
    closed = true;
    feed.cancel();
    if (!byPeer) {
      sendControl(new ControlBody.Shutdown());
      sendControl(new ControlBody.Shutdown());
    }
    String muxing = unmuxable == 0 ? "" : "; " + unmuxable + " items not muxable into MPEG-TS (" + unmuxableReason + ")";
    owner.closed(reason + muxing, streamEnded, sender.stats());
  }

  // ---- the stream

  private void pullIfRoom() {
    if (closed || pulling || ending != null || sender.unsent() >= PULL_BELOW_UNSENT
        || sender.free() < Math.min(PULL_ROOM_PACKETS, sender.capacity() / 2)) {
      return;
    }
    pulling = true;
    feed.pull().whenComplete((item, failure) -> owner.loop().execute(() -> onItem(item, failure)));
  }

  private void onItem(Optional<MediaItem> item, Throwable failure) {
    pulling = false;
    if (closed) return;
    long nowUs = owner.now();
    if (failure != null || item.isEmpty()) {
      // The publish ended (or the hub failed): what is in flight gets the latency to arrive.
      ending = failure != null ? "the stream failed: " + failure.getMessage() : "the publisher ended";
      streamEnded = failure == null;
      drainUntilUs = nowUs + latencyUs;
      pace(nowUs);
      return;
    }
    byte[] ts;
    try {
      ts = muxer.write(item.get());
    } catch (TsFormatException e) {
      if (unmuxable++ == 0) unmuxableReason = e.getMessage();
      ts = new byte[0];
    }
    for (int at = 0; at < ts.length; at += PAYLOAD_BYTES) {
      sender.offer(Arrays.copyOfRange(ts, at, Math.min(ts.length, at + PAYLOAD_BYTES)), nowUs);
    }
    pace(nowUs);
  }

  // ---- SrtSender.Output

  @Override
  public void sendData(byte[] datagram) {
    lastSentUs = owner.now();
    owner.send(datagram);
  }

  @Override
  public void sendControl(ControlBody body) {
    long nowUs = owner.now();
    lastSentUs = nowUs;
    owner.send(new ControlPacket((int) (nowUs - epochUs), peerSocketId, body).encode());
  }
}
