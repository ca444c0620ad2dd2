package io.headwater.media.rtmp.codec;

import static io.headwater.media.rtmp.codec.TestBytes.bytes;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Golden vectors for {@link Amf0}: one value and its bytes, and malformed bodies with the error they earn. */
final class Amf0Vectors {
  private Amf0Vectors() {}

  enum Direction { BOTH, DECODE_ONLY, ENCODE_ONLY }

  record Row(String name, Object value, byte[] bytes, Direction direction) {
    @Override
    public String toString() {
      return name;
    }
  }

  record Bad(String name, RtmpLimits limits, byte[] bytes, String fragment) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** An ordered map from alternating keys and values. */
  static Map<String, Object> object(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  static Amf0.EcmaArray ecma(Object... keysAndValues) {
    return new Amf0.EcmaArray(object(keysAndValues));
  }

  static List<Object> list(Object... values) {
    return new ArrayList<>(Arrays.asList(values));
  }

  static byte[] repeat(String hex, int times) {
    byte[] one = bytes(hex);
    byte[] all = new byte[one.length * times];
    for (int i = 0; i < times; i++) {
      System.arraycopy(one, 0, all, i * one.length, one.length);
    }
    return all;
  }

  private static final String A65536 = "a".repeat(65_536);
  private static final Direction BOTH = Direction.BOTH;

  static final List<Row> ROWS = List.of(
      new Row("number 0", 0.0, bytes("00 0000000000000000"), BOTH),
      new Row("number 1.5", 1.5, bytes("00 3ff8000000000000"), BOTH),
      new Row("number NaN", Double.NaN, bytes("00 7ff8000000000000"), BOTH),
      new Row("an Integer encodes as a number", 31, bytes("00 403f000000000000"), Direction.ENCODE_ONLY),
      new Row("boolean true", true, bytes("01 01"), BOTH),
      new Row("boolean false", false, bytes("01 00"), BOTH),
      new Row("boolean byte 0x02 is true", true, bytes("01 02"), Direction.DECODE_ONLY),
      new Row("empty string", "", bytes("02 0000"), BOTH),
      new Row("string", "app", bytes("02 0003 617070"), BOTH),
      new Row("string is UTF-8", "ü", bytes("02 0002 c3bc"), BOTH),
      new Row("short long-string decodes as a string", "app", bytes("0c 00000003 617070"), Direction.DECODE_ONLY),
      new Row("string over 65535 UTF-8 bytes encodes as a long string", A65536,
          bytes("0c 00010000", A65536.getBytes(StandardCharsets.US_ASCII)), Direction.ENCODE_ONLY),
      new Row("null", null, bytes("05"), BOTH),
      new Row("undefined decodes as null", null, bytes("06"), Direction.DECODE_ONLY),
      new Row("empty object", object(), bytes("03 0000 09"), BOTH),
      new Row("object keeps property order", object("app", "live", "n", 1.0),
          bytes("03 0003 617070 02 0004 6c697665 0001 6e 00 3ff0000000000000 0000 09"), BOTH),
      new Row("property with an empty name before the end marker", object("", null), bytes("03 0000 05 0000 09"), BOTH),
      new Row("nested object", object("a", object("b", true)), bytes("03 0001 61 03 0001 62 01 01 0000 09 0000 09"), BOTH),
      new Row("ECMA array", ecma("width", 640.0, "height", 480.0),
          bytes("08 00000002 0005 7769647468 00 4084000000000000 0006 686569676874 00 407e000000000000 0000 09"), BOTH),
      new Row("ECMA array count is only a hint", ecma("a", 1.0),
          bytes("08 00000000 0001 61 00 3ff0000000000000 0000 09"), Direction.DECODE_ONLY),
      new Row("ECMA array counting 2^32-1 with no entries", ecma(), bytes("08 ffffffff 0000 09"), Direction.DECODE_ONLY),
      new Row("strict array", list(1.0, "a", null), bytes("0a 00000003 00 3ff0000000000000 02 0001 61 05"), BOTH),
      new Row("empty strict array", list(), bytes("0a 00000000"), BOTH),
      new Row("date, time zone ignored", Instant.ofEpochMilli(1_700_000_000_000L),
          bytes("0b 4278bcfe56800000 0000"), BOTH),
      new Row("date with a non-zero time zone", Instant.ofEpochMilli(1_700_000_000_000L),
          bytes("0b 4278bcfe56800000 ff88"), Direction.DECODE_ONLY),
      new Row("FFmpeg 5.1 connect command object, real capture",
          object("app", "live", "type", "nonprivate", "flashVer", "FMLE/3.0 (compatible; Lavf59.27.100)",
              "tcUrl", "rtmp://127.0.0.1:19350/live"),
          TestBytes.slice(ChunkVectors.FFMPEG_CONNECT_PAYLOAD, 19, ChunkVectors.FFMPEG_CONNECT_PAYLOAD.length), BOTH));

  private static RtmpLimits elements(int max) {
    return new RtmpLimits(0xFFFFFF, 8 << 20, 16 << 20, 64, 32, max, 65_535);
  }

  private static final RtmpLimits D = RtmpLimits.DEFAULTS;

  static final List<Bad> BAD = List.of(
      new Bad("objects nested 10,000 deep", D, repeat("03 0001 61", 10_000), "amf0: nesting deeper than 32 at offset 128"),
      new Bad("strict arrays nested 10,000 deep", D, repeat("0a 00000001", 10_000), "amf0: nesting deeper than 32"),
      new Bad("ECMA arrays nested 10,000 deep", D, repeat("08 00000001 0001 61", 10_000), "amf0: nesting deeper than 32"),
      new Bad("AMF3 switch marker", D, bytes("11 0a"), "amf0: unsupported marker 0x11 (avmplus-object (switch to AMF3)) at offset 0"),
      new Bad("reference marker", D, bytes("07 0001"), "amf0: unsupported marker 0x07 (reference)"),
      new Bad("typed object marker", D, bytes("10 0003 466f6f 0000 09"), "amf0: unsupported marker 0x10 (typed-object)"),
      new Bad("movieclip marker", D, bytes("04"), "amf0: unsupported marker 0x04 (movieclip)"),
      new Bad("unsupported marker", D, bytes("0d"), "amf0: unsupported marker 0x0d (unsupported)"),
      new Bad("recordset marker", D, bytes("0e"), "amf0: unsupported marker 0x0e (recordset)"),
      new Bad("xml document marker", D, bytes("0f 00000000"), "amf0: unsupported marker 0x0f (xml-document)"),
      new Bad("unknown marker inside an object", D, bytes("03 0001 61 12"), "amf0: unknown marker 0x12 at offset 4"),
      new Bad("marker 0xff", D, bytes("ff"), "amf0: unknown marker 0xff"),
      new Bad("object-end marker on its own", D, bytes("09"), "amf0: object-end marker 0x09 outside an object at offset 0"),
      new Bad("string longer than the data", D, bytes("02 0005 6162"),
          "amf0: string of 5 bytes at offset 0 runs past the end (2 bytes left)"),
      new Bad("long string of 2^32-1 bytes", D, bytes("0c ffffffff 61"),
          "amf0: string of 4294967295 bytes at offset 0 exceeds the limit 65535"),
      new Bad("long string of 65,536 bytes over the default limit", D, bytes("0c 00010000", new byte[65_536]),
          "amf0: string of 65536 bytes at offset 0 exceeds the limit 65535"),
      new Bad("property name longer than the data", D, bytes("03 0010 61"), "amf0: string of 16 bytes at offset 1 runs past"),
      new Bad("truncated number", D, bytes("00 3ff0"), "amf0: truncated at offset 1, expected a number (8 bytes, 2 left)"),
      new Bad("truncated boolean", D, bytes("01"), "amf0: truncated at offset 1, expected a boolean"),
      new Bad("truncated string length", D, bytes("02 00"), "expected a string length"),
      new Bad("object cut after a property", D, bytes("03 0001 61 05"), "expected a property name length"),
      new Bad("object cut after a property name", D, bytes("03 0001 61"),
          "amf0: object at offset 0 ends before its object-end marker"),
      new Bad("empty name without the end marker at the end", D, bytes("03 0000"),
          "amf0: object at offset 0 ends before its object-end marker"),
      new Bad("truncated ECMA array count", D, bytes("08 0000"), "expected an ECMA array count"),
      new Bad("strict array counting more values than bytes", D, bytes("0a ffffffff 05"),
          "amf0: strict array at offset 0 counts 4294967295 values but 1 bytes are left"),
      new Bad("strict array cut short", D, bytes("0a 00000002 02 0000"), "expected a type marker"),
      new Bad("date that is not a finite number", D, bytes("0b 7ff0000000000000 0000"),
          "amf0: date at offset 0 is not a finite number"),
      new Bad("date without its time zone", D, bytes("0b 0000000000000000 00"), "expected a date time zone"),
      new Bad("more values than the element limit", elements(3), bytes("0a 00000005 05 05 05 05 05"),
          "amf0: more than 3 values in one message"));
}
