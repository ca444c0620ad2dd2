package io.headwater.media.hls;

import io.headwater.media.CodecConfig;
import io.headwater.media.MediaItem;
import io.headwater.media.hub.StreamHub;
import io.headwater.media.hls.codec.MasterPlaylist;
import io.headwater.media.hls.codec.MasterPlaylist.Resolution;
import io.headwater.media.hls.codec.MasterPlaylist.Variant;
import io.headwater.media.hls.codec.MediaPlaylist.RenditionReport;
import io.headwater.media.hls.codec.PlaylistWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One live broadcast of a live input on this node: what viewers play from the first publish until the
 * reconnect window passes without a publisher, across reconnects in between. It has a video uid (32 hex,
 * as Cloudflare gives each broadcast a video), which is in every URL below its master playlist so caches
 * never mix two broadcasts, and one rendition per ladder rung (the source rendition until transcoding
 * lands). Each publish is a generation; a late call from an earlier generation's stream is ignored.
 */
public final class Broadcast {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Broadcast.class);
  /** Where the broadcast is in its life, for playback and {@code /lifecycle}. */
  public enum State { LIVE, RECONNECTING, ENDED }

  /** The source rendition's name, in its URLs. */
  static final String SOURCE = "src";

  private record Rendition(RenditionWindow window, RenditionPackager packager) {}

  private final String liveInputId;
  private final String videoUid;
  private final HlsSettings settings;
  private final boolean lowLatency;
  private final MemoryBudget budget;
  private final Clock clock;
  private final List<Rendition> renditions = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<String> order = new ArrayList<>();
  private final ViewerCount viewers;
  private State state = State.LIVE;
  private long packagingErrors;
  private volatile StreamHub hub;
  private int generation = 1;

  Broadcast(String liveInputId, String videoUid, HlsSettings settings, boolean lowLatency, MemoryBudget budget,
      Clock clock) {
    this.liveInputId = liveInputId;
    this.videoUid = videoUid;
    this.settings = settings;
    this.lowLatency = lowLatency;
    this.budget = budget;
    this.clock = clock;
    addRendition(SOURCE);
    this.viewers = new ViewerCount(settings.viewerTimeout(), clock);
  }

  public String liveInputId() {
    return liveInputId;
  }

  public String videoUid() {
    return videoUid;
  }

  public synchronized State state() {
    return state;
  }

  public ViewerCount viewers() {
    return viewers;
  }

  /** The hub of the current publish, whose pull viewers (RTMP, SRT) count as live viewers too. */
  void useHub(StreamHub current) {
    hub = current;
  }

  /** HLS clients seen recently plus the pull viewers reading the hub now. */
  public int liveViewers() {
    StreamHub h = hub;
    long pull = h == null || state() == State.ENDED ? 0
        : h.stats().consumers().stream().filter(c -> c.name().startsWith(StreamHub.PULL_VIEWER_PREFIX)).count();
    return viewers.count() + (int) pull;
  }

  synchronized int generation() {
    return generation;
  }

  /** The source rendition's media, as the hub delivers it. */
  synchronized void accept(int publish, MediaItem item, Instant receivedAt) {
    accept(publish, SOURCE, item, receivedAt);
  }

  /**
   * Media of rendition {@code name} (a ladder rung), created on first use; a reconnect's ladder continues
   * the same renditions. Names are tokens the ladder chooses ([a-z0-9]{1,16}), never user text.
   */
  synchronized void accept(int publish, String name, MediaItem item, Instant receivedAt) {
    if (publish != generation || state != State.LIVE) return;
    Rendition r = find(name);
    if (r == null) r = addRendition(name);
    try {
      r.packager().accept(item, receivedAt);
    } catch (RuntimeException e) {
      // A packaging bug on one item must not end the broadcast: the item is lost, the stream goes on.
      packagingErrors++;
      if (packagingErrors == 1 || Long.bitCount(packagingErrors) == 1) {
        log.error("live input {}: rendition {} could not package an item ({} so far): {}", liveInputId, name,
            packagingErrors, e.toString());
      }
    }
  }

  /**
   * The order of the ladder's renditions, best first (the master lists them so, after the source), whichever
   * rung happens to deliver first. A rendition is made when its first item arrives, so rungs that get nothing
   * (those above the source) never exist.
   */
  synchronized void declare(List<String> names) {
    for (String name : names) if (!order.contains(name)) order.add(name);
  }

  private Rendition addRendition(String name) {
    if (!name.matches("[a-z0-9]{1,16}")) throw new IllegalArgumentException("rendition name " + name);
    RenditionWindow window = new RenditionWindow(name, settings, lowLatency, budget, clock);
    Rendition r = new Rendition(window, new RenditionPackager(window, settings));
    renditions.add(place(name), r);
    return r;
  }

  /** Where a new rendition goes: the source first, then declared ones in their order, then any others. */
  private int place(String name) {
    int rank = order.indexOf(name);
    if (renditions.isEmpty() || rank < 0) return renditions.size();
    int at = 1;
    while (at < renditions.size()) {
      int other = order.indexOf(renditions.get(at).window().name());
      if (other < 0 || other > rank) break;
      at++;
    }
    return at;
  }

  private Rendition find(String name) {
    for (Rendition r : renditions) if (r.window().name().equals(name)) return r;
    return null;
  }

  /**
   * A media playlist as served: the window's cached text and, while live with several renditions, fresh
   * EXT-X-RENDITION-REPORTs of the others (rfc8216bis 4.4.5.4), which come last in a playlist without
   * EXT-X-ENDLIST.
   */
  public String withRenditionReports(RenditionWindow window, String text) {
    if (renditions.size() < 2 || text.endsWith("#EXT-X-ENDLIST\n")) return text;
    List<RenditionReport> reports = new ArrayList<>();
    for (Rendition r : renditions) if (r.window() != window) r.window().report().ifPresent(reports::add);
    return text + PlaylistWriter.renditionReports(reports);
  }

  /** The publisher of generation {@code publish} went away: open segments complete, playlists stay. */
  synchronized void publisherGone(int publish) {
    if (publish != generation || state != State.LIVE) return;
    state = State.RECONNECTING;
    for (Rendition r : renditions) {
      try {
        r.packager().publisherGone();
      } catch (RuntimeException e) {
        log.error("live input {}: rendition {} could not complete its segment: {}", liveInputId, r.window().name(), e.toString());
      }
    }
  }

  /** A new publisher continues the broadcast; returns its generation. */
  synchronized int resume() {
    publisherGone(generation);
    generation++;
    state = State.LIVE;
    for (Rendition r : renditions) r.packager().resume();
    return generation;
  }

  /** Ends the broadcast if generation {@code publish} is still the last and has no publisher. */
  synchronized void endIfStillGone(int publish) {
    if (publish == generation && state == State.RECONNECTING) end();
  }

  /** EXT-X-ENDLIST on every rendition. */
  synchronized void end() {
    if (state == State.ENDED) return;
    publisherGone(generation);
    state = State.ENDED;
    for (Rendition r : renditions) r.window().end();
  }

  /** Frees every segment. */
  synchronized void close() {
    end();
    for (Rendition r : renditions) r.window().close();
  }

  public Optional<RenditionWindow> rendition(String name) {
    return Optional.ofNullable(find(name)).map(Rendition::window);
  }

  RenditionWindow source() {
    return renditions.get(0).window();
  }

  synchronized long droppedFrames() {
    return renditions.stream().mapToLong(r -> r.packager().droppedFrames()).sum();
  }

  /**
   * The master playlist: one variant per rendition that has a complete segment, audio muxed into each.
   * Empty until the first segment is complete.
   */
  public Optional<String> masterPlaylist() {
    List<Variant> variants = new ArrayList<>();
    for (Rendition r : renditions) {
      r.window().facts().ifPresent(f -> variants.add(variant(r.window().name(), f)));
    }
    if (variants.isEmpty()) return Optional.empty();
    // Validators flag a master declaring less than its media playlists; those need 6 for EXT-X-MAP.
    return Optional.of(PlaylistWriter.write(new MasterPlaylist(6, true, List.of(), variants)));
  }

  private Variant variant(String rendition, VariantFacts f) {
    String codecs = f.configs().stream().map(CodecConfig::codecString).filter(c -> !c.isEmpty())
        .collect(Collectors.joining(","));
    Resolution resolution = f.configs().stream().filter(c -> c.width() > 0 && c.height() > 0).findFirst()
        .map(c -> new Resolution(c.width(), c.height())).orElse(null);
    return new Variant(videoUid + "/" + rendition + ".m3u8", f.peakBandwidth(), f.averageBandwidth(),
        codecs.isEmpty() ? null : codecs, resolution, f.frameRate(), null);
  }
}
