package io.headwater.media.transcode;

import io.headwater.media.transcode.TranscodeSettings.Rung;
import java.util.ArrayList;
import java.util.List;

/**
 * Which rungs of the ladder a source gets, and their picture sizes: the rungs whose height is strictly
 * below the source's shorter side, scaled so that side is the rung's height and the other keeps the
 * source's aspect ratio, rounded to even pixels (4:2:0 needs them).
 */
final class LadderPlan {
  /** One planned rung; {@code index} is its place in the configured ladder. */
  record Size(int index, int width, int height) {}

  private LadderPlan() {}

  /** The sizes of the rungs a {@code width}x{@code height} source gets, best first; empty when none is below it. */
  static List<Size> sizes(List<Rung> ladder, int width, int height) {
    List<Size> sizes = new ArrayList<>();
    int shortSide = Math.min(width, height);
    int longSide = Math.max(width, height);
    for (int i = 0; i < ladder.size(); i++) {
      int side = ladder.get(i).height();
      if (side >= shortSide) continue;
      int other = (int) Math.max(2, Math.round((double) longSide * side / shortSide / 2) * 2);
      sizes.add(height > width ? new Size(i, side, other) : new Size(i, other, side));
    }
    return sizes;
  }
}
