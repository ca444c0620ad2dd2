package io.headwater.media.hls;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One media segment a rendition holds: its fragments (one for standard HLS; its LL-HLS parts, the first
 * beginning with the styp) whose concatenation is the segment, and what its playlist entry says. Mutable
 * only by its {@link RenditionWindow}, under the window's lock.
 */
final class StoredSegment {
  final long msn;
  final Instant programDateTime;
  final boolean discontinuity;
  final int init;
  final List<byte[]> fragments = new ArrayList<>();
  final List<Double> fragmentDurations = new ArrayList<>();
  final List<Boolean> independent = new ArrayList<>();
  double duration;
  long bytes;
  int videoFrames;
  boolean complete;

  StoredSegment(long msn, Instant programDateTime, boolean discontinuity, int init) {
    this.msn = msn;
    this.programDateTime = programDateTime;
    this.discontinuity = discontinuity;
    this.init = init;
  }

  void add(byte[] fragment, double seconds, boolean startsWithKeyframe) {
    fragments.add(fragment);
    fragmentDurations.add(seconds);
    independent.add(startsWithKeyframe);
    bytes += fragment.length;
  }

  /** The segment's bytes as the list of its fragments, to be sent one after the other. */
  List<byte[]> content() {
    return List.copyOf(fragments);
  }
}
