package io.headwater.media.transcode;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.headwater.media.Codec;
import io.headwater.media.CodecConfig;
import io.headwater.media.MediaItem;
import io.headwater.media.MediaKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Fifty publishes, each really decoded and encoded into two rungs, ending every way a publish ends (the
 * source completes, the consumer cancels mid-stream, the transcoder fails mid-stream): native memory (RSS less
 * the committed heap), the process's threads (x264's and the decoder's own included) and its open files come
 * back to where they were.
 */
class TranscoderLeakTest {
  // Two transcode threads, so the warm-up starts them all and the dispatcher's pool does not grow while measured.
  private static final ActorTestKit actors = ActorTestKit.create(ConfigFactory.parseString(
      "headwater.transcode.dispatcher.thread-pool-executor.fixed-pool-size = 2").withFallback(ConfigFactory.load()));
  private static final int CYCLES = 50;

  @AfterAll
  static void stop() {
    actors.shutdownTestKit();
  }

  @Test
  void fiftyPublishesLeaveNativeMemoryThreadsAndOpenFilesAsTheyWere() throws Exception {
    List<MediaItem> source = SourceStreams.h264(640, 360, 2, 30);
    for (int i = 0; i < 6; i++) cycle(source, i); // loads the libraries, warms the allocator, the JIT and the pools
    Usage before = Usage.now();
    List<Usage> samples = new ArrayList<>();
    for (int i = 0; i < CYCLES; i++) {
      cycle(source, i);
      if (i % 10 == 9) samples.add(Usage.now());
    }
    Usage after = samples.get(samples.size() - 1);

    String report = "before " + before + ", then every 10 publishes " + samples;
    System.out.println("TranscoderLeakTest: " + report);
    assertTrue(after.nativeBytes - before.nativeBytes < 32L << 20, "native memory grew: " + report);
    assertTrue(after.nativeBytes - samples.get(1).nativeBytes < 16L << 20, "native memory keeps growing: " + report);
    assertTrue(after.threads - before.threads <= 3, "threads left running: " + report);
    assertTrue(after.openFiles - before.openFiles <= 3, "files left open: " + report);
  }

  /** One publish, ending by completion, cancellation or failure in turn. */
  private static void cycle(List<MediaItem> source, int i) throws Exception {
    List<Work> work = new ArrayList<>(source.stream().map(Work::of).toList());
    switch (i % 3) {
      case 0 -> TranscoderTest.transcode(TranscoderTest.SETTINGS, work);
      case 1 -> run(work, 40); // the consumer cancels after 40 rung items: postStop closes the transcoder
      default -> {
        // A source the transcoder cannot follow, mid-stream: it fails, reports, and closes.
        work.add(Work.of(new CodecConfig(Codec.AV1, new byte[] {(byte) 0x81, 0, 0, 0}, 640, 360, 0, 0, "av01.0.05M.08")));
        work.addAll(source.stream().filter(m -> m instanceof io.headwater.media.MediaFrame f && f.kind() == MediaKind.AUDIO)
            .map(Work::of).toList());
        List<String> failures = new ArrayList<>();
        run(work, Long.MAX_VALUE, failures);
        assertTrue(failures.size() == 1 && failures.get(0).equals("AV1 sources are not transcoded"), failures.toString());
      }
    }
  }

  private static void run(List<Work> work, long take) throws Exception {
    run(work, take, new ArrayList<>());
  }

  private static void run(List<Work> work, long take, List<String> failures) throws Exception {
    Source.from(work)
        .via(Flow.fromGraph(new TranscodeStage(() -> new Transcoder(TranscoderTest.SETTINGS, "leak test"), failures::add))
            .async("headwater.transcode.dispatcher", 1))
        .take(take)
        .runWith(Sink.ignore(), actors.system())
        .toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  /** What the process holds outside the Java heap. */
  private record Usage(long nativeBytes, int threads, int openFiles) {
    static Usage now() throws IOException, InterruptedException {
      // Settle: collected Java objects, native threads that are still joining.
      for (int i = 0; i < 3; i++) {
        System.gc();
        TimeUnit.MILLISECONDS.sleep(200); // lets exiting native threads finish before they are counted
      }
      long rss = 0;
      int threads = 0;
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) rss = Long.parseLong(line.replaceAll("\\D", "")) * 1024;
        if (line.startsWith("Threads:")) threads = Integer.parseInt(line.replaceAll("\\D", ""));
      }
      int files;
      try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
        files = (int) fds.count();
      }
      return new Usage(rss - Runtime.getRuntime().totalMemory(), threads, files);
    }

    @Override
    public String toString() {
      return (nativeBytes >> 20) + " MiB native, " + threads + " threads, " + openFiles + " files";
    }
  }
}
