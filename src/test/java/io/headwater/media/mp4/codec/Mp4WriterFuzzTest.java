package io.headwater.media.mp4.codec;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.headwater.media.Codec;
import io.headwater.media.CodecConfig;
import io.headwater.media.MediaFrame;
import io.headwater.media.MediaKind;
import io.headwater.media.mp4.codec.FragmentReader.Sample;
import io.headwater.media.mp4.codec.MediaSegment.TrackSamples;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Jazzer target for the writers, driven by whatever a publisher could send: any codec, any configuration bytes,
 * sizes and rates, any frames. The writers may refuse with {@link IllegalArgumentException}; anything else escaping
 * is a bug. What they write must read back: the init segment as a box tree, the fragment as the same samples with
 * the same decode times, composition offsets, sync flags and bytes. {@code JAZZER_FUZZ=1 mvn -B -o test
 * -Dtest=Mp4WriterFuzzTest} fuzzes it.
 */
class Mp4WriterFuzzTest {
  private static final Codec[] CODECS = Codec.values();

  @FuzzTest(maxDuration = "45s")
  void writtenSegmentsReadBack(FuzzedDataProvider data) throws Mp4FormatException {
    Codec codec = data.pickValue(CODECS);
    CodecConfig config = new CodecConfig(codec, data.consumeBytes(data.consumeInt(0, 64)),
        data.consumeInt(0, 70_000), data.consumeInt(0, 70_000), data.consumeInt(0, 200_000), data.consumeInt(0, 8),
        "fuzz");
    Mp4Track track;
    byte[] init;
    try {
      track = Mp4Track.of(data.consumeInt(1, 5), config);
      init = InitSegment.encode(List.of(track));
    } catch (IllegalArgumentException refused) {
      return;
    }
    Mp4Boxes.parse(init);

    List<MediaFrame> frames = new ArrayList<>();
    long dts = data.consumeLong(0, 1L << 40);
    int count = data.consumeInt(1, 8);
    for (int i = 0; i < count; i++) {
      frames.add(new MediaFrame(codec, dts, dts + data.consumeInt(-9000, 9000), data.consumeBoolean(),
          data.consumeBytes(data.consumeInt(0, 32))));
      dts += data.consumeInt(0, 6000);
    }
    byte[] segment;
    List<Mp4Sample> samples;
    try {
      samples = Mp4Sample.timed(track, frames, dts);
      segment = MediaSegment.encode(data.consumeLong(0, 0xffff_ffffL), List.of(new TrackSamples(track, samples)),
          data.consumeBoolean());
    } catch (IllegalArgumentException refused) {
      return;
    }
    List<Sample> read = FragmentReader.read(segment).get(0).tracks().get(0).samples();
    for (int i = 0; i < count; i++) {
      MediaFrame f = frames.get(i);
      Sample s = read.get(i);
      long offset = codec.kind() == MediaKind.VIDEO ? track.toTimescale(f.pts()) - track.toTimescale(f.dts()) : 0;
      if (s.decodeTime() != track.toTimescale(f.dts()) || s.compositionOffset() != offset
          || s.duration() != samples.get(i).duration() || s.sync() != f.keyframe()
          || !Arrays.equals(s.data(), f.data())) {
        throw new AssertionError("sample " + i + " of " + frames + " read back as " + s);
      }
    }
  }
}
