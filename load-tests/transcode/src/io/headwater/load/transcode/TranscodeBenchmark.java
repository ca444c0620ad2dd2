package io.headwater.load.transcode;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.headwater.media.MediaFrame;
import io.headwater.media.MediaItem;
import io.headwater.media.hls.Broadcast;
import io.headwater.media.hls.HlsSettings;
import io.headwater.media.hls.HlsStreams;
import io.headwater.media.hls.RenditionLadder;
import io.headwater.media.hub.StreamHub;
import io.headwater.media.hub.StreamHubs;
import io.headwater.media.hub.StreamProfile;
import io.headwater.media.transcode.FfmpegLadder;
import io.headwater.media.transcode.TranscodeSettings;
import io.headwater.media.ts.codec.TsDemuxer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The transcoding benchmark: CPU-seconds per media-second of the default ladder from a 1080p30 source, in
 * Headwater (the production path: stream hub, lag gate, transcoder on its dispatcher, HLS packaging of every
 * rendition) and in the FFmpeg command line running the same ladder on the same file; then how many ladders
 * run side by side in real time without a dropped frame.
 *
 * <pre>java -cp classes:target/headwater.jar io.headwater.load.transcode.TranscodeBenchmark SOURCE.ts FFMPEG OUT_DIR</pre>
 *
 * FFMPEG "javacv" is the ffmpeg binary of the FFmpeg build inside the jar (JavaCPP unpacks it): the same
 * FFmpeg and x264 Headwater's transcoder links.
 *
 * Every run is paced in real time by the source's decode times (FFmpeg: -re). Headwater's CPU is this JVM's;
 * a passthrough run (the same stream packaged without a ladder) is measured too, so the ladder's own share is
 * the difference. System properties: bench.seconds (30, media seconds per measured run), bench.maxLadders (4).
 */
public final class TranscodeBenchmark {
  private static final String INPUT = "0123456789abcdef0123456789ab";
  private static final HlsSettings HLS = new HlsSettings(Duration.ofSeconds(2), 6, Duration.ofMillis(500),
      Duration.ofSeconds(30), Duration.ofSeconds(6), 64L << 20, 1L << 30, Duration.ofSeconds(15));

  private final ActorSystem<Void> system;
  private final TranscodeSettings settings;
  private final List<MediaItem> source;
  private final double sourceSeconds;
  private final List<String> reports = new CopyOnWriteArrayList<>();

  private TranscodeBenchmark(ActorSystem<Void> system, TranscodeSettings settings, List<MediaItem> source) {
    this.system = system;
    this.settings = settings;
    this.source = source;
    List<MediaFrame> frames = source.stream().filter(MediaFrame.class::isInstance).map(MediaFrame.class::cast).toList();
    this.sourceSeconds = (frames.get(frames.size() - 1).dts() - frames.get(0).dts()) / 90_000.0;
  }

  public static void main(String[] args) throws Exception {
    Path ts = Path.of(args[0]);
    String ffmpeg = args[1].equals("javacv") ? org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.ffmpeg.class) : args[1];
    Path out = Path.of(args[2]);
    int seconds = Integer.getInteger("bench.seconds", 30);
    int maxLadders = Integer.getInteger("bench.maxLadders", 4);
    int rounds = Integer.getInteger("bench.rounds", 3);
    Config config = ConfigFactory.parseString("pekko.actor.provider = local\npekko.loglevel = WARNING")
        .withFallback(ConfigFactory.load());
    TranscodeSettings settings = TranscodeSettings.fromConfig(config);
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "transcode-bench", config);
    try {
      TsDemuxer demuxer = new TsDemuxer();
      List<MediaItem> items = new ArrayList<>(demuxer.feed(Files.readAllBytes(ts)));
      items.addAll(demuxer.flush());
      TranscodeBenchmark bench = new TranscodeBenchmark(system, settings, ordered(items));
      bench.run(ts, ffmpeg, out, Math.min(seconds, (int) bench.sourceSeconds), maxLadders, rounds);
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private void run(Path ts, String ffmpeg, Path out, int seconds, int maxLadders, int rounds) throws Exception {
    System.out.printf(Locale.ROOT, "source %s: %.1f s; measured runs use %d s; ladder %s at %s; %d cores; ffmpeg %s%n",
        ts, sourceSeconds, seconds, settings.ladder().stream().map(TranscodeSettings.Rung::name).toList(),
        settings.preset(), Runtime.getRuntime().availableProcessors(), ffmpeg);
    new FfmpegLadder(system, settings, (a, b, c) -> {}).ready().toCompletableFuture().get(60, TimeUnit.SECONDS);

    Run warmup = headwater(1, 10, true);
    System.out.printf(Locale.ROOT, "warm-up (not counted): %s%n", warmup);
    // Rounds alternate the three measurements, so load from other processes spreads over all of them alike.
    List<Run> passthrough = new ArrayList<>();
    List<Run> ladder = new ArrayList<>();
    List<Run> cli = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      passthrough.add(headwater(1, seconds, false));
      System.out.printf(Locale.ROOT, "round %d headwater passthrough, 1 stream: %s%n", round, last(passthrough));
      ladder.add(headwater(1, seconds, true));
      System.out.printf(Locale.ROOT, "round %d headwater ladder, 1 stream: %s%n", round, last(ladder));
      cli.add(ffmpeg(ffmpeg, ts, out, seconds));
      System.out.printf(Locale.ROOT, "round %d ffmpeg CLI ladder, 1 stream: %s%n", round, last(cli));
    }
    double hw = median(ladder);
    double pass = median(passthrough);
    double ff = median(cli);
    System.out.printf(Locale.ROOT,
        "RESULT median cpu-s per media-s over %d rounds: headwater %.3f (passthrough %.3f, so the ladder alone %.3f), "
            + "ffmpeg %.3f; ratio headwater/ffmpeg %.2f (ladder alone %.2f)%n",
        rounds, hw, pass, hw - pass, ff, hw / ff, (hw - pass) / ff);

    int sustained = 0;
    for (int n = 1; n <= maxLadders; n++) {
      Run r = headwater(n, seconds, true);
      System.out.printf(Locale.ROOT, "headwater %d ladders side by side: %s%n", n, r);
      if (!r.keptUp()) {
        // Other processes share the machine: a second try tells a ladder too many from a busy moment.
        r = headwater(n, seconds, true);
        System.out.printf(Locale.ROOT, "headwater %d ladders side by side, again: %s%n", n, r);
        if (!r.keptUp()) break;
      }
      sustained = n;
    }
    System.out.printf(Locale.ROOT, "RESULT ladders sustained in real time: %d%n", sustained);
  }

  private static Run last(List<Run> runs) {
    return runs.get(runs.size() - 1);
  }

  private static double median(List<Run> runs) {
    List<Double> v = runs.stream().map(Run::cpuPerMediaSecond).sorted().toList();
    return v.size() % 2 == 1 ? v.get(v.size() / 2) : (v.get(v.size() / 2 - 1) + v.get(v.size() / 2)) / 2;
  }

  /**
   * What one measured run cost: this process's (or FFmpeg's) CPU, and how busy the whole machine was meanwhile,
   * other processes included.
   */
  private record Run(int streams, double mediaSeconds, double wallSeconds, double cpuSeconds, double machineBusy,
      int droppedReports, double tailSeconds) {
    double cpuPerMediaSecond() {
      return cpuSeconds / (streams * mediaSeconds);
    }

    /** No frame dropped, and every rendition done within a second of the source. */
    boolean keptUp() {
      return droppedReports == 0 && tailSeconds <= 1;
    }

    @Override
    public String toString() {
      int cores = Runtime.getRuntime().availableProcessors();
      return String.format(Locale.ROOT, "%.0f media-s x %d in %.1f s wall, %.1f cpu-s = %.3f cpu-s per media-s, "
          + "%.0f%% of the machine (machine busy %.0f%%); drop reports %d, last rendition done %.1f s after the source",
          mediaSeconds, streams, wallSeconds, cpuSeconds, cpuPerMediaSecond(), 100 * cpuSeconds / wallSeconds / cores,
          100 * machineBusy, droppedReports, tailSeconds);
    }
  }

  /** Busy jiffies of all CPUs and all jiffies, from /proc/stat. */
  private static long[] machineJiffies() throws java.io.IOException {
    String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
    long total = 0;
    for (int i = 1; i < f.length; i++) total += Long.parseLong(f[i]);
    long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
    return new long[] {total - idle, total};
  }

  private static double busySince(long[] start) throws java.io.IOException {
    long[] now = machineJiffies();
    return (now[0] - start[0]) / (double) Math.max(1, now[1] - start[1]);
  }

  /** {@code streams} publishes of the first {@code seconds} of the source, in real time, each packaged (and transcoded). */
  private Run headwater(int streams, int seconds, boolean transcode) throws Exception {
    reports.clear();
    RenditionLadder ladder = transcode
        ? new FfmpegLadder(system, settings, (input, session, reason) -> reports.add(reason)) : RenditionLadder.NONE;
    HlsStreams hls = new HlsStreams(system, HLS, Clock.systemUTC(), ladder);
    StreamHubs hubs = new StreamHubs(2000, 3000, 64L << 20);
    hubs.addListener(hls);
    List<StreamHub> open = new ArrayList<>();
    for (int i = 0; i < streams; i++) {
      open.add(hubs.open(String.format("%s%04d", INPUT, i), new StreamProfile("bench-" + i, false, Duration.ofSeconds(60), false)));
    }
    for (StreamHub hub : open) {
      while (hub.stats().consumers().size() < (transcode ? 2 : 1)) TimeUnit.MILLISECONDS.sleep(10);
    }
    long cpuStart = cpuNanos();
    long[] machine = machineJiffies();
    long wallStart = System.nanoTime();
    long first = -1;
    for (MediaItem item : source) {
      if (item instanceof MediaFrame f) {
        if (first < 0) first = f.dts();
        long at = (f.dts() - first) * 1_000_000_000L / 90_000;
        if (at > seconds * 1_000_000_000L) break;
        long wait = wallStart + at - System.nanoTime();
        if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
      }
      for (StreamHub hub : open) hub.publish(item);
    }
    long sourceDone = System.nanoTime();
    for (StreamHub hub : open) hubs.close(hub, null);
    for (StreamHub hub : open) {
      Broadcast b = hls.find(hub.liveInputId()).orElseThrow();
      while (b.state() == Broadcast.State.LIVE) TimeUnit.MILLISECONDS.sleep(5);
    }
    long done = System.nanoTime();
    double cpu = (cpuNanos() - cpuStart) / 1e9;
    int dropped = (int) reports.stream().filter(r -> r.startsWith("transcoding fell behind")).count();
    reports.stream().filter(r -> !r.startsWith("transcoding fell behind")).forEach(r -> System.out.println("report: " + r));
    return new Run(streams, seconds, (done - wallStart) / 1e9, cpu, busySince(machine), dropped, (done - sourceDone) / 1e9);
  }

  /** The same ladder with FFmpeg's command line: one decode, a split, a scale and an x264 encode per rung, fMP4 HLS out. */
  private Run ffmpeg(String ffmpeg, Path ts, Path out, int seconds) throws Exception {
    List<String> sizes = List.of("1280:720", "854:480", "640:360");
    List<Integer> kbps = List.of(2500, 1200, 700);
    StringBuilder graph = new StringBuilder("[0:v]split=3[s0][s1][s2]");
    for (int i = 0; i < 3; i++) graph.append(";[s").append(i).append("]scale=").append(sizes.get(i)).append(":flags=bicubic[v").append(i).append(']');
    List<String> command = new ArrayList<>(List.of(ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
        "-re", "-t", Integer.toString(seconds), "-i", ts.toString(), "-filter_complex", graph.toString()));
    for (int i = 0; i < 3; i++) {
      long b = kbps.get(i) * 1000L;
      Path dir = Files.createDirectories(out.resolve("ffmpeg-" + i));
      command.addAll(List.of("-map", "[v" + i + "]", "-map", "0:a", "-c:v", "libx264", "-preset", settings.preset(),
          "-tune", "zerolatency", "-b:v", Long.toString(b), "-maxrate", Long.toString(b * 3 / 2), "-bufsize",
          Long.toString(b * 2), "-bf", "0", "-x264-params", "keyint=infinite:scenecut=0:open-gop=0", "-forced-idr", "1",
          "-force_key_frames", "source", "-c:a", "copy", "-bsf:a", "aac_adtstoasc", "-f", "hls", "-hls_time", "2", "-hls_list_size", "6",
          "-hls_segment_type", "fmp4", "-hls_flags", "delete_segments", "-hls_fmp4_init_filename", "init-" + i + ".mp4",
          dir.resolve("index.m3u8").toString()));
    }
    // bash reports its children's CPU (utime + stime of the waited-for FFmpeg) from /proc after FFmpeg exits.
    String script = "\"$@\"; rc=$?; read -r -a s < /proc/$$/stat; echo \"CHILD_CPU_TICKS $(( s[15] + s[16] ))\"; exit $rc";
    List<String> bash = new ArrayList<>(List.of("bash", "-c", script, "bash"));
    bash.addAll(command);
    long[] machine = machineJiffies();
    long wallStart = System.nanoTime();
    Process p = new ProcessBuilder(bash).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    int rc = p.waitFor();
    double wall = (System.nanoTime() - wallStart) / 1e9;
    String ticks = output.lines().filter(l -> l.startsWith("CHILD_CPU_TICKS ")).findFirst()
        .orElseThrow(() -> new IllegalStateException("ffmpeg (rc " + rc + "): " + output));
    if (rc != 0) throw new IllegalStateException("ffmpeg exited " + rc + ": " + output);
    long clkTck = Long.parseLong(new String(new ProcessBuilder("getconf", "CLK_TCK").start().getInputStream().readAllBytes()).strip());
    return new Run(1, seconds, wall, Long.parseLong(ticks.substring(16).strip()) / (double) clkTck, busySince(machine), 0, 0);
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** Configurations first, then frames by decode time (audio first on a tie), as a publisher sends them. */
  private static List<MediaItem> ordered(List<MediaItem> items) {
    List<MediaItem> out = new ArrayList<>(items.stream().filter(i -> !(i instanceof MediaFrame)).toList());
    out.addAll(items.stream().filter(MediaFrame.class::isInstance).map(MediaFrame.class::cast)
        .sorted(Comparator.comparingLong(MediaFrame::dts).thenComparing(f -> f.kind() == io.headwater.media.MediaKind.VIDEO))
        .toList());
    return out;
  }
}
