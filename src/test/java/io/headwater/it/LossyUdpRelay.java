package io.headwater.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bad network on loopback between one SRT caller and the node: datagrams pass both ways, but of the data
 * packets (SRT header bit F = 0, whichever way they go: a publisher's to the node, the node's to a viewer) a
 * share is dropped and another held back behind the next one, and optionally a few bursts of consecutive
 * packets are lost, for a while after the first one passes. Control packets always pass. Seeded, so a run can
 * be repeated.
 */
final class LossyUdpRelay implements AutoCloseable {
  private enum Fate { PASS, DROP, HOLD }

  private final DatagramSocket callerSide;
  private final DatagramSocket nodeSide;
  private final InetSocketAddress node;
  private final double dropRate;
  private final double reorderRate;
  private final long lossyForMillis;
  private final int bursts;
  private final int burstLength;
  private final Random random;
  private final AtomicInteger dropped = new AtomicInteger();
  private final AtomicInteger reordered = new AtomicInteger();
  private final AtomicInteger forwarded = new AtomicInteger();
  private long firstDataMillis = -1;
  private int burstsDone;
  private int burstLeft;
  private volatile InetSocketAddress caller;
  private volatile boolean closed;

  /**
   * @param lossyForMillis how long after the first data packet the relay drops and reorders; the tail passes
   *     intact, since packets lost just before the caller's SHUTDOWN cannot be retransmitted
   */
  LossyUdpRelay(InetSocketAddress node, double dropRate, double reorderRate, long lossyForMillis, long seed) {
    this(node, dropRate, reorderRate, lossyForMillis, seed, 0, 0);
  }

  /**
   * As above, with {@code bursts} bursts of {@code burstLength} consecutive data packets lost, evenly spread over
   * the lossy time.
   */
  LossyUdpRelay(InetSocketAddress node, double dropRate, double reorderRate, long lossyForMillis, long seed,
      int bursts, int burstLength) {
    try {
      this.callerSide = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      this.nodeSide = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      callerSide.setSoTimeout(200);
      nodeSide.setSoTimeout(200);
    } catch (SocketException e) {
      throw new UncheckedIOException(e);
    }
    this.node = node;
    this.dropRate = dropRate;
    this.reorderRate = reorderRate;
    this.lossyForMillis = lossyForMillis;
    this.bursts = bursts;
    this.burstLength = burstLength;
    this.random = new Random(seed);
    start("relay-to-node", () -> relay(callerSide, nodeSide, true));
    start("relay-to-caller", () -> relay(nodeSide, callerSide, false));
  }

  int port() {
    return callerSide.getLocalPort();
  }

  int dropped() {
    return dropped.get();
  }

  int reordered() {
    return reordered.get();
  }

  /** Data packets the relay passed on, reordered ones included. */
  int forwarded() {
    return forwarded.get();
  }

  /** Bursts of loss that have happened. */
  synchronized int bursts() {
    return burstsDone - (burstLeft > 0 ? 1 : 0);
  }

  private void relay(DatagramSocket in, DatagramSocket out, boolean fromCaller) throws IOException {
    byte[] buf = new byte[2048];
    DatagramPacket held = null;
    while (!closed) {
      DatagramPacket received = new DatagramPacket(buf, buf.length);
      try {
        in.receive(received);
      } catch (SocketTimeoutException idle) {
        continue;
      }
      if (fromCaller) caller = (InetSocketAddress) received.getSocketAddress();
      InetSocketAddress to = fromCaller ? node : caller;
      if (to == null) continue;
      DatagramPacket packet = new DatagramPacket(received.getData().clone(), received.getLength(), to);
      boolean data = (buf[0] & 0x80) == 0;
      Fate fate = data ? fate(held == null) : Fate.PASS;
      if (fate == Fate.DROP) continue;
      if (fate == Fate.HOLD) {
        held = packet; // it follows the next data packet
        continue;
      }
      out.send(packet);
      if (held != null && data) {
        out.send(held);
        held = null;
      }
    }
  }

  /** What becomes of the next data packet; {@code mayHold} when none is held already. */
  private synchronized Fate fate(boolean mayHold) {
    long now = System.currentTimeMillis();
    if (firstDataMillis < 0) firstDataMillis = now;
    boolean lossy = now < firstDataMillis + lossyForMillis;
    if (lossy && burstLeft == 0 && burstsDone < bursts
        && now >= firstDataMillis + lossyForMillis * (burstsDone + 1) / (bursts + 1)) {
      burstsDone++;
      burstLeft = burstLength;
    }
    if (burstLeft > 0) {
      burstLeft--;
      dropped.incrementAndGet();
      return Fate.DROP;
    }
    double roll = random.nextDouble();
    if (lossy && roll < dropRate) {
      dropped.incrementAndGet();
      return Fate.DROP;
    }
    forwarded.incrementAndGet();
    if (lossy && mayHold && roll < dropRate + reorderRate) {
      reordered.incrementAndGet();
      return Fate.HOLD;
    }
    return Fate.PASS;
  }

  private interface Loop {
    void run() throws IOException;
  }

  private void start(String name, Loop loop) {
    Thread t = new Thread(() -> {
      try {
        loop.run();
      } catch (IOException e) {
        if (!closed) throw new UncheckedIOException(e);
      }
    }, name);
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() {
    closed = true;
    callerSide.close();
    nodeSide.close();
  }
}
