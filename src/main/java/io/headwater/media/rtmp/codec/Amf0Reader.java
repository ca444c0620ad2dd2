package io.headwater.media.rtmp.codec;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads AMF0 values from one message body for {@link Amf0}, counting values and nesting against
 * {@link RtmpLimits} and checking every length against the bytes left before allocating anything.
 */
final class Amf0Reader {
  private final byte[] data;
  private final RtmpLimits limits;
  private int pos;
  private int values;

  Amf0Reader(byte[] data, int offset, RtmpLimits limits) {
    this.data = data;
    this.pos = offset;
    this.limits = limits;
  }

  boolean hasMore() {
    return pos < data.length;
  }

  Object readValue(int depth) {
    if (++values > limits.amfMaxElements()) {
      throw new RtmpCodecException("amf0: more than " + limits.amfMaxElements() + " values in one message");
    }
    int at = pos;
    int marker = u8("a type marker");
    return switch (marker) {
      case Amf0.NUMBER -> readDouble();
      case Amf0.BOOLEAN -> u8("a boolean") != 0;
      case Amf0.STRING -> readString(u16("a string length"), at);
      case Amf0.OBJECT -> readProperties(new LinkedHashMap<>(), depth + 1, at);
      case Amf0.NULL, Amf0.UNDEFINED -> null;
      case Amf0.ECMA_ARRAY -> {
        need(4, "an ECMA array count"); // AMF0 2.10: the count is only a hint; the end marker ends it
        pos += 4;
        yield readProperties(new Amf0.EcmaArray(), depth + 1, at);
      }
      case Amf0.STRICT_ARRAY -> readStrictArray(depth + 1, at);
      case Amf0.DATE -> readDate(at);
      case Amf0.LONG_STRING -> {
        need(4, "a long string length");
        long length = WireBytes.u32(data, pos);
        pos += 4;
        yield readString(length, at);
      }
      case Amf0.OBJECT_END -> throw new RtmpCodecException("amf0: object-end marker 0x09 outside an object at offset " + at);
      default -> throw new RtmpCodecException("amf0: " + unsupported(marker) + " at offset " + at);
    };
  }

  private static String unsupported(int marker) {
    String name = switch (marker) {
      case 0x04 -> "movieclip";
      case 0x07 -> "reference";
      case 0x0D -> "unsupported";
      case 0x0E -> "recordset";
      case 0x0F -> "xml-document";
      case 0x10 -> "typed-object";
      case 0x11 -> "avmplus-object (switch to AMF3)";
      default -> null;
    };
    String hex = String.format("0x%02x", marker);
    return name == null ? "unknown marker " + hex : "unsupported marker " + hex + " (" + name + ")";
  }

  private <M extends Map<String, Object>> M readProperties(M map, int depth, int at) {
    checkDepth(depth, at);
    while (true) {
      int keyLength = u16("a property name length");
      if (keyLength == 0 && pos < data.length && (data[pos] & 0xFF) == Amf0.OBJECT_END) {
        pos++;
        return map;
      }
      String key = readString(keyLength, pos - 2);
      if (!hasMore()) {
        throw new RtmpCodecException("amf0: object at offset " + at + " ends before its object-end marker");
      }
      map.put(key, readValue(depth));
    }
  }

  private List<Object> readStrictArray(int depth, int at) {
    checkDepth(depth, at);
    need(4, "a strict array count");
    long count = WireBytes.u32(data, pos);
    pos += 4;
    // Every element takes at least its marker byte: a count beyond the bytes left is a lie.
    if (count > data.length - pos) {
      throw new RtmpCodecException("amf0: strict array at offset " + at + " counts " + count + " values but "
          + (data.length - pos) + " bytes are left");
    }
    List<Object> list = new ArrayList<>((int) Math.min(count, 64));
    for (long i = 0; i < count; i++) {
      list.add(readValue(depth));
    }
    return list;
  }

  private Instant readDate(int at) {
    double millis = readDouble();
    need(2, "a date time zone");
    pos += 2; // AMF0 2.13: reserved time zone, ignored
    if (!Double.isFinite(millis)) {
      throw new RtmpCodecException("amf0: date at offset " + at + " is not a finite number");
    }
    return Instant.ofEpochMilli((long) millis);
  }

  private void checkDepth(int depth, int at) {
    if (depth > limits.amfMaxDepth()) {
      throw new RtmpCodecException("amf0: nesting deeper than " + limits.amfMaxDepth() + " at offset " + at);
    }
  }

  private String readString(long length, int at) {
    if (length > limits.amfMaxStringBytes()) {
      throw new RtmpCodecException("amf0: string of " + length + " bytes at offset " + at + " exceeds the limit "
          + limits.amfMaxStringBytes());
    }
    if (length > data.length - pos) {
      throw new RtmpCodecException("amf0: string of " + length + " bytes at offset " + at + " runs past the end ("
          + (data.length - pos) + " bytes left)");
    }
    String s = new String(data, pos, (int) length, StandardCharsets.UTF_8);
    pos += (int) length;
    return s;
  }

  private double readDouble() {
    need(8, "a number");
    long bits = WireBytes.u32(data, pos) << 32 | WireBytes.u32(data, pos + 4);
    pos += 8;
    return Double.longBitsToDouble(bits);
  }

  private int u8(String what) {
    need(1, what);
    return data[pos++] & 0xFF;
  }

  private int u16(String what) {
    need(2, what);
    int v = WireBytes.u16(data, pos);
    pos += 2;
    return v;
  }

  private void need(int n, String what) {
    if (data.length - pos < n) {
      throw new RtmpCodecException("amf0: truncated at offset " + pos + ", expected " + what + " (" + n
          + " bytes, " + (data.length - pos) + " left)");
    }
  }
}
