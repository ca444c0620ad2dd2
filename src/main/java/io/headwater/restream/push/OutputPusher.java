package io.headwater.restream.push;

import io.headwater.restream.Destination;
import io.headwater.restream.DestinationPolicy;
import io.headwater.restream.RefusedDestinationException;
import io.headwater.liveinput.Output;
import io.headwater.liveinput.OutputStatus;
import io.headwater.media.MediaItem;
import io.headwater.media.hub.StreamHub;
import io.headwater.media.srt.SrtCallers;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.ClosedShape;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.TLSClosing;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.GraphDSL;
import org.apache.pekko.stream.javadsl.RunnableGraph;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes one live input's stream to one output for as long as the publish lasts: connect (the address
 * checked again by the {@link DestinationPolicy} at every attempt, so DNS rebinding gains nothing), publish,
 * forward; on any failure wait out the {@link Backoff} and connect again, forever, until stopped or the hub
 * ends. Each connection subscribes to the hub afresh, so it starts at a keyframe with the codec
 * configurations first; a destination that cannot keep up makes the hub drop frames for this output only.
 * Its {@link #status()} is what the API shows; the stream key appears in neither status nor logs.
 */
final class OutputPusher {
  private static final Logger log = LoggerFactory.getLogger(OutputPusher.class);

  private final ActorSystem<?> system;
  private final Materializer materializer;
  private final String liveInputId;
  private final Output output;
  private final Destination destination;
  private final StreamHub hub;
  private final DestinationPolicy policy;
  private final PushSettings settings;
  private final Clock clock;
  private final SrtCallers srt;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong bytesSent = new AtomicLong();
  private String state = OutputStatus.CONNECTING;
  private String lastError;
  private Instant since;
  private int attempts;
  private int failuresInARow;
  private long forwardingSinceNanos;
  private boolean stopped;
  private Runnable running;
  private Cancellable retry;

  OutputPusher(ActorSystem<?> system, String liveInputId, Output output, StreamHub hub, DestinationPolicy policy,
      PushSettings settings, Clock clock, SrtCallers srt) {
    this.system = system;
    this.materializer = Materializer.matFromSystem(system);
    this.liveInputId = liveInputId;
    this.output = output;
    this.destination = Destination.parse(output.url());
    this.hub = hub;
    this.policy = policy;
    this.settings = settings;
    this.clock = clock;
    this.srt = srt;
    this.since = clock.instant();
  }

  Output output() {
    return output;
  }

  synchronized void start() {
    connect();
  }

  /** Stops pushing now: the running connection ends and no retry follows. */
  synchronized void stop() {
    stopped = true;
    if (retry != null) retry.cancel();
    if (running != null) running.run();
    enter(OutputStatus.IDLE, lastError);
  }

  synchronized OutputStatus status() {
    return new OutputStatus(state, lastError, since, bytesSent.get(), Math.max(0, attempts - 1), dropped.get());
  }

  private void connect() {
    if (stopped) return;
    attempts++;
    enter(OutputStatus.CONNECTING, lastError);
    policy.checkAtConnect(destination).whenComplete((address, failure) -> {
      if (failure != null) {
        failed(messageOf(failure));
      } else {
        run(address);
      }
    });
  }

  private synchronized void run(InetSocketAddress address) {
    if (stopped) return;
    if (destination.scheme().equals("srt")) {
      runSrt(address);
      return;
    }
    SharedKillSwitch kill = KillSwitches.shared("output-" + output.uid());
    running = kill::shutdown;
    RtmpPushStage stage = new RtmpPushStage(app(), tcUrl(), output.streamKey(), settings.publishTimeout(),
        settings.stallTimeout(), new Progress());
    Source<MediaItem, ?> media = hub.subscribe("output " + output.uid(), settings.consumerBuffer(), dropped).via(kill.flow());
    Flow<ByteString, ByteString, ?> connection = connection(address);
    RunnableGraph<CompletionStage<Done>> graph = RunnableGraph.fromGraph(GraphDSL.create(stage, (b, push) -> {
      var socket = b.add(connection);
      b.from(b.add(media)).toInlet(push.in1());
      b.from(socket).toInlet(push.in0());
      b.from(push.out()).toInlet(socket.in());
      return ClosedShape.getInstance();
    }));
    graph.run(materializer).whenComplete(this::connectionEnded);
  }

  /**
   * SRT in caller mode ({@link SrtCallers}): the stream id and passphrase from the URL's query, or the
   * streamKey as the stream id; the hub subscribed once the handshake is done.
   */
  private void runSrt(InetSocketAddress address) {
    SrtOutputOptions options;
    try {
      options = SrtOutputOptions.of(destination, output.streamKey());
    } catch (PushFailedException e) {
      stopped = true; // the URL will not get better by retrying
      enter(OutputStatus.ERROR, e.getMessage());
      return;
    }
    SrtCallers.Call call = srt.push(new SrtCallers.Target(address, options.streamId(), options.passphrase(),
        options.keyLength(), "output " + output.uid() + " of " + liveInputId),
        hub.subscribe("output " + output.uid(), settings.consumerBuffer(), dropped), new Progress());
    running = call::stop;
    call.done().whenComplete(this::connectionEnded);
  }

  private void connectionEnded(Done done, Throwable failure) {
    if (failure == null) ended();
    else failed(messageOf(failure));
  }

  private Flow<ByteString, ByteString, ?> connection(InetSocketAddress address) {
    var timeout = Optional.of(settings.connectTimeout());
    if (!destination.scheme().equals("rtmps")) {
      return Tcp.get(system).outgoingConnection(address, Optional.empty(), List.of(), true, timeout, Optional.empty());
    }
    return Tcp.get(system).outgoingConnectionWithTls(address, this::tlsEngine, Optional.empty(), List.of(), timeout,
        Optional.empty(), session -> Optional.empty(), TLSClosing.eagerClose());
  }

  /** TLS to the destination's name (SNI), its certificate checked against that name unless the operator relaxed it. */
  private SSLEngine tlsEngine() {
    SSLEngine engine = settings.tlsContext().createSSLEngine(destination.host(), destination.port());
    engine.setUseClientMode(true);
    if (settings.verifyTls()) {
      SSLParameters params = engine.getSSLParameters();
      params.setEndpointIdentificationAlgorithm("HTTPS");
      engine.setSSLParameters(params);
    }
    return engine;
  }

  /** What a connection of either protocol reports. */
  private final class Progress implements RtmpPushStage.Listener, SrtCallers.Listener {
    @Override
    public void forwarding() {
      onForwarding();
    }

    @Override
    public void sent(long bytes) {
      bytesSent.addAndGet(bytes);
    }
  }

  private synchronized void onForwarding() {
    forwardingSinceNanos = System.nanoTime();
    enter(OutputStatus.FORWARDING, lastError);
    log.info("live input {}: output {} forwarding to {}", liveInputId, output.uid(), destination);
  }

  /** The hub ended: the publish is over, nothing to retry. */
  private synchronized void ended() {
    running = null;
    enter(OutputStatus.IDLE, lastError);
  }

  private synchronized void failed(String reason) {
    running = null;
    if (stopped) return;
    // The backoff starts over only after a connection that forwarded for a while: a destination that
    // accepts and then drops every publish (a key already live elsewhere) is not retried every second.
    if (forwardingSinceNanos != 0 && System.nanoTime() - forwardingSinceNanos >= settings.backoff().max().toNanos()) {
      failuresInARow = 0;
    }
    forwardingSinceNanos = 0;
    lastError = reason;
    enter(OutputStatus.ERROR, reason);
    var delay = settings.backoff().delay(failuresInARow++, ThreadLocalRandom.current()::nextDouble);
    log.info("live input {}: output {} to {} failed ({}); retrying in {} ms", liveInputId, output.uid(), destination,
        reason, delay.toMillis());
    retry = system.scheduler().scheduleOnce(delay, this::reconnect, system.executionContext());
  }

  private synchronized void reconnect() {
    retry = null;
    connect();
  }

  private void enter(String next, String error) {
    if (!next.equals(state)) since = clock.instant();
    state = next;
    lastError = error;
  }

  /** RTMP app: the URL path without its leading '/', and its query (some services put tokens there). */
  private String app() {
    String path = destination.path() == null ? "" : destination.path();
    String app = path.startsWith("/") ? path.substring(1) : path;
    if (app.endsWith("/")) app = app.substring(0, app.length() - 1);
    return destination.query() == null ? app : app + "?" + destination.query();
  }

  private String tcUrl() {
    return destination.scheme() + "://" + destination.host() + ":" + destination.port() + "/" + app();
  }

  private String messageOf(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    String message = cause instanceof PushFailedException || cause instanceof RefusedDestinationException
        || cause instanceof SrtCallers.Failed ? cause.getMessage() : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    return message == null ? "failed" : Redaction.of(message, output.streamKey(), output.url());
  }
}
