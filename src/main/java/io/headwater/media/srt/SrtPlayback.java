package io.headwater.media.srt;

import io.headwater.media.srt.codec.SrtPacket;
import java.util.concurrent.Executor;

/**
 * One SRT pull viewer (Cloudflare's srtPlayback) accepted by the listener: an {@link SrtMediaSender} carrying
 * the input's hub, as MPEG-TS, to the caller. It counts in {@code /views} for as long as its hub
 * subscription lasts, and ends when the publish ends (disable, delete and rotate_keys end it), on the
 * caller's SHUTDOWN, its silence, or the node's shutdown; {@link SrtListener#playbackClosed} then releases
 * it. Runs on the listener's loop thread.
 */
final class SrtPlayback implements SrtSession, SrtMediaSender.Owner {
  private final SrtListener listener;
  private final int socketId;
  private final SrtListener.PeerKey key;
  private final String liveInputId;
  private final String remoteAddress;
  private final byte[] conclusionResponse;
  private SrtMediaSender media;

  SrtPlayback(SrtListener listener, int socketId, SrtListener.PeerKey key, String liveInputId, String remoteAddress,
      byte[] conclusionResponse) {
    this.listener = listener;
    this.socketId = socketId;
    this.key = key;
    this.liveInputId = liveInputId;
    this.remoteAddress = remoteAddress;
    this.conclusionResponse = conclusionResponse;
  }

  /** Starts sending with {@code media}, made with this playback as its owner. */
  void start(SrtMediaSender media) {
    this.media = media;
    media.start();
  }

  String liveInputId() {
    return liveInputId;
  }

  String remoteAddress() {
    return remoteAddress;
  }

  // ---- SrtSession

  @Override
  public int socketId() {
    return socketId;
  }

  @Override
  public SrtListener.PeerKey key() {
    return key;
  }

  @Override
  public void onPacket(SrtPacket packet, long nowUs) {
    media.onPacket(packet, nowUs);
  }

  @Override
  public void malformed() {
    // Counted by nobody: a viewer's only packets are ACKs, NAKs and keepalives.
  }

  @Override
  public void tick(long nowUs) {
    media.tick(nowUs);
  }

  @Override
  public long nextSendUs() {
    return media.nextSendUs();
  }

  @Override
  public void pace(long nowUs) {
    media.pace(nowUs);
  }

  @Override
  public void resendConclusionResponse() {
    listener.sendRaw(conclusionResponse, key.address());
  }

  @Override
  public void close(String reason, boolean byPeer) {
    media.close(reason, byPeer);
  }

  // ---- SrtMediaSender.Owner

  @Override
  public void send(byte[] datagram) {
    listener.sendRaw(datagram, key.address());
  }

  @Override
  public Executor loop() {
    return listener.loop();
  }

  @Override
  public long now() {
    return listener.now();
  }

  @Override
  public void closed(String reason, boolean streamEnded, SrtSenderStats stats) {
    listener.playbackClosed(this, reason, stats);
  }
}
