package io.headwater.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on loopback that a test can take down and bring back on the same port: a destination that
 * goes away (connections reset, connects refused) and returns, as a restream target does in an outage.
 */
final class TcpProxy implements AutoCloseable {
  private final int port;
  private final int target;
  private final CopyOnWriteArrayList<Socket> open = new CopyOnWriteArrayList<>();
  private volatile ServerSocket listener;

  TcpProxy(int target) throws IOException {
    this.target = target;
    this.port = TestNodes.freePort();
    up();
  }

  int port() {
    return port;
  }

  synchronized void up() throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    listener = s;
    Thread acceptor = new Thread(() -> accept(s), "proxy-accept-" + port);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Refuses new connections and resets the ones open. */
  synchronized void down() throws IOException {
    listener.close();
    for (Socket s : open) s.close();
    open.clear();
  }

  private void accept(ServerSocket s) {
    while (!s.isClosed()) {
      try {
        Socket client = s.accept();
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
        open.add(client);
        open.add(upstream);
        pipe(client.getInputStream(), upstream.getOutputStream());
        pipe(upstream.getInputStream(), client.getOutputStream());
      } catch (IOException closed) {
        return;
      }
    }
  }

  private static void pipe(InputStream in, OutputStream out) {
    Thread t = new Thread(() -> {
      try (in; out) {
        in.transferTo(out);
      } catch (IOException ended) {
        // one side went away; closing both ends tells the other
      }
    });
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    down();
  }
}
