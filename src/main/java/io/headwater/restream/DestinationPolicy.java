package io.headwater.restream;

import io.headwater.restream.Refusal.Reason;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decides whether Headwater may restream to a destination: at API time ({@link #check}), when an output
 * is created, and again at every connect ({@link #checkAtConnect}), which returns the exact address to
 * connect to, so a name that re-resolves somewhere else between check and connect (DNS rebinding) cannot
 * slip through. Refused: loopback, unspecified, RFC 1918 and other private ranges, link-local (cloud
 * metadata included), CGNAT, ULA, multicast, broadcast, reserved and benchmarking ranges, IPv6 forms that
 * embed such an IPv4 address, local-only names (localhost, *.local, *.internal, single labels), and names
 * that do not resolve in time. A name is refused if any of its addresses is. The operator's
 * {@link AllowList} admits chosen hosts and blocks.
 *
 * <p>Lookups can hang, so they run on this policy's own small pool with a deadline; no caller thread
 * waits. Continuations of the returned stages may run on that pool: keep them short, or use *Async.
 */
public final class DestinationPolicy implements AutoCloseable {
  private static final String OPERATOR_HINT = "; restreaming to it is refused (the operator's headwater.restream.allow can permit chosen targets)";
  private static final int QUEUED_LOOKUPS_PER_THREAD = 64;

  private final AllowList allow;
  private final HostResolver resolver;
  private final long timeoutMillis;
  private final ThreadPoolExecutor lookups;

  public DestinationPolicy(RestreamSettings settings, HostResolver resolver) {
    this.allow = settings.allow();
    this.resolver = resolver;
    this.timeoutMillis = settings.resolveTimeout().toMillis();
    int threads = settings.resolverThreads();
    this.lookups = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(threads * QUEUED_LOOKUPS_PER_THREAD), daemonThreads(), new ThreadPoolExecutor.AbortPolicy());
    this.lookups.allowCoreThreadTimeOut(true);
  }

  /** API time: empty when the destination may be used, else why not; refusals never fail the stage. */
  public CompletionStage<Optional<Refusal>> check(Destination d) {
    return admitted(d, false).handle((address, failure) -> {
      if (failure == null) return Optional.empty();
      return Optional.of(refusalOf(failure));
    });
  }

  /**
   * Connect time: resolves again, checks again, and gives the address (with the destination's port) to
   * connect to; fails with {@link RefusedDestinationException}. A TLS client still sends
   * {@link Destination#host()} for SNI and certificate checks.
   */
  public CompletionStage<InetSocketAddress> checkAtConnect(Destination d) {
    return admitted(d, true).thenApply(address -> new InetSocketAddress(address, d.port()));
  }

  /** The address to use (null at API time for an allowed name, which needs no lookup), or a refusal. */
  private CompletableFuture<InetAddress> admitted(Destination d, boolean connecting) {
    Optional<InetAddress> literal = d.ipLiteral();
    if (literal.isPresent()) {
      Optional<Refusal> refusal = addressRefusal(d, literal.get(), false);
      return refusal.isPresent() ? refused(refusal.get()) : CompletableFuture.completedFuture(literal.get());
    }
    boolean allowedName = allow.admitsHost(d.host());
    if (allowedName && !connecting) return CompletableFuture.completedFuture(null);
    if (!allowedName && isLocalName(d.host())) {
      return refused(new Refusal(Reason.LOCAL_NAME, "destination " + Destination.shown(d.host())
          + " is a local-only name (localhost, *.localhost, *.local, *.internal, *.home.arpa or a single label)" + OPERATOR_HINT));
    }
    return lookup(d.host()).handle((addresses, failure) -> {
      if (failure != null) throw new CompletionException(lookupRefusal(d, unwrap(failure)));
      if (addresses == null || addresses.length == 0) throw new CompletionException(unresolved(d));
      if (!allowedName) {
        for (InetAddress a : addresses) {
          Optional<Refusal> refusal = addressRefusal(d, a, true);
          if (refusal.isPresent()) throw new CompletionException(new RefusedDestinationException(refusal.get()));
        }
      }
      return addresses[0];
    });
  }

  private CompletableFuture<InetAddress[]> lookup(String host) {
    CompletableFuture<InetAddress[]> result = new CompletableFuture<>();
    try {
      lookups.execute(() -> {
        // A lookup queued behind hung ones may already have timed out; then it is not worth asking.
        if (result.isDone()) return;
        try {
          result.complete(resolver.resolve(host));
        } catch (Throwable t) {
          result.completeExceptionally(t);
        }
      });
    } catch (RejectedExecutionException busy) {
      result.completeExceptionally(busy);
    }
    return result.orTimeout(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  private Optional<Refusal> addressRefusal(Destination d, InetAddress address, boolean resolved) {
    byte[] bytes = address.getAddress();
    if (allow.admitsAddress(bytes)) return Optional.empty();
    return IpAddresses.forbidden(bytes).map(f -> {
      String shownAddress = IpAddresses.format(bytes);
      String what;
      if (resolved) {
        what = "destination " + Destination.shown(d.host()) + " resolves to " + shownAddress + ", " + f.reason().phrase();
      } else {
        what = "destination " + d.host() + " is " + f.reason().phrase();
      }
      String note = f.note();
      // [::ffff:7f00:1] is 127.0.0.1: say so.
      if (!resolved && !d.host().equals(shownAddress)) note = note == null ? shownAddress : shownAddress + ", " + note;
      return new Refusal(f.reason(), what + (note == null ? "" : " (" + note + ")") + OPERATOR_HINT);
    });
  }

  private RefusedDestinationException lookupRefusal(Destination d, Throwable failure) {
    if (failure instanceof RefusedDestinationException r) return r;
    if (failure instanceof TimeoutException) {
      return new RefusedDestinationException(Reason.RESOLUTION_TIMEOUT, "destination " + Destination.shown(d.host())
          + " did not resolve within " + timeoutMillis + " ms; try again later");
    }
    if (failure instanceof RejectedExecutionException) {
      return new RefusedDestinationException(Reason.RESOLUTION_TIMEOUT,
          "too many destination lookups are in progress to check " + Destination.shown(d.host()) + "; try again later");
    }
    return unresolved(d);
  }

  private static RefusedDestinationException unresolved(Destination d) {
    return new RefusedDestinationException(Reason.UNRESOLVED, "destination " + Destination.shown(d.host())
        + " does not resolve; add the output once its DNS name exists");
  }

  /** Names that only mean something on this machine or its network (RFC 6761, RFC 6762, RFC 8375), and single labels, which resolvers complete with local search domains. */
  static boolean isLocalName(String host) {
    return host.equals("localhost") || host.indexOf('.') < 0
        || host.endsWith(".localhost") || host.endsWith(".local") || host.endsWith(".internal") || host.endsWith(".home.arpa");
  }

  private static Refusal refusalOf(Throwable failure) {
    Throwable t = unwrap(failure);
    if (t instanceof RefusedDestinationException r) return r.refusal();
    throw new IllegalStateException("a destination check failed unexpectedly", t);
  }

  private static Throwable unwrap(Throwable t) {
    Throwable current = t;
    while (current instanceof CompletionException && current.getCause() != null) current = current.getCause();
    return current;
  }

  private static <T> CompletableFuture<T> refused(Refusal refusal) {
    return CompletableFuture.failedFuture(new RefusedDestinationException(refusal));
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "headwater-restream-lookup-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Stops the lookup threads; lookups still running are abandoned. */
  @Override
  public void close() {
    lookups.shutdownNow();
  }

  @Override
  public String toString() {
    return "DestinationPolicy(allow: " + allow + ")";
  }
}
