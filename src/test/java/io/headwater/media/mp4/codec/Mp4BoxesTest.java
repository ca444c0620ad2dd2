package io.headwater.media.mp4.codec;

import static io.headwater.media.mp4.codec.Mp4TestData.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.headwater.media.mp4.codec.Mp4Boxes.Box;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The box reader: trees it must read (name, bytes, the tree as text), and bytes it must refuse with a message that
 * names the box and its offset. Every row also seeds the fuzz target.
 */
class Mp4BoxesTest {
  static Stream<Arguments> trees() {
    return Stream.of(
        Arguments.of("an empty input has no boxes", "", "[]"),
        Arguments.of("a free box", "00000008 66726565", "[free@0+8]"),
        Arguments.of("containers nest, leaves stay whole", "00000018 6d6f6f66 00000010 74726166 00000008 74666474",
            "[moof@0+24[traf@8+16[tfdt@16+8]]]"),
        Arguments.of("largesize: size 1, then a 64-bit size", "00000001 6d646174 00000000 00000014 01020304",
            "[mdat@0+20]"),
        Arguments.of("size 0 runs to the end of the container", "00000000 6d646174 0102", "[mdat@0+10]"),
        Arguments.of("a uuid box has 16 more header bytes", "00000018 75756964 000102030405060708090a0b0c0d0e0f",
            "[uuid@0+24]"),
        Arguments.of("stsd entries start after version, flags and entry_count",
            "00000018 73747364 00000000 00000001 00000008 74657874", "[stsd@0+24[text@16+8]]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("trees")
  void reads(String name, String hex, String tree) throws Mp4FormatException {
    assertEquals(tree, Mp4Boxes.parse(hex(hex)).toString());
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("a header cut short", "00000010 6d6f", "box at 0: 6 bytes left, a box header needs 8"),
        Arguments.of("a size smaller than the header", "00000004 66726565",
            "box 'free' at 0: size 4 with a 8-byte header in the 8 bytes left"),
        Arguments.of("a size past the end", "00000010 66726565 00",
            "box 'free' at 0: size 16 with a 8-byte header in the 9 bytes left"),
        Arguments.of("a child past its container", "00000010 6d6f6f76 00000010 7472616b",
            "box 'trak' at 8: size 16 with a 8-byte header in the 8 bytes left of its container"),
        Arguments.of("a largesize cut short", "00000001 6d646174 0000",
            "box 'mdat' at 0: no room for its 64-bit size"),
        Arguments.of("a largesize past 2^63", "00000001 6d646174 80000000 00000000",
            "box 'mdat' at 0: size -9223372036854775808"),
        Arguments.of("an stsd shorter than its fields", "0000000c 73747364 00000000",
            "box 'stsd' at 0: 4 bytes of contents, its fields alone take 8"),
        Arguments.of("a sample entry shorter than its fields", "00000018 73747364 00000000 00000001 00000008 61766331",
            "box 'avc1' at 16: 0 bytes of contents, its fields alone take 78"),
        Arguments.of("containers nested past the limit", nested(Mp4Boxes.MAX_DEPTH + 2),
            "nest deeper than " + Mp4Boxes.MAX_DEPTH));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void refuses(String name, String hex, String message) {
    Mp4FormatException e = assertThrows(Mp4FormatException.class, () -> Mp4Boxes.parse(hex(hex)));
    assertTrue(e.getMessage().contains(message), () -> "message was: " + e.getMessage());
  }

  /** Box fields are read within the box: a read past its contents names the box and the field. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("trees")
  void fieldReadsStayInsideTheirBox(String name, String hex, String tree) throws Mp4FormatException {
    List<Box> boxes = Mp4Boxes.parse(hex(hex));
    for (Box box : boxes) {
      Mp4FormatException e = assertThrows(Mp4FormatException.class, () -> box.u32(box.contentSize() - 3));
      assertTrue(e.getMessage().contains("4-byte field at " + (box.contentSize() - 3)), e.getMessage());
    }
  }

  /** {@code depth} moov boxes, each holding the next. */
  static String nested(int depth) {
    StringBuilder hex = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      hex.append(String.format("%08x 6d6f6f76 ", 8 * (depth - i)));
    }
    return hex.toString();
  }
}
