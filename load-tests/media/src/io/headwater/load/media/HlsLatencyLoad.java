package io.headwater.load.media;

import static io.headwater.load.media.LoadSupport.one;
import static io.headwater.load.media.LoadSupport.optional;
import static io.headwater.load.media.LoadSupport.percentile;
import static io.headwater.load.media.LoadSupport.round;
import static io.headwater.load.media.LoadSupport.toJson;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The live HLS latency driver: N RTMP publishers replay one FLV file in real time (as
 * {@link RtmpPublishLoad} does), and for each an {@link HlsPoller} follows that stream's playlists from
 * the publisher's first media tag. It reports the time from that first tag to the first playlist listing a
 * segment, the live edge lag of each segment and LL-HLS part seen afterwards (p50/p95/max), and the CPU and
 * memory of the processes named with {@code --pid} over a measuring window.
 *
 * <pre>
 * java -cp load-tests/media/target/classes:target/classes io.headwater.load.media.HlsLatencyLoad \
 *   --url rtmp://127.0.0.1:11935/live --streams streams.txt --publishers 10 --flv test.flv \
 *   --warmup-seconds 5 --measure-seconds 30 --poll-ms 100 --pid node=1234 --out step.json
 * </pre>
 *
 * <p>{@code --streams} has one line per publisher: the stream key, a space, and the playlist URL to follow
 * (a master or a media playlist). Timeline, all bounded: publishers connect spread over {@code --spread-ms},
 * each poller starting with its publisher; once all publish (or fail, or {@code --setup-timeout-seconds}
 * pass), {@code --warmup-seconds}, then the CPU window of {@code --measure-seconds}; then the pollers stop,
 * then the publishers. Lag samples count from each poller's first playlist to the end of the window.
 * {@code --samples} gets one line per sample.
 */
public final class HlsLatencyLoad {
  private HlsLatencyLoad() {}

  public static void main(String[] argv) throws Exception {
    Map<String, List<String>> args = LoadSupport.parse(argv);
    String url = one(args, "url", null);
    Path streamsFile = Path.of(one(args, "streams", null));
    int n = Integer.parseInt(one(args, "publishers", "1"));
    Path flvPath = Path.of(one(args, "flv", null));
    int warmup = Integer.parseInt(one(args, "warmup-seconds", "5"));
    int measure = Integer.parseInt(one(args, "measure-seconds", "30"));
    int setupTimeout = Integer.parseInt(one(args, "setup-timeout-seconds", "30"));
    int grace = Integer.parseInt(one(args, "grace-seconds", "3"));
    long spreadMs = Long.parseLong(one(args, "spread-ms", "2000"));
    long pollMs = Long.parseLong(one(args, "poll-ms", "100"));
    long clockTicks = Long.parseLong(one(args, "clock-ticks", "100"));
    String outFile = optional(args, "out");
    String samplesFile = optional(args, "samples");
    Map<String, Integer> pids = LoadSupport.pids(args);

    List<String[]> streams = Files.readAllLines(streamsFile).stream().map(String::trim).filter(s -> !s.isEmpty())
        .map(s -> s.split("\\s+", 2)).toList();
    if (streams.size() < n || streams.stream().anyMatch(s -> s.length != 2)) {
      throw new IllegalArgumentException(streamsFile + ": need " + n + " lines of '<stream key> <playlist URL>'");
    }
    FlvFile flv = FlvFile.read(flvPath);
    RtmpPublisher.Run run = RtmpPublisher.Run.forUrl(url, flv, 4096, 131072, 131072, setupTimeout * 1000);
    PublisherFleet fleet = new PublisherFleet(run, streams.stream().map(s -> s[0]).toList(), n, spreadMs);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    List<HlsPoller> pollers = new ArrayList<>();
    List<Thread> pollerThreads = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      HlsPoller poller = new HlsPoller(i, fleet.publishers.get(i), URI.create(streams.get(i)[1]), http, pollMs);
      pollers.add(poller);
      Thread t = new Thread(null, poller, "poller-" + i, 256 * 1024);
      t.setDaemon(true);
      pollerThreads.add(t);
    }
    String loadBefore = loadAverage();
    fleet.start();
    pollerThreads.forEach(Thread::start);
    long setupMs = fleet.awaitSetUp(fleet.startNanos() + (spreadMs + setupTimeout * 1000L) * 1_000_000L);
    log("%d of %d publishing after %d ms; warm-up %d s, then measuring %d s", fleet.publishing(), n, setupMs, warmup, measure);

    Thread.sleep(warmup * 1000L);
    ProcStats.Snapshot before = ProcStats.Snapshot.take(pids);
    run.windowStart = System.nanoTime();
    Thread.sleep(measure * 1000L);
    run.windowEnd = System.nanoTime();
    for (HlsPoller p : pollers) p.recordUntil = run.windowEnd;
    ProcStats.Snapshot after = ProcStats.Snapshot.take(pids);
    Map<String, Long> rssEnd = ProcStats.rssKb(pids);
    String loadAfter = loadAverage();

    for (HlsPoller p : pollers) p.stop = true;
    long joinDeadline = System.nanoTime() + 12_000_000_000L; // a blocking reload in flight ends within its timeout
    for (Thread t : pollerThreads) t.join(Math.max(1, (joinDeadline - System.nanoTime()) / 1_000_000));
    long pollersStuck = pollerThreads.stream().filter(Thread::isAlive).count();
    int blocked = fleet.stop(grace);
    if (blocked > 0) log("%d publishers were still blocked in a write %d s after the end; closed them", blocked, grace);

    double windowSeconds = (run.windowEnd - run.windowStart) / 1e9;
    List<HlsPoller.Sample> segments = new ArrayList<>();
    List<HlsPoller.Sample> parts = new ArrayList<>();
    List<Double> firstPlaylist = new ArrayList<>();
    List<Double> firstSegmentLag = new ArrayList<>();
    Map<String, Integer> pollerErrors = new TreeMap<>();
    Map<String, Integer> fatal = new TreeMap<>();
    int lowLatency = 0;
    long requests = 0;
    for (HlsPoller p : pollers) {
      synchronized (p.segments) {
        p.segments.stream().filter(s -> s.seenNanos() <= run.windowEnd).forEach(segments::add);
      }
      synchronized (p.parts) {
        p.parts.stream().filter(s -> s.seenNanos() <= run.windowEnd).forEach(parts::add);
      }
      if (p.firstPlaylistNanos != 0) {
        firstPlaylist.add((p.firstPlaylistNanos - p.t0) / 1e6);
        firstSegmentLag.add((p.firstPlaylistNanos - p.t0) / 1e6 - p.firstSegmentSeconds * 1000);
        if (p.lowLatency) lowLatency++;
      }
      synchronized (p.errors) {
        p.errors.forEach((k, v) -> pollerErrors.merge(k, v, Integer::sum));
      }
      if (p.fatal != null) fatal.merge(p.fatal.length() > 160 ? p.fatal.substring(0, 160) : p.fatal, 1, Integer::sum);
      requests += p.requests;
    }
    Map<String, Integer> publisherErrors = new TreeMap<>();
    int published = 0;
    int connected = 0;
    List<long[]> lateness = new ArrayList<>();
    double[] responses = pollers.stream().flatMapToLong(p -> Arrays.stream(p.responseMicros.toArray()))
        .mapToDouble(us -> us / 1000.0).toArray();
    for (RtmpPublisher p : fleet.publishers) {
      if (p.publishingSinceNanos != 0) published++;
      if (p.publishingSinceNanos != 0 && p.state == RtmpPublisher.State.DONE) connected++;
      if (p.error != null) publisherErrors.merge(p.error.length() > 120 ? p.error.substring(0, 120) : p.error, 1, Integer::sum);
      lateness.add(p.latenessMicros.toArray());
    }
    long[] allLateness = lateness.stream().flatMapToLong(Arrays::stream).sorted().toArray();

    Map<String, Object> json = new LinkedHashMap<>();
    json.put("publishers", n);
    json.put("published", published);
    json.put("connectedToEnd", connected);
    json.put("playlists", firstPlaylist.size());
    json.put("mode", lowLatency == 0 ? "standard" : lowLatency == firstPlaylist.size() ? "ll" : "mixed");
    json.put("pollMs", pollMs);
    json.put("setupMs", setupMs);
    json.put("windowSeconds", round(windowSeconds));
    json.put("timeToFirstPlaylistMs", stats(firstPlaylist.stream().mapToDouble(Double::doubleValue).toArray()));
    // The first segment's lag, seen in the first playlist: the time to first playlist beyond its media.
    json.put("firstSegmentLagMs", stats(firstSegmentLag.stream().mapToDouble(Double::doubleValue).toArray()));
    json.put("segmentLagMs", lagStats(segments));
    json.put("partLagMs", lagStats(parts));
    json.put("cores", after.coresSince(before, clockTicks, windowSeconds));
    json.put("rssKbEnd", rssEnd);
    json.put("playlistResponseMs", stats(responses));
    json.put("playlistRequestsPerSecond", round(requests / ((run.windowEnd - fleet.startNanos()) / 1e9)));
    json.put("latenessMs", Map.of("p50", round(percentile(allLateness, 0.5) / 1000.0),
        "p99", round(percentile(allLateness, 0.99) / 1000.0),
        "max", round(allLateness.length == 0 ? 0 : allLateness[allLateness.length - 1] / 1000.0)));
    json.put("loadAverageBefore", loadBefore);
    json.put("loadAverageAfter", loadAfter);
    json.put("pollersStuckAtEnd", pollersStuck);
    json.put("blockedAtEnd", blocked);
    json.put("pollerErrors", pollerErrors);
    json.put("pollersStopped", fatal);
    json.put("publisherErrors", publisherErrors);
    String text = toJson(json);
    if (outFile != null) Files.writeString(Path.of(outFile), text + "\n");
    if (samplesFile != null) writeSamples(Path.of(samplesFile), segments, parts, run.windowStart);
    System.out.println(text);
    System.exit(0);
  }

  private static Map<String, Object> lagStats(List<HlsPoller.Sample> samples) {
    return stats(samples.stream().mapToDouble(HlsPoller.Sample::lagMs).toArray());
  }

  private static Map<String, Object> stats(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("count", v.length);
    m.put("min", round(v.length == 0 ? 0 : v[0]));
    m.put("p50", round(percentile(v, 0.5)));
    m.put("p95", round(percentile(v, 0.95)));
    m.put("max", round(v.length == 0 ? 0 : v[v.length - 1]));
    m.put("mean", round(Arrays.stream(v).average().orElse(0)));
    return m;
  }

  /** One line per sample: poller, kind, msn, part, seen (ms from the window start), lag. */
  private static void writeSamples(Path path, List<HlsPoller.Sample> segments, List<HlsPoller.Sample> parts,
      long windowStart) throws java.io.IOException {
    StringBuilder b = new StringBuilder("# poller kind msn part seen-ms-from-window-start lag-ms\n");
    Function<HlsPoller.Sample, String> line = s -> String.format(Locale.ROOT, "%d %s %d %d %.1f %.1f%n",
        s.poller(), s.part() < 0 ? "segment" : "part", s.msn(), s.part(), (s.seenNanos() - windowStart) / 1e6,
        s.lagMs());
    segments.forEach(s -> b.append(line.apply(s)));
    parts.forEach(s -> b.append(line.apply(s)));
    Files.writeString(path, b);
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (java.io.IOException e) {
      return "?";
    }
  }

  private static void log(String format, Object... values) {
    LoadSupport.log("hls-driver", format, values);
  }
}
