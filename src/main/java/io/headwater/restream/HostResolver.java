package io.headwater.restream;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Looks up a host name's addresses; may block. The node uses the system resolver; tests map names to
 * addresses without DNS. {@link DestinationPolicy} calls it on its own small pool, with a deadline.
 */
@FunctionalInterface
public interface HostResolver {
  InetAddress[] resolve(String host) throws UnknownHostException;

  /** The JVM's resolver (and its cache, networkaddress.cache.ttl). */
  static HostResolver system() {
    return InetAddress::getAllByName;
  }
}
