package io.headwater.it;

import io.headwater.media.MediaFrame;
import io.headwater.media.MediaItem;
import io.headwater.media.MediaKind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** What the abuse tests share: replaying a corpus in parallel, and judging the canary's stream. */
final class AbuseRuns {
  private AbuseRuns() {}

  /** Replays every case on {@code threads} threads; the verdicts that are not null (what went wrong). */
  static <C> List<String> replayAll(List<C> corpus, int threads, Function<C, String> replay) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<String>> verdicts = new ArrayList<>();
      for (C c : corpus) verdicts.add(pool.submit((Callable<String>) () -> replay.apply(c)));
      List<String> failures = new ArrayList<>();
      for (Future<String> v : verdicts) {
        String verdict = v.get(60, TimeUnit.SECONDS);
        if (verdict != null) failures.add(verdict);
      }
      return failures;
    } finally {
      pool.shutdown();
    }
  }

  static List<MediaFrame> video(List<MediaItem> items) {
    return items.stream().filter(i -> i instanceof MediaFrame f && f.kind() == MediaKind.VIDEO)
        .map(MediaFrame.class::cast).toList();
  }

  /** The largest step between consecutive frames' decode times, milliseconds. */
  static long worstGapMillis(List<MediaFrame> frames) {
    long worst = 0;
    for (int i = 1; i < frames.size(); i++) worst = Math.max(worst, (frames.get(i).dts() - frames.get(i - 1).dts()) / 90);
    return worst;
  }
}
