package io.headwater.media.transcode;

import io.headwater.media.MediaFrame;
import io.headwater.media.MediaItem;

/**
 * What {@link LagGate} hands the transcoder: an item of the source stream, or a video keyframe it dropped to
 * catch up ({@code skipped}), which the transcoder does not decode but marks in every rung with a keyframe at
 * its time, so segment boundaries keep matching the source's.
 */
record Work(MediaItem item, boolean skipped) {
  static Work of(MediaItem item) {
    return new Work(item, false);
  }

  static Work skippedKeyframe(MediaFrame keyframe) {
    return new Work(keyframe, true);
  }
}
