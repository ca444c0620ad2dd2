package io.headwater.load.media;

import static io.headwater.load.media.LoadSupport.one;
import static io.headwater.load.media.LoadSupport.optional;
import static io.headwater.load.media.LoadSupport.percentile;
import static io.headwater.load.media.LoadSupport.round;
import static io.headwater.load.media.LoadSupport.toJson;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The RTMP ingest load driver: N publishers in one JVM replay one pre-encoded FLV file in real time to an
 * RTMP server, each with its own stream key, then report per publisher whether it stayed connected and
 * kept up, and for the run the CPU and memory of the processes named with {@code --pid}.
 *
 * <pre>
 * java -cp load-tests/media/target/classes:target/classes io.headwater.load.media.RtmpPublishLoad \
 *   --url rtmp://127.0.0.1:11935/live --keys keys.txt --publishers 10 --flv test.flv \
 *   --warmup-seconds 5 --measure-seconds 15 --pid node=1234 --pid cassandra=1300 --out step.json
 * </pre>
 *
 * <p>Timeline, all bounded: publishers connect spread over {@code --spread-ms}; the driver waits until all
 * publish (or fail, or {@code --setup-timeout-seconds} pass), then {@code --warmup-seconds}, then measures
 * for {@code --measure-seconds}, then stops every publisher (unpublish and close), closing the sockets of
 * any still blocked in a write after {@code --grace-seconds}. With {@code --heap-of NAME} (a JVM named by
 * {@code --pid}), between the window and the stop it runs a full GC in that JVM with {@code jcmd} and
 * records the heap left: the live data the publishers hold. The JSON written to {@code --out} has the
 * run's totals; {@code --details} gets one line per publisher.
 *
 * <p>A publisher kept up when it published, stayed connected to the end, and during the measuring window:
 * sent at least 95 % of the media bytes that fell due, had p99 send lateness at most
 * {@code --max-p99-lateness-ms}, was behind schedule by at most {@code --max-end-lag-ms} at the end, got
 * the acknowledgements it asked for, and none of them came later than {@code --max-ack-delay-ms} after the
 * bytes they cover were written.
 */
public final class RtmpPublishLoad {
  private RtmpPublishLoad() {}

  public static void main(String[] argv) throws Exception {
    Map<String, List<String>> args = LoadSupport.parse(argv);
    String url = one(args, "url", null);
    Path keysFile = Path.of(one(args, "keys", null));
    int n = Integer.parseInt(one(args, "publishers", "1"));
    Path flvPath = Path.of(one(args, "flv", null));
    int warmup = Integer.parseInt(one(args, "warmup-seconds", "5"));
    int measure = Integer.parseInt(one(args, "measure-seconds", "15"));
    int setupTimeout = Integer.parseInt(one(args, "setup-timeout-seconds", "30"));
    int grace = Integer.parseInt(one(args, "grace-seconds", "3"));
    long spreadMs = Long.parseLong(one(args, "spread-ms", "2000"));
    int chunkSize = Integer.parseInt(one(args, "chunk-size", "4096"));
    long ackWindow = Long.parseLong(one(args, "ack-window", "131072"));
    int sendBuffer = Integer.parseInt(one(args, "send-buffer", "131072"));
    long clockTicks = Long.parseLong(one(args, "clock-ticks", "100"));
    double maxP99LatenessMs = Double.parseDouble(one(args, "max-p99-lateness-ms", "500"));
    double maxEndLagMs = Double.parseDouble(one(args, "max-end-lag-ms", "1000"));
    double maxAckDelayMs = Double.parseDouble(one(args, "max-ack-delay-ms", "2000"));
    String outFile = optional(args, "out");
    String detailsFile = optional(args, "details");
    Map<String, Integer> pids = LoadSupport.pids(args);

    List<String> keys = Files.readAllLines(keysFile).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    if (keys.size() < n) throw new IllegalArgumentException(keysFile + " has " + keys.size() + " keys, need " + n);
    FlvFile flv = FlvFile.read(flvPath);
    double bytesPerSecond = flv.mediaBytesPerLoop * 1000.0 / flv.loopMillis;
    log("FLV %s: %d media tags, %d ms per loop, %.0f kbit/s of tag bodies, largest tag %d bytes",
        flvPath.getFileName(), flv.media.size(), flv.loopMillis, bytesPerSecond * 8 / 1000, flv.maxTagSize);

    RtmpPublisher.Run run = RtmpPublisher.Run.forUrl(url, flv, chunkSize, ackWindow, sendBuffer, setupTimeout * 1000);
    PublisherFleet fleet = new PublisherFleet(run, keys, n, spreadMs);
    List<RtmpPublisher> publishers = fleet.publishers;
    fleet.start();
    long setupMs = fleet.awaitSetUp(fleet.startNanos() + (spreadMs + setupTimeout * 1000L) * 1_000_000L);
    log("%d of %d publishing after %d ms; warm-up %d s, then measuring %d s", fleet.publishing(), n, setupMs, warmup, measure);

    Thread.sleep(warmup * 1000L);
    ProcStats.Snapshot before = ProcStats.Snapshot.take(pids);
    run.windowStart = System.nanoTime();
    Map<String, Long> rssMax = new LinkedHashMap<>();
    long windowEnd = run.windowStart + measure * 1_000_000_000L;
    while (System.nanoTime() < windowEnd) {
      for (Map.Entry<String, Integer> e : pids.entrySet()) {
        rssMax.merge(e.getKey(), ProcStats.rssKb(e.getValue()), Math::max);
      }
      Thread.sleep(Math.max(1, Math.min(1000, (windowEnd - System.nanoTime()) / 1_000_000)));
    }
    run.windowEnd = System.nanoTime();
    for (RtmpPublisher p : publishers) p.endLagMillis = p.lagMillisAt(run.windowEnd);
    ProcStats.Snapshot after = ProcStats.Snapshot.take(pids);
    Map<String, Long> rssEnd = ProcStats.rssKb(pids);
    // After the window, with the publishers still streaming: a full GC, then the heap it left (live data).
    Map<String, Long> liveHeap = new LinkedHashMap<>();
    Map<String, Long> heapCommitted = new LinkedHashMap<>();
    for (String name : args.getOrDefault("heap-of", List.of())) {
      long[] heap = ProcStats.liveHeapKb(pids.get(name));
      if (heap != null) {
        liveHeap.put(name, heap[0]);
        heapCommitted.put(name, heap[1]);
      }
    }
    int blocked = fleet.stop(grace);
    if (blocked > 0) log("%d publishers were still blocked in a write %d s after the end; closed them", blocked, grace);

    double windowSeconds = (run.windowEnd - run.windowStart) / 1e9;
    double ackWindowCount = bytesPerSecond * windowSeconds / ackWindow;
    Report report = new Report();
    StringBuilder details = new StringBuilder(
        "# index state sent/due p50/p99/max-lateness-ms end-lag-ms acks ack-delay-p99/max-ms attempts kept-up error\n");
    for (RtmpPublisher p : publishers) {
      long[] lateness = p.latenessMicros.toArray();
      long[] ackDelays = p.ackDelayMicros.toArray();
      Arrays.sort(lateness);
      Arrays.sort(ackDelays);
      long due = dueBytes(flv, p, run);
      double sentRatio = due == 0 ? 0 : (double) p.windowMediaBytesSent / due;
      double p99 = percentile(lateness, 0.99) / 1000.0;
      double ackMax = ackDelays.length == 0 ? 0 : ackDelays[ackDelays.length - 1] / 1000.0;
      boolean published = p.publishingSinceNanos != 0;
      boolean connected = published && p.state == RtmpPublisher.State.DONE;
      List<String> why = new ArrayList<>();
      if (!published) why.add("never published");
      else if (!connected) why.add("disconnected");
      if (published && sentRatio < 0.95) why.add(String.format(Locale.ROOT, "sent %.2f of due", sentRatio));
      if (published && p99 > maxP99LatenessMs) why.add("p99 lateness");
      if (published && p.endLagMillis > maxEndLagMs) why.add("behind at end");
      if (published && ackDelays.length < ackWindowCount / 2) why.add("too few acknowledgements");
      if (published && ackMax > maxAckDelayMs) why.add("ack delay");
      boolean keptUp = why.isEmpty();
      report.add(p, keptUp, connected, published, sentRatio, lateness, ackDelays, why);
      details.append(String.format(Locale.ROOT, "%d %s %.3f %.1f/%.1f/%.1f %d %d %.1f/%.1f %d %s %s%n",
          p.index, p.state, sentRatio, percentile(lateness, 0.5) / 1000.0, p99,
          (lateness.length == 0 ? 0 : lateness[lateness.length - 1]) / 1000.0, p.endLagMillis,
          ackDelays.length, percentile(ackDelays, 0.99) / 1000.0, ackMax, p.attempts,
          keptUp ? "yes" : "no:" + String.join(",", why).replace(' ', '_'),
          p.error == null ? "" : p.error.replace('\n', ' ')));
    }
    if (detailsFile != null) Files.writeString(Path.of(detailsFile), details);

    Map<String, Object> json = new LinkedHashMap<>();
    json.put("publishers", n);
    json.put("published", report.published);
    json.put("connectedToEnd", report.connected);
    json.put("keptUp", report.keptUp);
    json.put("allKeptUp", report.keptUp == n);
    json.put("setupMs", setupMs);
    json.put("windowSeconds", round(windowSeconds));
    json.put("mediaKbitPerPublisher", round(bytesPerSecond * 8 / 1000));
    Map<String, Object> cores = after.coresSince(before, clockTicks, windowSeconds);
    json.put("cores", cores);
    json.put("rssKbEnd", rssEnd);
    json.put("rssKbMax", rssMax);
    json.put("liveHeapKbAfterFullGc", liveHeap);
    json.put("heapCommittedKbAfterFullGc", heapCommitted);
    long[] allLateness = report.lateness();
    long[] allAcks = report.ackDelays();
    json.put("latenessMs", Map.of("p50", round(percentile(allLateness, 0.5) / 1000.0),
        "p99", round(percentile(allLateness, 0.99) / 1000.0),
        "max", round(allLateness.length == 0 ? 0 : allLateness[allLateness.length - 1] / 1000.0)));
    json.put("ackDelayMs", Map.of("count", allAcks.length, "p50", round(percentile(allAcks, 0.5) / 1000.0),
        "p99", round(percentile(allAcks, 0.99) / 1000.0),
        "max", round(allAcks.length == 0 ? 0 : allAcks[allAcks.length - 1] / 1000.0)));
    json.put("endLagMsMax", report.maxEndLag);
    json.put("sentRatioMin", round(report.minSentRatio));
    json.put("blockedAtEnd", blocked);
    json.put("notKeptUpReasons", report.reasons);
    json.put("errors", report.errors);
    String text = toJson(json);
    if (outFile != null) Files.writeString(Path.of(outFile), text + "\n");
    System.out.println(text);
    System.exit(0);
  }

  // ---- report

  private static final class Report {
    int published;
    int connected;
    int keptUp;
    long maxEndLag;
    double minSentRatio = Double.MAX_VALUE;
    final List<long[]> latenessArrays = new ArrayList<>();
    final List<long[]> ackArrays = new ArrayList<>();
    final Map<String, Integer> reasons = new TreeMap<>();
    final Map<String, Integer> errors = new TreeMap<>();

    void add(RtmpPublisher p, boolean kept, boolean isConnected, boolean isPublished, double sentRatio,
        long[] lateness, long[] acks, List<String> why) {
      if (isPublished) published++;
      if (isConnected) connected++;
      if (kept) keptUp++;
      maxEndLag = Math.max(maxEndLag, p.endLagMillis);
      if (isPublished) minSentRatio = Math.min(minSentRatio, sentRatio);
      latenessArrays.add(lateness);
      ackArrays.add(acks);
      for (String w : why) reasons.merge(w, 1, Integer::sum);
      if (p.error != null) {
        String e = p.error.length() > 120 ? p.error.substring(0, 120) : p.error;
        errors.merge(e, 1, Integer::sum);
      }
    }

    long[] lateness() {
      return merge(latenessArrays);
    }

    long[] ackDelays() {
      return merge(ackArrays);
    }

    private static long[] merge(List<long[]> arrays) {
      long[] all = arrays.stream().flatMapToLong(Arrays::stream).toArray();
      Arrays.sort(all);
      return all;
    }
  }

  /** Media body bytes of the tags that fell due inside the window, on this publisher's schedule. */
  private static long dueBytes(FlvFile flv, RtmpPublisher p, RtmpPublisher.Run run) {
    long t0 = p.mediaStartNanos;
    if (t0 == 0) return 0;
    long sum = 0;
    for (long loop = 0; ; loop++) {
      for (FlvFile.Tag tag : flv.media) {
        long due = t0 + (loop * flv.loopMillis + tag.timestamp()) * 1_000_000L;
        if (due >= run.windowEnd) return sum;
        if (due >= run.windowStart) sum += tag.body().length;
      }
    }
  }

  private static void log(String format, Object... values) {
    LoadSupport.log("driver", format, values);
  }
}
