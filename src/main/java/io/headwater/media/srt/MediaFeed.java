package io.headwater.media.srt;

import io.headwater.media.MediaItem;
import io.headwater.media.hub.StreamHub;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.SinkQueueWithCancel;
import org.apache.pekko.stream.javadsl.Source;

/**
 * A hub subscription read one item at a time, when the reader asks: an SRT sending connection pulls only
 * while its send buffer has room, so a slow receiver makes the hub's bounded queue drop to the next
 * keyframe for it alone. Starts, as every hub consumer, at the latest keyframe with the configurations.
 */
interface MediaFeed {
  /** The next item; empty once the publish ended. One pull at a time. */
  CompletionStage<Optional<MediaItem>> pull();

  /** Detaches from the hub. */
  void cancel();

  /** Opens feeds. */
  @FunctionalInterface
  interface Opener {
    MediaFeed open(StreamHub hub, String consumerName);
  }

  /** Subscriptions run on {@code materializer}, holding no more than one item outside the hub's queue. */
  static Opener on(Materializer materializer) {
    return (hub, name) -> of(hub.subscribe(name), materializer);
  }

  /** Runs {@code media} (a hub subscription) on {@code materializer}, one item outside its queue at most. */
  static MediaFeed of(Source<MediaItem, ?> media, Materializer materializer) {
    SinkQueueWithCancel<MediaItem> queue = media
        .runWith(Sink.<MediaItem>queue().withAttributes(Attributes.inputBuffer(1, 1)), materializer);
    return new MediaFeed() {
      @Override
      public CompletionStage<Optional<MediaItem>> pull() {
        return queue.pull();
      }

      @Override
      public void cancel() {
        queue.cancel();
      }
    };
  }
}
