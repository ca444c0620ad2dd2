package io.headwater;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.headwater.account.Account;
import io.headwater.account.AccountBootstrap;
import io.headwater.account.ApiToken;
import io.headwater.account.BootstrapSettings;
import io.headwater.api.ApiSettings;
import io.headwater.api.HttpApi;
import io.headwater.api.LiveInputFacade;
import io.headwater.api.TokenResolver;
import io.headwater.api.cloudflare.CloudflareRoutes;
import io.headwater.cluster.CassandraSchema;
import io.headwater.cluster.CassandraSettings;
import io.headwater.cluster.EmbeddedCassandra;
import io.headwater.liveinput.IngestSettings;
import io.headwater.liveinput.LiveInput;
import io.headwater.liveinput.OutputControl;
import io.headwater.liveinput.ShardedPlaybackDirectory;
import io.headwater.liveinput.ShardedPublishAuthority;
import io.headwater.media.hub.HubSettings;
import io.headwater.media.hls.HlsSettings;
import io.headwater.media.hls.HlsStreams;
import io.headwater.media.hls.PlaybackRoutes;
import io.headwater.media.hls.RenditionLadder;
import io.headwater.media.hub.StreamHubs;
import io.headwater.media.rtmp.RtmpServer;
import io.headwater.media.rtmp.RtmpSettings;
import io.headwater.media.srt.SrtCallers;
import io.headwater.media.srt.SrtKeyMaterialOpener;
import io.headwater.media.srt.SrtServer;
import io.headwater.media.srt.SrtSettings;
import io.headwater.media.transcode.FfmpegLadder;
import io.headwater.media.transcode.TranscodeSettings;
import io.headwater.restream.DestinationPolicy;
import io.headwater.restream.HostResolver;
import io.headwater.restream.push.PushSettings;
import io.headwater.restream.RestreamSettings;
import io.headwater.restream.push.Restreamer;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Headwater node: Cassandra (embedded or external), the actor system joined to its
 * cluster, the sharded entities, the default account, the restream destination policy, and the HTTP
 * API. Started by {@link Main}, and by tests that need a node in their own JVM.
 */
public final class HeadwaterNode {
  private static final Logger log = LoggerFactory.getLogger(HeadwaterNode.class);

  private final ActorSystem<Void> system;
  private final ServerBinding binding;
  private final CompletionStage<String> bootstrapped;
  private final StreamHubs hubs;
  private final SrtServer srt;

  private HeadwaterNode(ActorSystem<Void> system, ServerBinding binding, CompletionStage<String> bootstrapped, StreamHubs hubs,
      SrtServer srt) {
    this.system = system;
    this.binding = binding;
    this.bootstrapped = bootstrapped;
    this.hubs = hubs;
    this.srt = srt;
  }

  /** Starts a node from {@code config} (application.conf with overrides); returns once HTTP is bound. */
  public static HeadwaterNode start(Config config) {
    return start(config, HostResolver.system());
  }

  /**
   * As {@link #start(Config)}, with restream destination names looked up by {@code resolver}: tests map
   * names to addresses without DNS.
   */
  public static HeadwaterNode start(Config config, HostResolver resolver) {
    Config resolved = config.resolve();
    NodeSettings node = NodeSettings.fromConfig(resolved);
    CassandraSettings cassandra = CassandraSettings.fromConfig(resolved);
    ApiSettings api = ApiSettings.fromConfig(resolved);
    BootstrapSettings bootstrap = BootstrapSettings.fromConfig(resolved);
    HubSettings hubSettings = HubSettings.fromConfig(resolved);
    RtmpSettings rtmp = RtmpSettings.fromConfig(resolved);
    SrtSettings srt = SrtSettings.fromConfig(resolved);
    IngestSettings ingest = IngestSettings.fromConfig(resolved);
    HlsSettings hls = HlsSettings.fromConfig(resolved);
    RestreamSettings restream = RestreamSettings.fromConfig(resolved);
    PushSettings push = PushSettings.fromConfig(resolved);
    TranscodeSettings transcode = TranscodeSettings.fromConfig(resolved);

    Optional<EmbeddedCassandra> embedded =
        cassandra.embedded() ? Optional.of(EmbeddedCassandra.start(cassandra, node.dataDir())) : Optional.empty();
    ActorSystem<Void> started = null;
    try {
      List<InetSocketAddress> contactPoints =
          embedded.map(e -> List.of(e.contactPoint())).orElse(cassandra.contactPoints());
      if (embedded.isPresent() || cassandra.createSchema()) CassandraSchema.create(cassandra, contactPoints);

      ActorSystem<Void> system = ActorSystem.create(
          Behaviors.empty(), resolved.getString("headwater.cluster-name"), withContactPoints(config, contactPoints));
      started = system;
      embedded.ifPresent(e -> CoordinatedShutdown.get(system).addTask(
          CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "stop-embedded-cassandra", () ->
              CompletableFuture.supplyAsync(() -> {
                e.close();
                return Done.getInstance();
              })));

      Cluster cluster = Cluster.get(system);
      if (resolved.getStringList("pekko.cluster.seed-nodes").isEmpty()) {
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
      }
      if (resolved.getBoolean("headwater.management.enabled")) PekkoManagement.get(system).start();

      Clock clock = Clock.systemUTC();
      LiveInput.init(system, api.maxOutputsPerInput(), ingest.reconnectWindow(), clock, new SrtKeyMaterialOpener());
      Account.init(system, api.idempotencyKeyTtl(), clock);
      ApiToken.init(system, clock);
      CompletionStage<String> bootstrapped = AccountBootstrap.run(system, bootstrap, node.dataDir(), api.askTimeout());

      DestinationPolicy destinations = new DestinationPolicy(restream, resolver);
      CoordinatedShutdown.get(system).addTask(
          CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "stop-restream-lookups", () -> {
            destinations.close();
            return CompletableFuture.completedFuture(Done.getInstance());
          });

      StreamHubs hubs = hubSettings.newRegistry();
      SrtCallers srtCallers = SrtCallers.start(Materializer.matFromSystem(system), push.connectTimeout(),
          srt.peerIdleTimeout(), srt.latency());
      // Before the actor system goes: SRT outputs end with a SHUTDOWN.
      CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceUnbind(), "stop-srt-outputs", () ->
          srtCallers.stop().thenApply(v -> Done.getInstance()));
      ActorRef<OutputControl> restreamer = Restreamer.start(system, hubs, destinations, push, clock, srtCallers);
      ShardedPublishAuthority authority = new ShardedPublishAuthority(system, api.askTimeout(), restreamer);
      // Transcoding problems of a publish reach its live input's status history.
      RenditionLadder ladder = transcode.enabled()
          ? new FfmpegLadder(system, transcode, authority::reportTranscoding) : RenditionLadder.NONE;
      HlsStreams broadcasts = new HlsStreams(system, hls, clock, ladder);
      hubs.addListener(broadcasts);
      PlaybackRoutes playback = new PlaybackRoutes(
          new EntityInputDirectory(new ShardedPlaybackDirectory(system, api.askTimeout())), broadcasts, authority.node(), hls);
      await(RtmpServer.start(system, rtmp, authority, hubs,
          node.dataDir(), node.publicHost()), Duration.ofSeconds(30));
      SrtServer srtServer = SrtServer.start(system, srt, authority, hubs);
      // Before the actor system goes: connections end with SHUTDOWN and their publishes are recorded as ended.
      CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceUnbind(), "stop-srt", () ->
          srtServer.stop().thenApply(v -> Done.getInstance()));

      if (!restream.allow().isEmpty()) log.info("restream allow-list: {}", restream.allow());

      ServerBinding binding = await(HttpApi.bind(system, node.httpInterface(), node.httpPort(),
          cloudflareRoutes(system, node, api, destinations), playback.route()), Duration.ofSeconds(30));
      binding.addToCoordinatedShutdown(Duration.ofSeconds(3), system);
      log.info("Headwater node up: HTTP on {}, RTMP on {}, RTMPS on {}, SRT on {}, Cassandra {}", binding.localAddress(),
          rtmp.rtmpPort(), rtmp.rtmpsEnabled() ? rtmp.rtmpsPort() : "off", srtServer.localAddress(),
          embedded.map(e -> "embedded at " + e.contactPoint()).orElse("at " + contactPoints));
      return new HeadwaterNode(system, binding, bootstrapped, hubs, srtServer);
    } catch (RuntimeException e) {
      // A port in use or a failed bind must not leave a half-started node (and its Cassandra) behind.
      if (started != null) {
        started.terminate();
        await(started.getWhenTerminated(), Duration.ofSeconds(30));
      }
      embedded.ifPresent(EmbeddedCassandra::close);
      throw e;
    }
  }

  private static org.apache.pekko.http.javadsl.server.Route cloudflareRoutes(
      ActorSystem<?> system, NodeSettings node, ApiSettings api, DestinationPolicy destinations) {
    // Port 0 binds a free port; URLs then name the configured one, which only tests use.
    String host = node.publicHost();
    return new CloudflareRoutes(
            new LiveInputFacade(system, api),
            new TokenResolver(system, api),
            api,
            destinations,
            "rtmps://" + host + ":" + node.rtmpsPort() + "/live/",
            "srt://" + host + ":" + node.srtPort(),
            node.publicHttpUrl(node.httpPort()))
        .route();
  }

  private static Config withContactPoints(Config config, List<InetSocketAddress> contactPoints) {
    List<String> points = contactPoints.stream().map(a -> a.getHostString() + ":" + a.getPort()).toList();
    return config
        .withValue("datastax-java-driver.basic.contact-points", ConfigValueFactory.fromIterable(points))
        .resolve();
  }

  public int httpPort() {
    return binding.localAddress().getPort();
  }

  public ActorSystem<Void> system() {
    return system;
  }

  /** The stream hubs of the inputs published on this node. */
  public StreamHubs hubs() {
    return hubs;
  }

  /** The SRT ingest port and its per-publish counts. */
  public SrtServer srt() {
    return srt;
  }

  /** Completes with the default account's id once it and its token exist. */
  public CompletionStage<String> bootstrapped() {
    return bootstrapped;
  }

  /** Runs coordinated shutdown (as SIGTERM does) and waits for it. */
  public void stop() {
    await(CoordinatedShutdown.get(system).runAll(CoordinatedShutdown.unknownReason()), Duration.ofSeconds(30));
  }

  private static <T> T await(CompletionStage<T> stage, Duration timeout) {
    try {
      return stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("node start-up step failed", e);
    }
  }
}
