package io.headwater.media.transcode;

import io.headwater.media.MediaFrame;
import io.headwater.media.MediaItem;
import io.headwater.media.MediaKind;
import java.util.ArrayDeque;
import java.util.function.LongConsumer;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;

/**
 * The transcode branch's buffer in front of the transcoder: always takes what the hub has (so the hub never
 * needs to drop for the transcoder), and hands it on as fast as the transcoder pulls. When the video it holds
 * spans more than the allowed lag, the transcoder cannot keep real time: video is dropped up to the next
 * keyframe within the lag (audio and configurations are kept), every dropped frame is counted, and each
 * dropped keyframe is handed on as a {@link Work#skipped() skipped} mark so the rungs keep the source's
 * segment boundaries. The first keyframe is never dropped, so every rung starts where the source starts.
 * Memory is bounded by the lag, and by {@code maxItems} for a transcoder that stalls outright.
 */
final class LagGate extends GraphStage<FlowShape<MediaItem, Work>> {
  private final Inlet<MediaItem> in = Inlet.create("LagGate.in");
  private final Outlet<Work> out = Outlet.create("LagGate.out");
  private final FlowShape<MediaItem, Work> shape = FlowShape.of(in, out);
  private final long maxLag;
  private final int maxItems;
  private final LongConsumer dropped;

  /**
   * @param maxLag ticks (90 kHz) of video the gate may hold before it drops
   * @param dropped told how many frames each drop discarded
   */
  LagGate(long maxLag, int maxItems, LongConsumer dropped) {
    this.maxLag = maxLag;
    this.maxItems = maxItems;
    this.dropped = dropped;
  }

  @Override
  public FlowShape<MediaItem, Work> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes inheritedAttributes) {
    return new GraphStageLogic(shape) {
      private final ArrayDeque<Work> queue = new ArrayDeque<>();
      private boolean skipping;
      private boolean keyframeDelivered;
      private long newestVideo;

      {
        setHandler(in, new AbstractInHandler() {
          @Override
          public void onPush() {
            add(grab(in));
            pull(in);
            deliver();
          }

          @Override
          public void onUpstreamFinish() {
            if (queue.isEmpty()) completeStage();
          }
        });
        setHandler(out, new AbstractOutHandler() {
          @Override
          public void onPull() {
            deliver();
          }
        });
      }

      @Override
      public void preStart() {
        pull(in);
      }

      private void deliver() {
        if (isAvailable(out) && !queue.isEmpty()) {
          Work w = queue.pollFirst();
          if (!w.skipped() && isVideo(w) && ((MediaFrame) w.item()).keyframe() && !keyframeDelivered) {
            keyframeDelivered = true;
            trim(); // what arrived in a burst before the first keyframe went on may be late already
          }
          push(out, w);
        }
        if (queue.isEmpty() && isClosed(in)) completeStage();
      }

      private void add(MediaItem item) {
        if (item instanceof MediaFrame f && f.kind() == MediaKind.VIDEO) {
          if (skipping && !f.keyframe()) {
            dropped.accept(1);
            return;
          }
          skipping = false;
          queue.addLast(Work.of(f));
          newestVideo = f.dts();
          trim();
        } else {
          queue.addLast(Work.of(item));
        }
        if (queue.size() > maxItems) {
          if (keyframeDelivered) dropVideo(true);
          while (queue.size() > maxItems && dropOldestFrame()) {
            dropped.accept(1);
          }
        }
      }

      /** Once the first keyframe went on: drops video if what is queued spans more than the lag. */
      private void trim() {
        MediaFrame oldest = oldestVideo();
        if (keyframeDelivered && oldest != null && newestVideo - oldest.dts() > maxLag) dropVideo(false);
      }

      /**
       * Drops queued video before the first keyframe within the lag ({@code all}: before the newest queued
       * keyframe); with no such keyframe, all queued video and what comes until the next keyframe.
       */
      private void dropVideo(boolean all) {
        MediaFrame target = null;
        for (Work w : queue) {
          if (w.skipped() || !isVideo(w) || !((MediaFrame) w.item()).keyframe()) continue;
          MediaFrame k = (MediaFrame) w.item();
          if (all) target = k;
          else if (newestVideo - k.dts() <= maxLag) {
            target = k;
            break;
          }
        }
        if (target == null) skipping = true;
        ArrayDeque<Work> kept = new ArrayDeque<>(queue.size());
        long count = 0;
        boolean before = true;
        for (Work w : queue) {
          if (w.item() == target) before = false;
          if (before && !w.skipped() && isVideo(w)) {
            count++;
            MediaFrame f = (MediaFrame) w.item();
            if (f.keyframe()) kept.addLast(Work.skippedKeyframe(f));
          } else {
            kept.addLast(w);
          }
        }
        queue.clear();
        queue.addAll(kept);
        if (count > 0) dropped.accept(count);
      }

      /**
       * Drops the oldest queued audio frame or mark, else the oldest video frame (configurations stay); false
       * when there is none.
       */
      private boolean dropOldestFrame() {
        for (var it = queue.iterator(); it.hasNext(); ) {
          Work w = it.next();
          if (w.item() instanceof MediaFrame && (w.skipped() || !isVideo(w))) {
            it.remove();
            return true;
          }
        }
        boolean keepFirstKeyframe = !keyframeDelivered;
        for (var it = queue.iterator(); it.hasNext(); ) {
          Work w = it.next();
          if (!(w.item() instanceof MediaFrame f)) continue;
          if (keepFirstKeyframe && f.keyframe()) {
            keepFirstKeyframe = false;
            continue;
          }
          it.remove();
          return true;
        }
        return false;
      }

      private MediaFrame oldestVideo() {
        for (Work w : queue) if (!w.skipped() && isVideo(w)) return (MediaFrame) w.item();
        return null;
      }
    };
  }

  private static boolean isVideo(Work w) {
    return w.item() instanceof MediaFrame f && f.kind() == MediaKind.VIDEO;
  }
}
