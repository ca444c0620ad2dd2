package io.headwater.media.rtmp;

import io.headwater.liveinput.PublishAuthority;
import io.headwater.media.hub.StreamHubs;
import io.headwater.media.ingest.ConnectionGate;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;

/**
 * The RTMP and RTMPS accept loops: each accepted socket (TLS unwrapped for RTMPS) runs its own
 * {@link RtmpSessionStage}. Both ports share one connection gate, so limits hold across them.
 */
public final class RtmpServer {
  private RtmpServer() {}

  /** Binds RTMP (and RTMPS, if enabled); completes with the bindings once all ports listen. */
  public static CompletionStage<List<Tcp.ServerBinding>> start(ActorSystem<?> system, RtmpSettings settings,
      PublishAuthority authority, StreamHubs hubs, Path dataDir, String publicHost) {
    ConnectionGate gate = new ConnectionGate(settings.maxConnections(), settings.maxConnectionsPerIp(),
        settings.maxBadKeysPerIpPerMinute(), Clock.systemUTC());
    List<CompletableFuture<Tcp.ServerBinding>> bindings = new ArrayList<>();
    bindings.add(serve(system, Tcp.get(system).bind(settings.iface(), settings.rtmpPort()), settings, authority, hubs, gate, "rtmp"));
    if (settings.rtmpsEnabled()) {
      SSLContext tls = TlsContexts.serverContext(settings.keystore(), settings.keystorePassword(), dataDir, publicHost);
      bindings.add(serve(system, Tcp.get(system).bindWithTls(settings.iface(), settings.rtmpsPort(), () -> serverEngine(tls)),
          settings, authority, hubs, gate, "rtmps"));
    }
    return CompletableFuture.allOf(bindings.toArray(CompletableFuture[]::new))
        .thenApply(v -> bindings.stream().map(CompletableFuture::join).toList());
  }

  private static CompletableFuture<Tcp.ServerBinding> serve(ActorSystem<?> system,
      Source<Tcp.IncomingConnection, CompletionStage<Tcp.ServerBinding>> connections, RtmpSettings settings,
      PublishAuthority authority, StreamHubs hubs, ConnectionGate gate, String protocol) {
    return connections
        .to(Sink.foreach(connection -> connection.handleWith(
            Flow.<ByteString>create().via(new RtmpSessionStage(settings, authority, hubs, gate,
                connection.remoteAddress(), protocol)),
            system)))
        .run(system)
        .toCompletableFuture();
  }

  private static SSLEngine serverEngine(SSLContext context) {
    SSLEngine engine = context.createSSLEngine();
    engine.setUseClientMode(false);
    return engine;
  }
}
