package io.headwater.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;

/**
 * Main class of the embedded Cassandra child JVM: it exits when its standard input closes, which happens
 * when Headwater stops it or dies (even by kill -9), so Cassandra never outlives its parent. Then it
 * hands over to Cassandra's own main. JDK only: this one class file is all of Headwater the child sees.
 */
public final class ParentWatch {
  private ParentWatch() {}

  public static void main(String[] args) throws Exception {
    Thread watcher = new Thread(ParentWatch::exitWhenParentGoes, "headwater-parent-watch");
    watcher.setDaemon(true);
    watcher.start();
    Class<?> daemon = Class.forName(args[0]);
    Method main = daemon.getMethod("main", String[].class);
    String[] rest = new String[args.length - 1];
    System.arraycopy(args, 1, rest, 0, rest.length);
    main.invoke(null, (Object) rest);
  }

  private static void exitWhenParentGoes() {
    InputStream in = System.in;
    byte[] buffer = new byte[64];
    try {
      while (in.read(buffer) >= 0) {
        // Nothing is ever written; the read only returns at end of stream.
      }
    } catch (IOException closed) {
      // A broken pipe means the same as end of stream.
    }
    // Runs Cassandra's shutdown hooks (drain, flush) before the process ends.
    System.exit(0);
  }
}
