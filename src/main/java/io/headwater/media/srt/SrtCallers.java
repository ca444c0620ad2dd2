package io.headwater.media.srt;

import io.headwater.media.MediaItem;
import io.headwater.media.srt.codec.ControlPacket;
import io.headwater.media.srt.codec.Handshake;
import io.headwater.media.srt.codec.SrtCodecException;
import io.headwater.media.srt.codec.SrtPacket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import org.apache.pekko.Done;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's SRT connections in caller mode, the push side of SRT outputs: one loop thread and one selector
 * serve a connected UDP socket per connection. Each runs the caller handshake ({@link SrtCaller}), then
 * carries a hub subscription as MPEG-TS through an {@link SrtMediaSender} until the stream ends (a normal end)
 * or something fails (the destination refuses, goes silent, closes, or is unreachable), which completes its
 * stage with a {@link Failed} whose message is safe to show. The restreamer's pushers supervise and retry.
 */
public final class SrtCallers {
  private static final Logger log = LoggerFactory.getLogger(SrtCallers.class);
  private static final int READS_PER_TURN = 64;

  /**
   * Where and how to connect.
   *
   * @param streamId the SID, or null for none
   * @param passphrase null for an unencrypted connection; never logged
   * @param keyLength 16, 24 or 32 (pbkeylen)
   * @param label names the connection in logs (never a secret)
   */
  public record Target(InetSocketAddress address, String streamId, String passphrase, int keyLength, String label) {
    @Override
    public String toString() {
      return "Target[" + label + " to " + address + "]";
    }
  }

  /** What the pusher learns while a connection runs; called on the loop thread. */
  public interface Listener {
    /** The handshake is done; media flows. */
    void forwarding();

    void sent(long bytes);
  }

  /** A connection's end other than the end of the stream; the message is safe to show. */
  public static final class Failed extends RuntimeException {
    public Failed(String message) {
      super(message, null, false, false);
    }
  }

  /** One running connection. */
  public interface Call {
    /** Completes when the stream ended, fails with {@link Failed} otherwise. */
    CompletionStage<Done> done();

    /** Ends the connection with a SHUTDOWN; {@link #done()} completes normally. */
    void stop();
  }

  private final Materializer materializer;
  private final Duration connectTimeout;
  private final long idleTimeoutUs;
  private final int latencyMs;
  private final Selector selector;
  private final SecureRandom random = new SecureRandom();
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final List<Connection> connections = new ArrayList<>();
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private final Thread thread;
  private volatile boolean stopping;
  private long nowUs = nowUs();

  private SrtCallers(Materializer materializer, Duration connectTimeout, Duration peerIdleTimeout, Duration latency)
      throws IOException {
    this.materializer = materializer;
    this.latencyMs = (int) latency.toMillis();
    this.connectTimeout = connectTimeout;
    this.idleTimeoutUs = peerIdleTimeout.toNanos() / 1000;
    this.selector = Selector.open();
    this.thread = new Thread(this::run, "srt-callers");
    thread.setDaemon(true);
  }

  /**
   * Starts the loop.
   *
   * @param connectTimeout how long a handshake may take
   * @param peerIdleTimeout a connection that hears nothing from its destination this long fails (srt.md 8.8)
   * @param latency the latency asked of destinations for our media (HSREQ); a destination may answer more
   */
  public static SrtCallers start(Materializer materializer, Duration connectTimeout, Duration peerIdleTimeout,
      Duration latency) {
    try {
      SrtCallers callers = new SrtCallers(materializer, connectTimeout, peerIdleTimeout, latency);
      callers.thread.start();
      return callers;
    } catch (IOException e) {
      throw new UncheckedIOException("no selector for SRT outputs", e);
    }
  }

  /**
   * Connects to {@code target} and, once the handshake is done, sends {@code media} (materialized then, so
   * it starts at the latest keyframe) until it completes.
   */
  public Call push(Target target, Source<MediaItem, ?> media, Listener listener) {
    Connection c = new Connection(target, media, listener);
    post(() -> c.open());
    return c;
  }

  /** Ends every connection with a SHUTDOWN and stops the loop. */
  public CompletionStage<Void> stop() {
    post(() -> stopping = true);
    return stopped;
  }

  private void post(Runnable task) {
    tasks.add(task);
    selector.wakeup();
  }

  private void run() {
    ByteBuffer buffer = ByteBuffer.allocate(SrtListener.MAX_DATAGRAM + 1);
    long nextTick = nowUs() + SrtServer.TICK_US;
    try {
      while (!stopping) {
        long wake = nextTick;
        for (Connection c : connections) wake = Math.min(wake, c.nextSendUs());
        selector.select(Math.max(1, (wake - nowUs() + 999) / 1000));
        nowUs = nowUs();
        for (SelectionKey key : selector.selectedKeys()) guarded((Connection) key.attachment(), c -> c.read(buffer));
        selector.selectedKeys().clear();
        for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
          nowUs = nowUs();
          task.run();
        }
        nowUs = nowUs();
        for (Connection c : new ArrayList<>(connections)) {
          if (c.nextSendUs() <= nowUs) guarded(c, x -> x.pace());
        }
        if (nowUs >= nextTick) {
          for (Connection c : new ArrayList<>(connections)) guarded(c, Connection::tick);
          nextTick = Math.max(nextTick + SrtServer.TICK_US, nowUs + SrtServer.TICK_US / 2);
        }
      }
    } catch (IOException | RuntimeException e) {
      log.error("SRT output loop failed; SRT outputs on this node are down", e);
    } finally {
      nowUs = nowUs();
      for (Connection c : new ArrayList<>(connections)) c.end("node shutting down", false);
      try {
        selector.close();
      } catch (IOException e) {
        log.debug("closing the SRT output selector: {}", e.toString());
      }
      stopped.complete(null);
    }
  }

  private interface Step {
    void run(Connection c) throws IOException;
  }

  /** A failure in one connection ends that connection only. */
  private static void guarded(Connection c, Step step) {
    try {
      step.run(c);
    } catch (PortUnreachableException e) {
      c.end("nothing listens on the destination's UDP port (ICMP port unreachable)", false);
    } catch (IOException e) {
      c.end("network error: " + e.getMessage(), false);
    } catch (RuntimeException e) {
      log.error("SRT output {} failed", c.target, e);
      c.end("internal error: " + e, false);
    }
  }

  private static long nowUs() {
    return System.nanoTime() / 1000;
  }

  /** One output connection: the handshake, then the media sender. Touched on the loop thread only. */
  private final class Connection implements Call, SrtCaller.Output, SrtMediaSender.Owner {
    final Target target;
    final Source<MediaItem, ?> media;
    final Listener listener;
    final CompletableFuture<Done> done = new CompletableFuture<>();
    DatagramChannel channel;
    SrtCaller caller;
    SrtMediaSender sender;
    long epochUs;
    boolean ended;

    Connection(Target target, Source<MediaItem, ?> media, Listener listener) {
      this.target = target;
      this.media = media;
      this.listener = listener;
    }

    @Override
    public CompletionStage<Done> done() {
      return done;
    }

    @Override
    public void stop() {
      post(() -> end("stopped", true));
    }

    void open() {
      if (stopping) {
        done.completeExceptionally(new Failed("node shutting down"));
        return;
      }
      try {
        channel = DatagramChannel.open();
        channel.configureBlocking(false);
        channel.connect(target.address());
        channel.register(selector, SelectionKey.OP_READ, this);
      } catch (IOException e) {
        close();
        done.completeExceptionally(new Failed("cannot open a UDP socket to the destination: " + e.getMessage()));
        return;
      }
      connections.add(this);
      epochUs = nowUs;
      caller = new SrtCaller(random, target.streamId(), target.passphrase(), target.keyLength(),
          latencyMs, target.address().getAddress(), nowUs, connectTimeout.toNanos() / 1000, this);
      caller.start(nowUs);
    }

    void read(ByteBuffer buffer) throws IOException {
      for (int i = 0; i < READS_PER_TURN && !ended; i++) {
        buffer.clear();
        int length = channel.read(buffer);
        if (length <= 0) return;
        if (length > SrtListener.MAX_DATAGRAM || length < SrtPacket.HEADER_SIZE) continue;
        SrtPacket packet;
        try {
          packet = SrtPacket.decode(buffer.array(), 0, length);
        } catch (SrtCodecException e) {
          continue; // malformed: dropped, as the listener does
        }
        if (packet.destinationSocketId() != caller.socketId()) continue;
        if (sender != null) {
          sender.onPacket(packet, nowUs);
        } else if (packet instanceof ControlPacket control && control.body() instanceof Handshake hs) {
          caller.onHandshake(hs, nowUs);
        }
      }
    }

    long nextSendUs() {
      return sender == null ? Long.MAX_VALUE : sender.nextSendUs();
    }

    void pace() {
      if (sender != null) sender.pace(nowUs);
    }

    void tick() {
      if (sender != null) sender.tick(nowUs);
      else caller.tick(nowUs);
    }

    /** Ends the connection; {@code normally}: the pusher is told the stream ended, not that it failed. */
    void end(String reason, boolean normally) {
      if (ended) return;
      if (sender != null) {
        sender.close(reason, false); // closed() follows
        return;
      }
      finish(reason, normally, null);
    }

    private void finish(String reason, boolean normally, SrtSenderStats stats) {
      if (ended) return;
      ended = true;
      connections.remove(this);
      close();
      log.info("SRT output {} to {}: closed: {}{}", target.label(), target.address(), reason,
          stats == null ? "" : "; " + stats.summary());
      if (normally) done.complete(Done.getInstance());
      else done.completeExceptionally(new Failed(reason));
    }

    private void close() {
      if (channel == null) return;
      try {
        channel.close();
      } catch (IOException e) {
        log.debug("closing an SRT output socket: {}", e.toString());
      }
    }

    // ---- SrtCaller.Output

    @Override
    public void send(Handshake handshake) {
      send(new ControlPacket((int) (nowUs - epochUs), 0, handshake).encode());
    }

    @Override
    public void connected(SrtCaller.Connection c) {
      sender = new SrtMediaSender(this, c.initialSequence(), c.peerSocketId(), c.latencyUs(), c.flowWindow(),
          SrtSender.DEFAULT_CAPACITY, c.keys(), epochUs, idleTimeoutUs, MediaFeed.of(media, materializer));
      log.info("SRT output {} to {}: connected (socket 0x{}, latency {} ms{})", target.label(), target.address(),
          Integer.toHexString(c.peerSocketId()), c.latencyUs() / 1000,
          c.keys() == null ? ", unencrypted" : ", AES-" + target.keyLength() * 8);
      listener.forwarding();
      sender.start();
    }

    @Override
    public void failed(String reason) {
      finish(reason, false, null);
    }

    // ---- SrtMediaSender.Owner

    @Override
    public void send(byte[] datagram) {
      if (ended) return;
      try {
        channel.write(ByteBuffer.wrap(datagram));
        listener.sent(datagram.length);
      } catch (PortUnreachableException e) {
        post(() -> end("nothing listens on the destination's UDP port (ICMP port unreachable)", false));
      } catch (IOException e) {
        post(() -> end("network error: " + e.getMessage(), false));
      }
    }

    @Override
    public Executor loop() {
      return SrtCallers.this::post;
    }

    @Override
    public long now() {
      return nowUs;
    }

    @Override
    public void closed(String reason, boolean streamEnded, SrtSenderStats stats) {
      boolean normally = streamEnded || reason.startsWith("stopped");
      String shown = reason.startsWith("the peer disconnected") ? "the destination closed the connection"
          : reason.startsWith("nothing from the peer") ? reason.replace("the peer", "the destination") : reason;
      finish(shown, normally, stats);
    }
  }
}
