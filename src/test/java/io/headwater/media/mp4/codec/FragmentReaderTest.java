package io.headwater.media.mp4.codec;

import static io.headwater.media.mp4.codec.Mp4TestData.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.headwater.media.mp4.codec.FragmentReader.Fragment;
import io.headwater.media.mp4.codec.FragmentReader.Sample;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fragment reader on layouts other writers use and ours does not (ISO/IEC 14496-12 8.8.7, 8.8.8): tfhd
 * defaults, first_sample_flags, a trun continuing where the previous one's data ended, an absolute base offset;
 * and fragments it must refuse. Each row: name, bytes, the samples as "track: decode time, duration, composition
 * offset, flags, data".
 */
class FragmentReaderTest {
  static Stream<Arguments> fragments() {
    return Stream.of(
        Arguments.of("tfhd defaults and first_sample_flags, no per-sample fields", String.join(" ",
            "00000064 6d6f6f66 00000010 6d666864 00000000 00000005",
            "0000004c 74726166",
            "0000001c 74666864 00020038 00000001 00000bb8 00000002 01010000", // duration, size, flags defaults
            "00000010 74666474 00000000 00000064", // tfdt version 0: 100
            "00000018 7472756e 00000005 00000002 0000006c 02000000", // data_offset, first_sample_flags
            "0000000c 6d646174 aabbccdd"),
            List.of("1: 100 3000 0 02000000 aabb", "1: 3100 3000 0 01010000 ccdd")),
        Arguments.of("a second trun without data_offset continues the first's data; version 0 offsets",
            String.join(" ",
                "00000068 6d6f6f66 00000010 6d666864 00000000 00000001",
                "00000050 74726166",
                "00000010 74666864 00020000 00000002", // no tfdt: times count from 0
                "0000001c 7472756e 00000301 00000001 00000070 0000000a 00000001",
                "0000001c 7472756e 00000b00 00000001 00000014 00000002 00000005",
                "0000000b 6d646174 010203"),
            List.of("2: 0 10 0 00000000 01", "2: 10 20 5 00000000 0203")),
        Arguments.of("base-data-offset counts from the first byte of the input", String.join(" ",
            "00000008 66726565",
            "00000050 6d6f6f66 00000010 6d666864 00000000 00000001",
            "00000038 74726166",
            "00000018 74666864 00000001 00000003 00000000 00000058", // base 88: the mdat box
            "00000018 7472756e 00000201 00000001 00000008 00000001",
            "00000009 6d646174 ee"),
            List.of("3: 0 0 0 00000000 ee")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fragments")
  void reads(String name, String bytes, List<String> samples) throws Mp4FormatException {
    List<String> read = new ArrayList<>();
    for (Fragment f : FragmentReader.read(hex(bytes))) {
      for (FragmentReader.TrackRun run : f.tracks()) {
        for (Sample s : run.samples()) {
          read.add(run.trackId() + ": " + s.decodeTime() + " " + s.duration() + " " + s.compositionOffset() + " "
              + String.format("%08x", s.flags()) + " " + HexFormat.of().formatHex(s.data()));
        }
      }
    }
    assertEquals(samples, read);
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("a sample with no size in trun or tfhd", String.join(" ",
            "00000044 6d6f6f66 00000010 6d666864 00000000 00000001",
            "0000002c 74726166 00000010 74666864 00020000 00000001",
            "00000014 7472756e 00000001 00000001 0000004c",
            "00000009 6d646174 ee"), "trun at 48: sample 0 has no size here or in tfhd"),
        Arguments.of("sample data past the mdat", String.join(" ",
            "00000048 6d6f6f66 00000010 6d666864 00000000 00000001",
            "00000030 74726166 00000010 74666864 00020000 00000001",
            "00000018 7472756e 00000201 00000001 00000050 00000002",
            "00000009 6d646174 ee"), "trun at 48: sample data 80+2 is not inside an mdat"),
        Arguments.of("a traf without tfhd", "00000020 6d6f6f66 00000010 6d666864 00000000 00000001 00000008 74726166",
            "box 'traf' at 24 has no 'tfhd'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void refuses(String name, String bytes, String message) {
    Mp4FormatException e = assertThrows(Mp4FormatException.class, () -> FragmentReader.read(hex(bytes)));
    assertTrue(e.getMessage().contains(message), () -> "message was: " + e.getMessage());
  }
}
