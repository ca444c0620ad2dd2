package io.headwater.restream.push;

import io.headwater.media.MediaItem;
import io.headwater.media.rtmp.codec.RtmpCodecException;
import io.headwater.media.rtmp.codec.RtmpLimits;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FanInShape2;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.AbstractGraphStageWithMaterializedValue;
import org.apache.pekko.stream.stage.TimerGraphStageLogic;
import org.apache.pekko.util.ByteString;

/**
 * One RTMP(S) output connection: bytes from the destination in, the hub's media in, bytes to the
 * destination out, with {@link RtmpPublishClient} in between. Media is pulled only while publishing and
 * while less than a high-water mark waits for the socket, so a slow destination makes the hub drop to
 * the next keyframe for this output alone. Materializes a stage that completes when the hub ends and
 * fails, with a reason safe to show, on a refusal, a protocol error, a timeout or a lost connection.
 */
final class RtmpPushStage
    extends AbstractGraphStageWithMaterializedValue<FanInShape2<ByteString, MediaItem, ByteString>, CompletionStage<Done>> {
  /** Bytes waiting for the socket above which no more media is taken from the hub. */
  static final int HIGH_WATER_BYTES = 256 * 1024;
  private static final String PUBLISH_TIMER = "publish";
  private static final String STALL_TIMER = "stall";

  /** What the pusher learns while a connection runs. Called on the stage's thread. */
  interface Listener {
    void forwarding();

    void sent(long bytes);
  }

  private final FanInShape2<ByteString, MediaItem, ByteString> shape = new FanInShape2<>("RtmpPush");
  private final Inlet<ByteString> socketIn = shape.in0();
  private final Inlet<MediaItem> mediaIn = shape.in1();
  private final Outlet<ByteString> socketOut = shape.out();
  private final String app;
  private final String tcUrl;
  private final String streamKey;
  private final Duration publishTimeout;
  private final Duration stallTimeout;
  private final Listener listener;

  RtmpPushStage(String app, String tcUrl, String streamKey, Duration publishTimeout, Duration stallTimeout,
      Listener listener) {
    this.app = app;
    this.tcUrl = tcUrl;
    this.streamKey = streamKey;
    this.publishTimeout = publishTimeout;
    this.stallTimeout = stallTimeout;
    this.listener = listener;
  }

  @Override
  public FanInShape2<ByteString, MediaItem, ByteString> shape() {
    return shape;
  }

  @Override
  public Pair<GraphStageLogic, CompletionStage<Done>> createLogicAndMaterializedValuePair(Attributes attributes) {
    CompletableFuture<Done> done = new CompletableFuture<>();
    return Pair.create(new Logic(done), done);
  }

  private final class Logic extends TimerGraphStageLogic implements RtmpPublishClient.Effects {
    private final CompletableFuture<Done> done;
    private final ArrayDeque<ByteString> pending = new ArrayDeque<>();
    private final RtmpPublishClient client;
    private long pendingBytes;
    private long lastWriteNanos = System.nanoTime();

    Logic(CompletableFuture<Done> done) {
      super(shape);
      this.done = done;
      this.client = new RtmpPublishClient(this, app, tcUrl, streamKey, RtmpLimits.DEFAULTS, 4096, new Random());
      setHandler(socketIn, new AbstractInHandler() {
        @Override
        public void onPush() {
          try {
            client.receive(grab(socketIn).asByteBuffer());
          } catch (RtmpCodecException e) {
            fail(e.getMessage());
            return;
          }
          pull(socketIn);
        }

        @Override
        public void onUpstreamFinish() {
          fail("the destination closed the connection");
        }

        @Override
        public void onUpstreamFailure(Throwable ex) {
          fail("connection failed: " + ex.getMessage());
        }
      });
      setHandler(mediaIn, new AbstractInHandler() {
        @Override
        public void onPush() {
          client.media(grab(mediaIn));
          pullMediaIfRoom();
        }

        @Override
        public void onUpstreamFinish() {
          // The publish ended (or the output was stopped): finish writing what is queued, then stop.
          done.complete(Done.getInstance());
          if (pending.isEmpty()) completeStage();
        }
      });
      setHandler(socketOut, new AbstractOutHandler() {
        @Override
        public void onPull() {
          flush();
        }

        @Override
        public void onDownstreamFinish(Throwable cause) {
          fail("connection closed");
        }
      });
    }

    @Override
    public void preStart() {
      scheduleOnce(PUBLISH_TIMER, publishTimeout);
      pull(socketIn);
      client.start();
    }

    @Override
    public void onTimer(Object key) {
      if (PUBLISH_TIMER.equals(key)) fail("no NetStream.Publish.Start within " + publishTimeout.toSeconds() + " s");
      else if (STALL_TIMER.equals(key)) onStallTimer();
    }

    private void onStallTimer() {
      if (pending.isEmpty()) return;
      long stalledNanos = System.nanoTime() - lastWriteNanos;
      if (stalledNanos >= stallTimeout.toNanos()) fail("the destination stopped reading for " + stallTimeout.toSeconds() + " s");
      else scheduleOnce(STALL_TIMER, Duration.ofNanos(stallTimeout.toNanos() - stalledNanos));
    }

    @Override
    public void postStop() {
      done.completeExceptionally(new PushFailedException("connection stopped"));
    }

    // ---- RtmpPublishClient.Effects

    @Override
    public void send(byte[] bytes) {
      if (pending.isEmpty()) lastWriteNanos = System.nanoTime(); // a stall is counted from when bytes wait
      pending.addLast(ByteString.fromArrayUnsafe(bytes));
      pendingBytes += bytes.length;
      flush();
    }

    @Override
    public void publishing() {
      cancelTimer(PUBLISH_TIMER);
      listener.forwarding();
      pullMediaIfRoom();
    }

    private void flush() {
      boolean progressed = false;
      if (isAvailable(socketOut) && !pending.isEmpty()) {
        ByteString next = pending.pollFirst();
        pendingBytes -= next.size();
        push(socketOut, next);
        listener.sent(next.size());
        progressed = true;
      }
      if (pending.isEmpty()) {
        cancelTimer(STALL_TIMER);
        if (done.isDone() && isClosed(mediaIn)) {
          completeStage();
          return;
        }
      } else {
        // Noted, not rescheduled per write: onTimer re-arms from the last write, so only a destination
        // that takes nothing for the whole timeout counts as stalled.
        if (progressed) lastWriteNanos = System.nanoTime();
        if (!isTimerActive(STALL_TIMER)) scheduleOnce(STALL_TIMER, stallTimeout);
      }
      pullMediaIfRoom();
    }

    private void pullMediaIfRoom() {
      if (client.publishing() && pendingBytes < HIGH_WATER_BYTES && !hasBeenPulled(mediaIn) && !isClosed(mediaIn)) {
        pull(mediaIn);
      }
    }

    private void fail(String reason) {
      PushFailedException failure = new PushFailedException(reason);
      done.completeExceptionally(failure);
      failStage(failure);
    }
  }
}
