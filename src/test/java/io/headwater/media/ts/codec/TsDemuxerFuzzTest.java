package io.headwater.media.ts.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.headwater.media.Codec;
import io.headwater.media.CodecConfig;
import io.headwater.media.MediaFrame;
import io.headwater.media.MediaItem;
import io.headwater.media.MediaKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Arbitrary bytes into {@link TsDemuxer}, fed whole and in random slices: only {@link TsFormatException} may escape,
 * and slicing must change neither the items nor the counts. Whatever comes out must be what the media model
 * promises: each track's configuration before its frames, timestamps never negative, video as 4-byte
 * length-prefixed NAL units without delimiters or parameter sets, a positive audio sample rate. Input byte 0 seeds
 * the slicing; the rest is the stream. Committed inputs under TsDemuxerFuzzTestInputs/ (pieces of the FFmpeg golden
 * files, the muxer's output, damaged variants) run in every {@code mvn test};
 * {@code JAZZER_FUZZ=1 mvn -B -o test -Dtest=TsDemuxerFuzzTest} fuzzes.
 */
class TsDemuxerFuzzTest {
  /** Small, so the fuzzer reaches it. */
  private static final int MAX_PES_SIZE = 16 * 1024;

  /** The items as text and the counts, or the error that ended demuxing. */
  record Outcome(List<String> items, TsDemuxer.Stats stats, String error) {}

  @FuzzTest(maxDuration = "60s")
  void demux(byte[] input) throws TsFormatException {
    if (input.length == 0) {
      return;
    }
    byte[] ts = Arrays.copyOfRange(input, 1, input.length);
    Outcome whole = run(ts, ts.length + 1);
    assertEquals(whole, run(ts, input[0]));
  }

  private static Outcome run(byte[] ts, int slicing) throws TsFormatException {
    TsDemuxer demuxer = new TsDemuxer(MAX_PES_SIZE);
    Random sizes = new Random(slicing);
    List<MediaItem> items = new ArrayList<>();
    try {
      for (int at = 0; at < ts.length; ) {
        int n = slicing > ts.length ? ts.length : Math.min(ts.length - at, 1 + sizes.nextInt(3 * 188));
        items.addAll(demuxer.feed(ts, at, n));
        at += n;
      }
      items.addAll(demuxer.flush());
    } catch (TsFormatException e) {
      return new Outcome(List.of(), null, e.getMessage());
    }
    check(items);
    return new Outcome(TsFixtures.describe(items), demuxer.stats(), null);
  }

  private static void check(List<MediaItem> items) throws TsFormatException {
    Set<MediaKind> configured = EnumSet.noneOf(MediaKind.class);
    for (MediaItem item : items) {
      if (item instanceof CodecConfig c) {
        configured.add(c.kind());
        if (c.kind() == MediaKind.AUDIO && c.sampleRate() <= 0) {
          throw new AssertionError(c + " has no sample rate");
        }
      } else if (item instanceof MediaFrame f) {
        if (!configured.contains(f.kind()) || f.dts() < 0 || f.pts() < 0 || f.data().length == 0) {
          throw new AssertionError(f + " before its configuration, before zero or empty");
        }
        if (f.kind() == MediaKind.VIDEO) {
          for (byte[] nal : AnnexB.fromLengthPrefixed(f.codec(), f.data())) {
            int type = AnnexB.type(f.codec(), nal);
            if (f.codec() == Codec.HEVC ? type >= 32 && type <= 35 : type >= 7 && type <= 9) {
              throw new AssertionError(f + " carries NAL unit type " + type);
            }
          }
        }
      }
    }
  }
}
