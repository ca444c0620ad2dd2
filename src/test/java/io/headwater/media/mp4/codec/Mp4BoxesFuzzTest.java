package io.headwater.media.mp4.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.headwater.media.mp4.codec.FragmentReader.Fragment;
import io.headwater.media.mp4.codec.FragmentReader.TrackRun;
import io.headwater.media.mp4.codec.Mp4Boxes.Box;
import java.util.List;

/**
 * Jazzer targets for the readers. Only {@link Mp4FormatException} may escape; anything else (an index out of
 * bounds, an overflow, a hang, running out of memory) is a bug. Whatever parses must tile its input: the top-level
 * boxes cover every byte, and each box's children cover its contents after its fields. Committed inputs under
 * Mp4BoxesFuzzTestInputs/ (init and media segments from the writers, the malformed rows) run in every
 * {@code mvn test}; {@code JAZZER_FUZZ=1 mvn -B -o test -Dtest=Mp4BoxesFuzzTest#parse} fuzzes one target.
 */
class Mp4BoxesFuzzTest {
  @FuzzTest(maxDuration = "45s")
  void parse(byte[] data) {
    List<Box> boxes;
    try {
      boxes = Mp4Boxes.parse(data);
    } catch (Mp4FormatException expected) {
      return;
    }
    checkTiles(boxes, 0, data.length);
  }

  @FuzzTest(maxDuration = "45s")
  void readFragments(byte[] data) {
    List<Fragment> fragments;
    try {
      fragments = FragmentReader.read(data);
    } catch (Mp4FormatException expected) {
      return;
    }
    long bytes = 0;
    for (Fragment f : fragments) {
      for (TrackRun run : f.tracks()) {
        bytes += run.samples().stream().mapToLong(s -> s.data().length).sum();
      }
    }
    if (bytes > data.length) {
      throw new AssertionError(bytes + " bytes of samples from " + data.length + " bytes of input");
    }
  }

  private static void checkTiles(List<Box> boxes, int from, int to) {
    int pos = from;
    for (Box box : boxes) {
      if (box.offset() != pos || box.size() < box.headerSize() || box.offset() + box.size() > to) {
        throw new AssertionError(box + " does not continue at " + pos + " inside " + from + ".." + to);
      }
      if (!box.children().isEmpty()) {
        Box first = box.children().get(0);
        checkTiles(box.children(), first.offset(), box.offset() + box.size());
      }
      pos += box.size();
    }
    if (pos != to) {
      throw new AssertionError("boxes end at " + pos + ", not at " + to);
    }
  }
}
