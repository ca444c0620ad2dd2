package io.headwater.liveinput;

import io.headwater.CborSerializable;
import java.util.List;

/**
 * A live input's recording and playback policy (Cloudflare's `recording` object).
 *
 * @param timeoutSeconds how long a publisher may be gone before the broadcast ends; null = the
 *     platform default (Cloudflare echoes a written 0 as null, and so do we)
 * @param allowedOrigins origins allowed to play; null = unset (any origin)
 */
public record Recording(
    RecordingMode mode,
    Integer timeoutSeconds,
    boolean requireSignedURLs,
    List<String> allowedOrigins,
    boolean hideLiveViewerCount)
    implements CborSerializable {

  public static final Recording DEFAULT = new Recording(RecordingMode.OFF, null, false, null, false);

  public Recording {
    allowedOrigins = allowedOrigins == null ? null : List.copyOf(allowedOrigins);
  }

  /** This policy with every field the patch names replaced (PUT merges per sub-field). */
  public Recording merge(Patch patch) {
    return new Recording(
        patch.mode() != null ? patch.mode() : mode,
        patch.timeoutSeconds() != null ? normalizeTimeout(patch.timeoutSeconds()) : timeoutSeconds,
        patch.requireSignedURLs() != null ? patch.requireSignedURLs() : requireSignedURLs,
        patch.allowedOrigins() != null ? patch.allowedOrigins().orElseNull() : allowedOrigins,
        patch.hideLiveViewerCount() != null ? patch.hideLiveViewerCount() : hideLiveViewerCount);
  }

  static Integer normalizeTimeout(int seconds) {
    return seconds == 0 ? null : seconds;
  }

  /** The sub-fields a request named; null means "not named", {@link Nullable#NULL} means "set to null". */
  public record Patch(
      RecordingMode mode,
      Integer timeoutSeconds,
      Boolean requireSignedURLs,
      Nullable<List<String>> allowedOrigins,
      Boolean hideLiveViewerCount)
      implements CborSerializable {
    public static final Patch NONE = new Patch(null, null, null, null, null);
  }
}
