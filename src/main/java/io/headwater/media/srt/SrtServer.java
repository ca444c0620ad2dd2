package io.headwater.media.srt;

import io.headwater.liveinput.PublishAuthority;
import io.headwater.media.hub.StreamHubs;
import io.headwater.media.ingest.ConnectionGate;
import io.headwater.media.srt.codec.SynCookie;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.Materializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SRT ingest port: one UDP socket and one loop thread that reads every datagram, hands it to the
 * {@link SrtListener}, runs the listener's 10 ms timers, wakes for the pull viewers' paced packets, and runs
 * the tasks other threads post (the entity's answers, kicks, media for viewers). The thread does no blocking work besides waiting for datagrams; the listener's state is
 * touched by this thread only.
 */
public final class SrtServer {
  private static final Logger log = LoggerFactory.getLogger(SrtServer.class);
  /** srt.md 3.1: the ACK timer, the finest timer a connection has. */
  static final long TICK_US = 10_000;
  /** Datagrams read before the timers get their turn, so a flood cannot starve ACKs and timeouts. */
  private static final int READS_PER_TURN = 256;

  private final DatagramChannel channel;
  private final Selector selector;
  private final SrtListener listener;
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private final Thread thread;
  private volatile boolean stopping;

  private SrtServer(DatagramChannel channel, Selector selector, SrtSettings settings, PublishAuthority authority,
      StreamHubs hubs, SessionControls controls, MediaFeed.Opener feeds) {
    this.channel = channel;
    this.selector = selector;
    SecureRandom random = new SecureRandom();
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    ConnectionGate gate = new ConnectionGate(settings.maxConnections(), settings.maxConnectionsPerIp(),
        settings.maxBadPassphrasesPerIpPerMinute(), Clock.systemUTC());
    this.listener = new SrtListener(settings, authority, hubs, controls, feeds, gate,
        new SynCookie(secret, SynCookie.DEFAULT_SLOT_MILLIS), this::send, this::post, random, nowUs());
    this.thread = new Thread(this::run, "srt-listener-" + settings.port());
    thread.setDaemon(true);
  }

  /** Binds the port and starts the loop. */
  public static SrtServer start(ActorSystem<?> system, SrtSettings settings, PublishAuthority authority,
      StreamHubs hubs) {
    try {
      DatagramChannel channel = DatagramChannel.open();
      try {
        channel.setOption(StandardSocketOptions.SO_RCVBUF, settings.socketReceiveBufferBytes());
        settings.socketBufferShortfall(channel.getOption(StandardSocketOptions.SO_RCVBUF)).ifPresent(log::warn);
        channel.bind(new InetSocketAddress(settings.iface(), settings.port()));
        channel.configureBlocking(false);
        Selector selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
        SrtServer server = new SrtServer(channel, selector, settings, authority, hubs, SessionControls.of(system),
            MediaFeed.on(Materializer.matFromSystem(system)));
        server.thread.start();
        return server;
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("SRT port " + settings.iface() + ":" + settings.port() + " cannot be bound", e);
    }
  }

  public InetSocketAddress localAddress() {
    try {
      return (InetSocketAddress) channel.getLocalAddress();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The latest counts of the input's SRT publish on this node, live or among the recently ended. */
  public Optional<SrtStats> stats(String liveInputId) {
    return listener.stats(liveInputId);
  }

  /**
   * What the listener holds, read on its loop: connections (publishers and viewers), handshakes waiting for
   * their input's answer, and datagrams dropped as stray since the start.
   */
  public record Load(int connections, int handshakesInFlight, long strayPackets) {}

  public CompletionStage<Load> load() {
    CompletableFuture<Load> load = new CompletableFuture<>();
    post(() -> load.complete(new Load(listener.connectionCount(), listener.handshakesInFlight(), listener.strayPackets())));
    return load;
  }

  /** The counts of the input's latest SRT pull viewer on this node to have ended. */
  public Optional<SrtSenderStats> playbackStats(String liveInputId) {
    return listener.playbackStats(liveInputId);
  }

  /** Ends every connection with a SHUTDOWN, then closes the port; completes when the loop has stopped. */
  public CompletionStage<Void> stop() {
    post(() -> {
      listener.shutdown(nowUs());
      stopping = true;
    });
    return stopped;
  }

  private void post(Runnable task) {
    tasks.add(task);
    selector.wakeup();
  }

  private void send(byte[] datagram, InetSocketAddress to) {
    try {
      channel.send(ByteBuffer.wrap(datagram), to); // a full socket buffer drops it, as UDP would
    } catch (IOException e) {
      log.debug("SRT send to {} failed: {}", to, e.toString());
    }
  }

  private void run() {
    ByteBuffer buffer = ByteBuffer.allocate(SrtListener.MAX_DATAGRAM + 1); // one more: oversized datagrams show
    long nextTick = nowUs() + TICK_US;
    try {
      while (!stopping) {
        long wake = Math.min(nextTick, listener.nextSendUs());
        selector.select(Math.max(1, (wake - nowUs() + 999) / 1000));
        selector.selectedKeys().clear();
        for (int i = 0; i < READS_PER_TURN; i++) {
          buffer.clear();
          SocketAddress from = channel.receive(buffer);
          if (from == null) break;
          guarded(() -> listener.onDatagram(buffer.array(), buffer.position(), (InetSocketAddress) from, nowUs()));
        }
        for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
          listener.at(nowUs());
          guarded(task);
        }
        long now = nowUs();
        guarded(() -> listener.pace(now));
        if (now >= nextTick) {
          guarded(() -> listener.tick(now));
          nextTick = Math.max(nextTick + TICK_US, now + TICK_US / 2);
        }
      }
    } catch (IOException | RuntimeException e) {
      log.error("SRT listener loop failed; SRT ingest on this node is down", e);
    } finally {
      try {
        selector.close();
        channel.close();
      } catch (IOException e) {
        log.debug("closing the SRT port: {}", e.toString());
      }
      stopped.complete(null);
    }
  }

  /** A bug in one datagram's or task's handling is logged; the loop, hence every other connection, goes on. */
  private static void guarded(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      log.error("SRT listener: unexpected failure", e);
    }
  }

  private static long nowUs() {
    return System.nanoTime() / 1000;
  }
}
