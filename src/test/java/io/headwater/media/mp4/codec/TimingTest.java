package io.headwater.media.mp4.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.headwater.media.Codec;
import io.headwater.media.CodecConfig;
import io.headwater.media.MediaFrame;
import io.headwater.media.Timebase;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * 90 kHz to track timescale: a table of conversions, and the property a player notices, that a long run of
 * segments written one after another never drifts from the publisher's clock: each segment's tfdt equals the
 * previous one's tfdt plus its durations, and both match the converted decode time.
 */
class TimingTest {
  static final Mp4Track AAC_44K = Mp4Track.of(2,
      new CodecConfig(Codec.AAC, Mp4TestData.hex("12 10"), 0, 0, 44100, 2, "mp4a.40.2"));

  static Stream<Arguments> conversions() {
    return Stream.of(
        Arguments.of("video keeps 90 kHz ticks", MediaSegmentTest.VIDEO, 123_456_789L, 123_456_789L),
        Arguments.of("one AAC frame at 48 kHz", MediaSegmentTest.AUDIO, 1920L, 1024L),
        Arguments.of("one second at 44.1 kHz", AAC_44K, 90_000L, 44_100L),
        Arguments.of("23 ms at 44.1 kHz: 1014.3 rounds down", AAC_44K, 2070L, 1014L),
        Arguments.of("half a tick rounds up: 15 ticks at 48 kHz are 8", MediaSegmentTest.AUDIO, 15L, 8L),
        Arguments.of("negative times round to nearest too", MediaSegmentTest.AUDIO, -1920L, -1024L),
        Arguments.of("a day of ticks at 48 kHz", MediaSegmentTest.AUDIO, 86_400L * 90_000, 86_400L * 48_000));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("conversions")
  void converts(String name, Mp4Track track, long ticks, long expected) {
    assertEquals(expected, track.toTimescale(ticks));
  }

  @Test
  void anHourOfMillisecondAacTimestampsInSegmentsDoesNotDrift() {
    // RTMP gives AAC frames whole-millisecond timestamps: 1024 samples at 44.1 kHz are 23.22 ms, sent as 23 or 24.
    int frames = 3600 * 44_100 / 1024;
    List<MediaFrame> all = new ArrayList<>();
    for (int i = 0; i < frames; i++) {
      long ms = Math.round(i * 1024 * 1000.0 / 44_100);
      all.add(Mp4TestData.aac(Timebase.fromMillis(ms), "21 10"));
    }
    long expectedTfdt = AAC_44K.toTimescale(all.get(0).dts());
    for (int from = 0; from < frames; from += 258) { // about 6 s segments
      int to = Math.min(from + 258, frames);
      long nextDts = to < frames ? all.get(to).dts() : all.get(frames - 1).dts() + 2090;
      List<Mp4Sample> samples = Mp4Sample.timed(AAC_44K, all.subList(from, to), nextDts);
      assertEquals(expectedTfdt, AAC_44K.toTimescale(samples.get(0).frame().dts()), "tfdt of the segment at " + from);
      expectedTfdt += samples.stream().mapToLong(Mp4Sample::duration).sum();
      assertEquals(AAC_44K.toTimescale(nextDts), expectedTfdt);
    }
    assertEquals(Math.round(3600.0 * 44_100 / 1024 * 1024), expectedTfdt, 1024.0, "an hour of audio, within a frame");
  }
}
