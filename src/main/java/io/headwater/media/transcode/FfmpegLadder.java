package io.headwater.media.transcode;

import io.headwater.media.MediaItem;
import io.headwater.media.Timebase;
import io.headwater.media.hls.RenditionLadder;
import io.headwater.media.hub.StreamHub;
import io.headwater.media.hub.StreamProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.BroadcastHub;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's ABR ladder, made with FFmpeg: for every publish, one transcode branch off its stream hub
 * (hub consumer → {@link LagGate} → {@link TranscodeStage} on the transcode dispatcher) whose output is
 * shared by the rungs through a broadcast hub, so the source is decoded once. HLS packages each rung; rungs
 * above the source stay empty and are never listed. The branch only ever reads from the hub, so the
 * publisher and the source rendition never wait for it.
 */
public final class FfmpegLadder implements RenditionLadder {
  private static final Logger log = LoggerFactory.getLogger(FfmpegLadder.class);

  private final TranscodeSettings settings;
  private final TranscodeReports reports;
  private final Materializer materializer;
  private final CompletableFuture<String> libraries;

  /** Starts loading FFmpeg's libraries on the transcode dispatcher, so the first publish need not wait. */
  public FfmpegLadder(ActorSystem<?> system, TranscodeSettings settings, TranscodeReports reports) {
    this.settings = settings;
    this.reports = reports;
    this.materializer = Materializer.matFromSystem(system);
    this.libraries = CompletableFuture.supplyAsync(FfmpegLibraries::load,
        system.dispatchers().lookup(DispatcherSelector.fromConfig(settings.dispatcher())));
    libraries.whenComplete((version, failure) -> {
      if (failure == null) {
        log.info("transcoding with FFmpeg {} and libx264 ({}): {}", version, settings.preset(),
            settings.ladder().stream().map(TranscodeSettings.Rung::name).toList());
      } else {
        log.error("transcoding is off on this node: {}", failure.getCause() != null ? failure.getCause().getMessage() : failure);
      }
    });
  }

  /** Completes with FFmpeg's version once its libraries are loaded, or fails with why they are not usable. */
  public CompletionStage<String> ready() {
    return libraries;
  }

  @Override
  public List<Rung> rungs(StreamHub hub, StreamProfile profile) {
    // Called while the publisher's hub opens: whatever goes wrong here costs the ladder, never the publish.
    try {
      return branch(hub, profile);
    } catch (RuntimeException e) {
      log.error("live input {}: no transcode branch", hub.liveInputId(), e);
      reports.report(hub.liveInputId(), profile.sessionId(), "no transcoded renditions: " + e.getMessage());
      return List.of();
    }
  }

  private List<Rung> branch(StreamHub hub, StreamProfile profile) {
    if (settings.ladder().isEmpty()) return List.of();
    if (libraries.isCompletedExceptionally()) {
      reports.report(hub.liveInputId(), profile.sessionId(), "no transcoded renditions: FFmpeg is not usable on this node");
      return List.of();
    }
    PublishMonitor monitor = new PublishMonitor(hub.liveInputId(), profile.sessionId(), reports, System::nanoTime);
    long maxLag = settings.maxLag().toMillis() * Timebase.TICKS_PER_SECOND / 1000;
    // About 200 items a second of lag (video and audio); the hub's buffer in front of the gate is larger still,
    // since the gate drains it at once: the hub drops only if the gate itself gets no thread.
    int maxItems = (int) Math.max(1024, settings.maxLag().toMillis() / 5);
    String label = "live input " + hub.liveInputId();
    Source<RungItem, NotUsed> shared = hub.subscribe("transcode", 4 * maxItems, monitor.droppedFrames())
        .via(new LagGate(maxLag, maxItems, monitor::dropped))
        .via(Flow.fromGraph(new TranscodeStage(() -> new Transcoder(settings, label), monitor::failed))
            .async(settings.dispatcher(), 1))
        .async()
        .runWith(BroadcastHub.of(RungItem.class, settings.ladder().size(), 256), materializer);
    List<Rung> rungs = new ArrayList<>();
    for (int i = 0; i < settings.ladder().size(); i++) {
      int index = i;
      Source<MediaItem, NotUsed> media = shared.filter(item -> item.rung() == index).map(RungItem::item);
      rungs.add(new Rung(settings.ladder().get(i).name(), media));
    }
    return rungs;
  }
}
