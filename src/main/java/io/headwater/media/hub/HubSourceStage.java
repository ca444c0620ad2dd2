package io.headwater.media.hub;

import io.headwater.media.MediaItem;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.SourceShape;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;

/**
 * The stream side of a {@link HubConsumer}: emits what the consumer's buffer holds as fast as downstream
 * pulls, and is woken by the publisher when the buffer goes from empty to non-empty. Cancelling it
 * detaches the consumer from the hub.
 */
final class HubSourceStage extends GraphStage<SourceShape<MediaItem>> {
  private final Outlet<MediaItem> out = Outlet.create("StreamHub.out");
  private final SourceShape<MediaItem> shape = SourceShape.of(out);
  private final StreamHub hub;
  private final HubConsumer consumer;

  HubSourceStage(StreamHub hub, HubConsumer consumer) {
    this.hub = hub;
    this.consumer = consumer;
  }

  @Override
  public SourceShape<MediaItem> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes inheritedAttributes) {
    return new GraphStageLogic(shape) {
      {
        setHandler(out, new AbstractOutHandler() {
          @Override
          public void onPull() {
            deliver();
          }

          @Override
          public void onDownstreamFinish(Throwable cause) {
            hub.detach(consumer);
            completeStage();
          }
        });
      }

      @Override
      public void preStart() {
        AsyncCallback<Object> wake = createAsyncCallback(ignored -> deliver());
        consumer.onWakeUp(() -> wake.invoke(Boolean.TRUE));
        hub.attach(consumer);
      }

      @Override
      public void postStop() {
        hub.detach(consumer);
      }

      private void deliver() {
        if (!isAvailable(out)) return;
        MediaItem item = consumer.poll();
        if (item != null) {
          push(out, item);
        } else if (consumer.isDrained()) {
          Throwable failure = consumer.failure();
          if (failure == null) completeStage();
          else failStage(failure);
        }
      }
    };
  }
}
