package io.headwater.liveinput;

import io.headwater.CborSerializable;
import io.headwater.Secrets;

/**
 * The secrets of a live input, each 128 bits: broadcast (RTMPS key, SRT passphrase, WHIP path) and,
 * separately, pull playback. Handed-out forms are {@code <secret>k<uid>} as Cloudflare's, so a key alone
 * names its input. Rotated together by rotate_keys.
 */
public record Credentials(
    String rtmpsSecret,
    String srtSecret,
    String webRtcSecret,
    String rtmpsPlaybackSecret,
    String srtPlaybackSecret)
    implements CborSerializable {

  public static Credentials generate() {
    return new Credentials(
        Secrets.newHex128(), Secrets.newHex128(), Secrets.newHex128(), Secrets.newHex128(), Secrets.newHex128());
  }

  public String rtmpsStreamKey(String uid) {
    return rtmpsSecret + "k" + uid;
  }

  public String srtPassphrase(String uid) {
    return srtSecret + "k" + uid;
  }

  public String webRtcPath(String uid) {
    return webRtcSecret + "k" + uid;
  }

  public String rtmpsPlaybackStreamKey(String uid) {
    return rtmpsPlaybackSecret + "k" + uid;
  }

  public String srtPlaybackPassphrase(String uid) {
    return srtPlaybackSecret + "k" + uid;
  }

  /** Whether {@code candidate} is this input's RTMPS playback stream key, in constant time. */
  public boolean isRtmpsPlaybackStreamKey(String uid, String candidate) {
    return Secrets.constantTimeEquals(rtmpsPlaybackStreamKey(uid), candidate);
  }

  /** Whether {@code candidate} is this input's RTMPS stream key, in constant time. */
  public boolean isRtmpsStreamKey(String uid, String candidate) {
    return Secrets.constantTimeEquals(rtmpsStreamKey(uid), candidate);
  }
}
