package io.headwater.media.transcode;

import io.headwater.media.MediaFrame;
import io.headwater.media.Timebase;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * Holds the source's audio frames (passed through unchanged into every rung) until the transcoded video
 * has caught up with them, so a rung interleaves its tracks by time as the source does and a segment of a
 * rung carries the same audio as the source's segment of that number. Audio flows on by itself when video
 * stops for longer than {@link #MAX_AHEAD} (a source that pauses its video), and is dropped before the
 * first transcoded picture, where no rung has begun.
 */
final class AudioInterleave {
  /** How far audio may run ahead of the last transcoded picture before it is released anyway. */
  static final long MAX_AHEAD = 5L * Timebase.TICKS_PER_SECOND;

  private final ArrayDeque<MediaFrame> pending = new ArrayDeque<>();
  private boolean videoStarted;

  /** An audio frame of the source, in arrival order. */
  void audio(MediaFrame frame, Consumer<MediaFrame> out) {
    pending.addLast(frame);
    long horizon = frame.dts() - MAX_AHEAD;
    while (!pending.isEmpty() && pending.peekFirst().dts() <= horizon) {
      MediaFrame old = pending.pollFirst();
      if (videoStarted) out.accept(old);
    }
  }

  /** A transcoded picture of decode time {@code dts} is about to go out: the audio before it goes first. */
  void beforeVideo(long dts, Consumer<MediaFrame> out) {
    while (!pending.isEmpty() && pending.peekFirst().dts() < dts) {
      MediaFrame frame = pending.pollFirst();
      if (videoStarted) out.accept(frame);
    }
    videoStarted = true;
  }

  /** The stream ended: what is held goes out (if any rung began). */
  void flush(Consumer<MediaFrame> out) {
    while (!pending.isEmpty()) {
      MediaFrame frame = pending.pollFirst();
      if (videoStarted) out.accept(frame);
    }
  }
}
