package io.headwater.media.hls.codec;

/**
 * A playlist text this parser refuses: a malformed known tag, a missing required tag, or a limit exceeded.
 * The message names the line and the tag ("line 7: EXT-X-PART: DURATION missing"). It never repeats a URI
 * from the text, since URIs can carry playback tokens. Its caller (a test, the cluster's origin fetch)
 * decides what a refused playlist means.
 */
public class PlaylistParseException extends Exception {
  public PlaylistParseException(String message) {
    super(message);
  }
}
