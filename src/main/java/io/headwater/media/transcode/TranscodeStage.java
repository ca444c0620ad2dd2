package io.headwater.media.transcode;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;

/**
 * Runs one publish's {@link Transcoder} inside the stream, on the transcode dispatcher: pulls the next piece of
 * work only when downstream wants rung items (backpressure within the branch), and closes the transcoder in
 * {@code postStop}, which runs on completion, failure and cancellation alike. A transcoder that fails is
 * reported through {@code failed} and ends its rungs normally: the source rendition never notices. A source
 * that gets no rung ends the stage at once, which detaches the branch from the hub.
 */
final class TranscodeStage extends GraphStage<FlowShape<Work, RungItem>> {
  private final Inlet<Work> in = Inlet.create("Transcode.in");
  private final Outlet<RungItem> out = Outlet.create("Transcode.out");
  private final FlowShape<Work, RungItem> shape = FlowShape.of(in, out);
  private final Supplier<Transcoder> transcoders;
  private final Consumer<String> failed;

  /** @param failed told once, with a reason fit for the status history, when transcoding stops early */
  TranscodeStage(Supplier<Transcoder> transcoders, Consumer<String> failed) {
    this.transcoders = transcoders;
    this.failed = failed;
  }

  @Override
  public FlowShape<Work, RungItem> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes inheritedAttributes) {
    return new GraphStageLogic(shape) {
      private Transcoder transcoder;

      {
        setHandler(in, new AbstractInHandler() {
          @Override
          public void onPush() {
            Work work = grab(in);
            List<RungItem> items = run(() -> transcoder.accept(work));
            if (items == null) return;
            if (transcoder.idle()) {
              emitMultiple(out, items.iterator(), () -> completeStage());
            } else if (items.isEmpty()) {
              pull(in);
            } else {
              emitMultiple(out, items.iterator());
            }
          }

          @Override
          public void onUpstreamFinish() {
            finish();
          }

          @Override
          public void onUpstreamFailure(Throwable ex) {
            // The publisher's stream broke: the rungs end as the source rendition does, with what they have.
            finish();
          }
        });
        setHandler(out, new AbstractOutHandler() {
          @Override
          public void onPull() {
            if (!hasBeenPulled(in) && !isClosed(in)) pull(in);
          }
        });
      }

      @Override
      public void preStart() {
        transcoder = transcoders.get();
      }

      @Override
      public void postStop() {
        if (transcoder != null) transcoder.close();
      }

      private void finish() {
        List<RungItem> items = run(transcoder::finish);
        if (items != null) emitMultiple(out, items.iterator(), () -> completeStage());
      }

      /** The transcoder's answer, or null after reporting its failure and ending the stage. */
      private List<RungItem> run(Supplier<List<RungItem>> step) {
        try {
          return step.get();
        } catch (TranscodeException e) {
          stop(e.getMessage());
        } catch (RuntimeException | LinkageError e) {
          stop("unexpected " + e);
        }
        return null;
      }

      private void stop(String reason) {
        failed.accept(reason);
        completeStage();
      }
    };
  }
}
