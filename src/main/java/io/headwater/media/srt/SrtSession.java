package io.headwater.media.srt;

import io.headwater.media.srt.codec.SrtPacket;
import java.net.InetSocketAddress;

/**
 * One accepted connection as the listener's loop serves it, whichever way the media flows: a publish
 * ({@link SrtConnection}) or a pull viewer ({@link SrtPlayback}). Called on the loop thread only.
 */
interface SrtSession {
  int socketId();

  SrtListener.PeerKey key();

  default InetSocketAddress peer() {
    return key().address();
  }

  /** A packet for this socket id from the peer's address. */
  void onPacket(SrtPacket packet, long nowUs);

  /** A datagram for this socket id that did not decode. */
  void malformed();

  /** The 10 ms timers. */
  void tick(long nowUs);

  /** When the session next has packets to send, paced; {@code Long.MAX_VALUE} for none. */
  default long nextSendUs() {
    return Long.MAX_VALUE;
  }

  /** Sends what pacing allows by now. */
  default void pace(long nowUs) {}

  /** srt.md 4.2: the same answer to a repeated conclusion. */
  void resendConclusionResponse();

  /** Ends the connection; {@code byPeer}: the peer said SHUTDOWN, so nothing is sent back. */
  void close(String reason, boolean byPeer);
}
