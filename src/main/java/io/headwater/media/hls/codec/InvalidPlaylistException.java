package io.headwater.media.hls.codec;

import java.util.List;

/**
 * The writer's refusal of a playlist model that would break a player or the spec: an EXTINF that rounds
 * above the target duration, a part longer than the part target, a URI that would break the text. It is a
 * bug in whoever built the model (the packager), so it is unchecked; {@link #violations()} lists each rule
 * broken, in the words {@link PlaylistChecker} uses.
 */
public class InvalidPlaylistException extends IllegalArgumentException {
  private final List<String> violations;

  public InvalidPlaylistException(List<String> violations) {
    super("refusing to write the playlist: " + String.join("; ", violations));
    this.violations = List.copyOf(violations);
  }

  public List<String> violations() {
    return violations;
  }
}
