package io.headwater.media.hls;

import io.headwater.media.hub.HubListener;
import io.headwater.media.hub.StreamHub;
import io.headwater.media.hub.StreamProfile;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broadcasts packaged on this node, one per live input: attached to every stream hub a granted publish
 * opens. A publish whose grant resumes the broadcast (status {@code reconnected}) continues the current
 * one; any other starts a new broadcast with a new video uid. When a publisher goes away its broadcast
 * waits out the grant's reconnect window, then gets EXT-X-ENDLIST; an ended broadcast stays served for the
 * segment grace period, so players reach the ENDLIST, and is then freed.
 */
public final class HlsStreams implements HubListener {
  private static final Logger log = LoggerFactory.getLogger(HlsStreams.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ActorSystem<?> system;
  private final Materializer materializer;
  private final HlsSettings settings;
  private final MemoryBudget budget;
  private final Clock clock;
  private final RenditionLadder ladder;
  private final ConcurrentHashMap<String, Broadcast> broadcasts = new ConcurrentHashMap<>();

  public HlsStreams(ActorSystem<?> system, HlsSettings settings, Clock clock) {
    this(system, settings, clock, RenditionLadder.NONE);
  }

  public HlsStreams(ActorSystem<?> system, HlsSettings settings, Clock clock, RenditionLadder ladder) {
    this.system = system;
    this.ladder = ladder;
    this.materializer = Materializer.matFromSystem(system);
    this.settings = settings;
    this.budget = new MemoryBudget(settings.totalBudget());
    this.clock = clock;
  }

  @Override
  public void opened(StreamHub hub, StreamProfile profile) {
    String id = hub.liveInputId();
    int generation;
    Broadcast broadcast;
    synchronized (this) {
      Broadcast current = broadcasts.get(id);
      if (current != null && profile.resumesBroadcast() && current.state() != Broadcast.State.ENDED) {
        broadcast = current;
        generation = current.resume();
      } else {
        if (current != null) current.close();
        broadcast = new Broadcast(id, newVideoUid(), settings, profile.lowLatency(), budget, clock);
        generation = broadcast.generation();
        broadcasts.put(id, broadcast);
      }
    }
    broadcast.useHub(hub);
    log.info("live input {}: packaging broadcast {} (publish {}, {})", id, broadcast.videoUid(), generation,
        profile.lowLatency() ? "LL-HLS" : "HLS");
    List<CompletableFuture<Done>> streams = new ArrayList<>();
    streams.add(hub.subscribe("hls")
        .runWith(Sink.foreach(item -> broadcast.accept(generation, item, clock.instant())), materializer)
        .toCompletableFuture());
    List<RenditionLadder.Rung> rungs = ladder.rungs(hub, profile);
    broadcast.declare(rungs.stream().map(RenditionLadder.Rung::name).toList());
    for (RenditionLadder.Rung rung : rungs) {
      streams.add(rung.media()
          .runWith(Sink.foreach(item -> broadcast.accept(generation, rung.name(), item, clock.instant())), materializer)
          .toCompletableFuture());
    }
    // The publish is over for HLS once every rendition has its last frame (a rung may lag the source).
    CompletableFuture.allOf(streams.toArray(CompletableFuture[]::new)).whenComplete((done, failure) -> {
      if (failure != null) log.warn("live input {}: packaging failed: {}", id, failure.toString());
      broadcast.publisherGone(generation);
      schedule(profile.reconnectWindow(), () -> endIfStillGone(broadcast, generation));
    });
  }

  /** The broadcast currently served for a live input: live, waiting for a reconnect, or ended within grace. */
  public Optional<Broadcast> find(String liveInputId) {
    return Optional.ofNullable(broadcasts.get(liveInputId));
  }

  public long bytesInMemory() {
    return budget.used();
  }

  private void endIfStillGone(Broadcast broadcast, int generation) {
    broadcast.endIfStillGone(generation);
    if (broadcast.state() == Broadcast.State.ENDED) {
      schedule(settings.segmentGrace(), () -> {
        if (broadcasts.remove(broadcast.liveInputId(), broadcast)) broadcast.close();
      });
    }
  }

  private void schedule(Duration delay, Runnable task) {
    system.scheduler().scheduleOnce(delay, task, system.executionContext());
  }

  private static String newVideoUid() {
    byte[] id = new byte[16];
    RANDOM.nextBytes(id);
    return HexFormat.of().formatHex(id);
  }
}
