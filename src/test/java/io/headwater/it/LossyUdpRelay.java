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
 * A bad network on loopback between one SRT caller and the node: datagrams pass both ways, but of the
 * caller's data packets (SRT header bit F = 0) a share is dropped and another held back behind the next one,
 * for a while after the first one passes. Control packets always pass. Seeded, so a run can be repeated.
 */
final class LossyUdpRelay implements AutoCloseable {
  private final DatagramSocket callerSide;
  private final DatagramSocket nodeSide;
  private final InetSocketAddress node;
  private final double dropRate;
  private final double reorderRate;
  private final long lossyForMillis;
  private final Random random;
  private final AtomicInteger dropped = new AtomicInteger();
  private final AtomicInteger reordered = new AtomicInteger();
  private final AtomicInteger forwarded = new AtomicInteger();
  private volatile InetSocketAddress caller;
  private volatile boolean closed;

  /**
   * @param lossyForMillis how long after the first data packet the relay drops and reorders; the tail passes
   *     intact, since packets lost just before the caller's SHUTDOWN cannot be retransmitted
   */
  LossyUdpRelay(InetSocketAddress node, double dropRate, double reorderRate, long lossyForMillis, long seed) {
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
    this.random = new Random(seed);
    start("relay-to-node", this::toNode);
    start("relay-to-caller", this::toCaller);
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

  private void toNode() throws IOException {
    byte[] buf = new byte[2048];
    DatagramPacket held = null;
    long lossyUntil = Long.MAX_VALUE;
    while (!closed) {
      DatagramPacket in = new DatagramPacket(buf, buf.length);
      try {
        callerSide.receive(in);
      } catch (SocketTimeoutException idle) {
        continue;
      }
      caller = (InetSocketAddress) in.getSocketAddress();
      DatagramPacket out = new DatagramPacket(in.getData().clone(), in.getLength(), node);
      boolean data = (buf[0] & 0x80) == 0;
      if (!data) {
        nodeSide.send(out);
        continue;
      }
      if (lossyUntil == Long.MAX_VALUE) lossyUntil = System.currentTimeMillis() + lossyForMillis;
      boolean lossy = System.currentTimeMillis() < lossyUntil;
      double roll = random.nextDouble();
      if (lossy && roll < dropRate) {
        dropped.incrementAndGet();
        continue;
      }
      forwarded.incrementAndGet();
      if (lossy && held == null && roll < dropRate + reorderRate) {
        held = out; // it follows the next data packet
        reordered.incrementAndGet();
        continue;
      }
      nodeSide.send(out);
      if (held != null) {
        nodeSide.send(held);
        held = null;
      }
    }
  }

  private void toCaller() throws IOException {
    byte[] buf = new byte[2048];
    while (!closed) {
      DatagramPacket in = new DatagramPacket(buf, buf.length);
      try {
        nodeSide.receive(in);
      } catch (SocketTimeoutException idle) {
        continue;
      }
      InetSocketAddress to = caller;
      if (to != null) callerSide.send(new DatagramPacket(in.getData(), in.getLength(), to));
    }
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
