package io.headwater.media.rtmp;

import io.headwater.liveinput.LiveInputException;
import io.headwater.liveinput.PublishAuthority;
import io.headwater.liveinput.PublishCredential;
import io.headwater.liveinput.PublishGrant;
import io.headwater.liveinput.PublisherControl;
import io.headwater.media.MediaItem;
import io.headwater.media.hub.StreamHub;
import io.headwater.media.hub.StreamHubs;
import io.headwater.media.hub.StreamProfile;
import io.headwater.media.ingest.ConnectionGate;
import io.headwater.media.ingest.SessionMdc;
import io.headwater.media.rtmp.codec.RtmpCodecException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.InHandler;
import org.apache.pekko.stream.stage.TimerGraphStageLogic;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RTMP(S) connection as a stream stage between the socket's bytes in and out. It owns the
 * connection's timers and limits, asks the {@link PublishAuthority} for the publish grant, feeds the
 * granted stream into a {@link StreamHub}, obeys kicks, and ends with exactly one log line
 * {@code closed: <reason>} carrying the live input id and remote address (never the key).
 */
final class RtmpSessionStage extends GraphStage<FlowShape<ByteString, ByteString>> {
  private static final Logger log = LoggerFactory.getLogger(RtmpSessionStage.class);
  private static final String HANDSHAKE_TIMER = "handshake";
  private static final String MEDIA_TIMER = "media";
  private static final String VIEWER_STALL_TIMER = "viewer-stall";
  /** Bytes waiting for a pull viewer's socket above which no more media is taken from the hub. */
  static final int VIEWER_HIGH_WATER_BYTES = 512 * 1024;
  /** A viewer whose socket takes too little to drain the high-water mark for this long is closed. */
  static final Duration VIEWER_STALL = Duration.ofSeconds(15);

  private final Inlet<ByteString> in = Inlet.create("RtmpSession.in");
  private final Outlet<ByteString> out = Outlet.create("RtmpSession.out");
  private final FlowShape<ByteString, ByteString> shape = FlowShape.of(in, out);

  private final RtmpSettings settings;
  private final PublishAuthority authority;
  private final StreamHubs hubs;
  private final ConnectionGate gate;
  private final InetSocketAddress remote;
  private final String protocol;

  RtmpSessionStage(RtmpSettings settings, PublishAuthority authority, StreamHubs hubs, ConnectionGate gate,
      InetSocketAddress remote, String protocol) {
    this.settings = settings;
    this.authority = authority;
    this.hubs = hubs;
    this.gate = gate;
    this.remote = remote;
    this.protocol = protocol;
  }

  @Override
  public FlowShape<ByteString, ByteString> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes attributes) {
    return new Logic();
  }

  private final class Logic extends TimerGraphStageLogic implements RtmpConnection.Effects {
    private final String ip = remote.getAddress() == null ? remote.getHostString() : remote.getAddress().getHostAddress();
    private final String remoteAddress = ip + ":" + remote.getPort();
    private final String sessionId = UUID.randomUUID().toString();
    private final ArrayDeque<ByteString> pending = new ArrayDeque<>();
    private final RtmpConnection connection;
    private boolean admitted;
    private boolean closing;
    private String closeReason;
    private String liveInputId;
    private StreamHub hub;
    private StageActor control;
    private long lastInputNanos;
    private AsyncCallback<Pair<PublishGrant, Throwable>> grantReply;
    private AsyncCallback<Pair<String, Throwable>> playReply;
    private SubSinkInlet<MediaItem> viewer;
    private long pendingBytes;

    Logic() {
      super(shape);
      connection = new RtmpConnection(this, settings.limits(), settings.outChunkSize(), new java.util.Random(new SplittableRandom().nextLong()));
      setHandler(in, new AbstractInHandler() {
        @Override
        public void onPush() {
          ByteString bytes = grab(in);
          if (closing) return;
          try {
            connection.receive(bytes.asByteBuffer());
          } catch (RtmpCodecException e) {
            close(e.getMessage());
          } catch (RuntimeException e) {
            // Anything else from a codec is a bug there, but still only this connection's problem.
            close("internal error: " + e);
          }
          // Noted, not rescheduled: a timer per read would allocate on the media path; onTimer re-arms.
          lastInputNanos = System.nanoTime();
          if (!closing && !hasBeenPulled(in)) pull(in);
        }

        @Override
        public void onUpstreamFinish() {
          finish(connection.publishing() ? "encoder disconnected" : "client disconnected");
        }

        @Override
        public void onUpstreamFailure(Throwable ex) {
          finish("connection failed: " + ex.getMessage());
        }
      });
      setHandler(out, new AbstractOutHandler() {
        @Override
        public void onPull() {
          flush();
        }

        @Override
        public void onDownstreamFinish(Throwable cause) {
          finish("client disconnected");
        }
      });
    }

    @Override
    public void preStart() {
      String refused = gate.admit(ip);
      if (refused != null) {
        logClosed(refused);
        completeStage();
        return;
      }
      admitted = true;
      grantReply = createAsyncCallback(this::onGrantReply);
      playReply = createAsyncCallback(this::onPlayReply);
      control = getStageActor(message -> {
        onControl(message._2());
        return scala.runtime.BoxedUnit.UNIT;
      });
      scheduleOnce(HANDSHAKE_TIMER, settings.handshakeTimeout());
      pull(in);
    }

    @Override
    public void onTimer(Object key) {
      if (HANDSHAKE_TIMER.equals(key)) close("handshake not finished within " + settings.handshakeTimeout().toMillis() + " ms");
      else if (MEDIA_TIMER.equals(key)) onMediaTimer();
      else if (VIEWER_STALL_TIMER.equals(key)) close("viewer stopped reading for " + VIEWER_STALL.toSeconds() + " s");
    }

    private void onMediaTimer() {
      if (viewer != null) return; // a pull viewer sends next to nothing; a stalled one is caught by its own timer
      if (!connection.publishing()) {
        close("no publish within " + settings.noMediaTimeout().toMillis() + " ms");
        return;
      }
      long idleNanos = System.nanoTime() - lastInputNanos;
      long allowedNanos = settings.idleTimeout().toNanos();
      if (idleNanos >= allowedNanos) close("no media for " + settings.idleTimeout().toMillis() + " ms");
      else scheduleOnce(MEDIA_TIMER, Duration.ofNanos(allowedNanos - idleNanos));
    }

    // ---- RtmpConnection.Effects

    @Override
    public void send(byte[] bytes) {
      pendingBytes += bytes.length;
      pending.addLast(ByteString.fromArrayUnsafe(bytes));
      flush();
    }

    @Override
    public void handshakeDone() {
      cancelTimer(HANDSHAKE_TIMER);
      scheduleOnce(MEDIA_TIMER, settings.noMediaTimeout());
    }

    @Override
    public void requestPublish(StreamKeys.Key key) {
      liveInputId = key.liveInputId();
      if (!gate.mayTryKey(ip)) {
        connection.publishRefused("NetStream.Publish.Denied", "too many attempts with a wrong key; try again later");
        close("refused: too many bad keys from this address");
        return;
      }
      authority.startPublish(liveInputId, new PublishCredential.StreamKey(key.streamKey()), sessionId, remoteAddress,
              protocol, Adapter.toTyped(control.ref()))
          .whenComplete((granted, failure) -> grantReply.invoke(Pair.create(granted == null ? null : granted.grant(), failure)));
    }

    @Override
    public void requestPlay(StreamKeys.Key key) {
      liveInputId = key.liveInputId();
      if (!gate.mayTryKey(ip)) {
        connection.playRefused("NetStream.Play.Failed", "too many attempts with a wrong key; try again later");
        close("refused: too many bad keys from this address");
        return;
      }
      authority.authorizePlayback(liveInputId, new PublishCredential.StreamKey(key.streamKey()))
          .whenComplete((granted, failure) -> playReply.invoke(Pair.create(granted == null ? null : granted.node(), failure)));
    }

    @Override
    public void malformedKey() {
      gate.recordBadKey(ip);
      connection.publishRefused("NetStream.Publish.BadName", LiveInputException.PublishRefused.INVALID_STREAM_KEY);
      close("refused: malformed stream key");
    }

    @Override
    public void media(MediaItem item) {
      if (hub != null) hub.publish(item);
    }

    @Override
    public void unpublished() {
      endPublish("encoder unpublished");
    }

    // ---- grant, kicks, closing

    private void onGrantReply(Pair<PublishGrant, Throwable> reply) {
      if (closing) {
        if (reply.first() != null) authority.endPublish(liveInputId, sessionId, "connection closed before the grant");
        return;
      }
      PublishGrant grant = reply.first();
      if (grant != null) {
        hub = hubs.open(liveInputId, new StreamProfile(
            sessionId, grant.lowLatency(), grant.reconnectWindow(), grant.resumesBroadcast()));
        connection.publishGranted();
        lastInputNanos = System.nanoTime();
        scheduleOnce(MEDIA_TIMER, settings.idleTimeout());
        log("publishing");
        return;
      }
      Throwable cause = reply.second() instanceof CompletionException && reply.second().getCause() != null
          ? reply.second().getCause() : reply.second();
      if (cause instanceof LiveInputException.PublishRefused refused) {
        if (LiveInputException.PublishRefused.INVALID_STREAM_KEY.equals(refused.getMessage())) gate.recordBadKey(ip);
        connection.publishRefused(LiveInputException.PublishRefused.DISABLED.equals(refused.getMessage())
                ? "NetStream.Publish.Denied" : "NetStream.Publish.BadName",
            refused.getMessage());
        close("refused: " + refused.getMessage());
      } else {
        connection.publishRefused("NetStream.Publish.Failed", "service unavailable, retry later");
        close("refused: grant failed: " + cause);
      }
    }

    /**
     * The live input's answer to a play. rotate_keys and delete need no second check: they end the publish,
     * and with it every viewer's stream.
     */
    private void onPlayReply(Pair<String, Throwable> reply) {
      if (closing) return;
      if (reply.first() != null) {
        startViewing();
        return;
      }
      Throwable cause = reply.second() instanceof CompletionException && reply.second().getCause() != null
          ? reply.second().getCause() : reply.second();
      if (cause instanceof LiveInputException.PublishRefused refused) {
        if ("invalid stream key".equals(refused.getMessage())) gate.recordBadKey(ip);
        connection.playRefused("NetStream.Play.StreamNotFound", refused.getMessage());
        close("refused: " + refused.getMessage());
      } else {
        connection.playRefused("NetStream.Play.Failed", "service unavailable, retry later");
        close("refused: playback check failed: " + cause);
      }
    }

    /** A hub consumer of its own, starting at the latest keyframe, dropping to the next when the viewer is slow. */
    private void startViewing() {
      StreamHub playing = hubs.find(liveInputId).orElse(null);
      if (playing == null) {
        // Cross-node pull playback arrives with the cluster.
        connection.playRefused("NetStream.Play.StreamNotFound", "live on another node; play from that node");
        close("refused: publisher on another node");
        return;
      }
      viewer = new SubSinkInlet<>("viewer");
      viewer.setHandler(new InHandler() {
        @Override
        public void onPush() {
          connection.play(viewer.grab());
          flush();
        }

        @Override
        public void onUpstreamFinish() {
          connection.playEnded();
          close("the publisher ended");
        }
      });
      playing.subscribe(StreamHub.PULL_VIEWER_PREFIX + "rtmp " + sessionId)
          .runWith(Sink.fromGraph(viewer.sink()), subFusingMaterializer());
      connection.playGranted();
      log("playing");
      flush();
    }

    private void pullViewer() {
      if (viewer == null || viewer.isClosed() || viewer.hasBeenPulled() || closing) return;
      if (pendingBytes < VIEWER_HIGH_WATER_BYTES) {
        viewer.pull();
        cancelTimer(VIEWER_STALL_TIMER);
      } else if (!isTimerActive(VIEWER_STALL_TIMER)) {
        scheduleOnce(VIEWER_STALL_TIMER, VIEWER_STALL);
      }
    }

    private void onControl(Object message) {
      if (message instanceof PublisherControl.Kick kick) close("kicked: " + kick.reason());
    }

    private void endPublish(String reason) {
      if (hub == null) return;
      hubs.close(hub, null);
      hub = null;
      authority.endPublish(liveInputId, sessionId, reason);
    }

    /** Ends the connection after what is queued for the client has been written. */
    private void close(String reason) {
      if (closing) return;
      closing = true;
      closeReason = reason;
      endPublish(reason);
      if (viewer != null && !viewer.isClosed()) viewer.cancel();
      cancel(in);
      flush();
    }

    /** The peer is gone: nothing more can be written. */
    private void finish(String reason) {
      if (closeReason == null) closeReason = reason;
      closing = true;
      endPublish(closeReason);
      completeStage();
    }

    private void flush() {
      while (!pending.isEmpty() && isAvailable(out)) {
        ByteString next = pending.pollFirst();
        pendingBytes -= next.size();
        push(out, next);
      }
      if (closing && pending.isEmpty()) completeStage();
      else pullViewer();
    }

    @Override
    public void postStop() {
      endPublish(closeReason == null ? "connection closed" : closeReason);
      if (admitted) {
        gate.release(ip);
        logClosed(closeReason == null ? "connection closed" : closeReason);
      }
    }

    private void log(String what) {
      withMdc(() -> log.info(what));
    }

    private void logClosed(String reason) {
      withMdc(() -> log.info("closed: {}", reason));
    }

    private void withMdc(Runnable r) {
      SessionMdc.run(liveInputId, remoteAddress, r);
    }
  }
}
