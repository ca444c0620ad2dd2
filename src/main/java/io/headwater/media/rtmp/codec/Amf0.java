package io.headwater.media.rtmp.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AMF0 (Adobe AMF 0 specification) as RTMP commands and metadata use it, decoded into a closed set of
 * Java values so nothing a peer sends can name a class: {@link Double} (number), {@link Boolean},
 * {@link String} (string and long string), {@code Map<String, Object>} (a {@link LinkedHashMap} for
 * object, an {@link EcmaArray} for ECMA array), {@code List<Object>} (strict array), {@link Instant}
 * (date, whole milliseconds, time zone ignored) and {@code null} (null and undefined). Every other marker,
 * including references, typed objects and the AMF3 switch, is refused.
 */
public final class Amf0 {
  static final int NUMBER = 0x00;
  static final int BOOLEAN = 0x01;
  static final int STRING = 0x02;
  static final int OBJECT = 0x03;
  static final int NULL = 0x05;
  static final int UNDEFINED = 0x06;
  static final int ECMA_ARRAY = 0x08;
  static final int OBJECT_END = 0x09;
  static final int STRICT_ARRAY = 0x0A;
  static final int DATE = 0x0B;
  static final int LONG_STRING = 0x0C;

  /** Deepest nesting the encoder follows; deeper means a cycle in the caller's maps or lists. */
  private static final int ENCODE_MAX_DEPTH = 1_000;

  private Amf0() {}

  /** An ECMA array: decodes and encodes as marker 0x08, otherwise an ordinary ordered map. */
  public static final class EcmaArray extends LinkedHashMap<String, Object> {
    public EcmaArray() {}

    public EcmaArray(Map<String, ?> entries) {
      super(entries);
    }
  }

  /** Decodes every value in {@code data} from {@code offset} to the end; limits count across all of them. */
  public static List<Object> decodeAll(byte[] data, int offset, RtmpLimits limits) {
    Amf0Reader reader = new Amf0Reader(data, offset, limits);
    List<Object> values = new ArrayList<>();
    while (reader.hasMore()) {
      values.add(reader.readValue(0));
    }
    return values;
  }

  public static List<Object> decodeAll(byte[] data, RtmpLimits limits) {
    return decodeAll(data, 0, limits);
  }

  /**
   * The AMF0 values of a command or data message body. RTMP 7.1.1/7.1.2: the AMF3 variants (types 17 and
   * 15) start with one format byte; 0 means the rest is AMF0, which is all Flash and librtmp send there.
   */
  static List<Object> decodeMessageBody(RtmpMessage message, RtmpLimits limits) {
    byte[] body = message.payload();
    int type = message.typeId();
    if (type == RtmpMessage.TYPE_COMMAND_AMF3 || type == RtmpMessage.TYPE_DATA_AMF3) {
      if (body.length == 0 || body[0] != 0) {
        throw new RtmpCodecException("type-" + type + " message: format byte "
            + (body.length == 0 ? "missing" : String.format("0x%02x", body[0] & 0xFF)) + ", expected 0 (AMF0 body)");
      }
      return decodeAll(body, 1, limits);
    }
    return decodeAll(body, 0, limits);
  }

  /** Encodes values one after another, as a command or data message body lays them out. */
  public static byte[] encodeAll(List<?> values) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object value : values) {
      write(out, value, 0);
    }
    return out.toByteArray();
  }

  /** Encodes each argument as one value: {@code encode(list)} writes one strict array. */
  public static byte[] encode(Object... values) {
    return encodeAll(Arrays.asList(values));
  }

  /**
   * Writes one value. Accepts the decoded set plus any {@link Number} (written as a double) and any
   * {@code Map} with String keys; anything else is a programming error.
   */
  private static void write(ByteArrayOutputStream out, Object value, int depth) {
    if (depth > ENCODE_MAX_DEPTH) {
      throw new IllegalArgumentException("amf0: nesting deeper than " + ENCODE_MAX_DEPTH + " (a cycle?)");
    }
    if (value == null) {
      out.write(NULL);
    } else if (value instanceof Boolean b) {
      out.write(BOOLEAN);
      out.write(b ? 1 : 0);
    } else if (value instanceof Number n) {
      out.write(NUMBER);
      writeDouble(out, n.doubleValue());
    } else if (value instanceof String s) {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      if (utf8.length <= 0xFFFF) {
        out.write(STRING);
        writeU16(out, utf8.length);
      } else {
        out.write(LONG_STRING);
        writeU32(out, utf8.length);
      }
      out.writeBytes(utf8);
    } else if (value instanceof Instant t) {
      out.write(DATE);
      writeDouble(out, toEpochMillis(t));
      writeU16(out, 0); // AMF0 2.13: time zone, reserved, should be 0
    } else if (value instanceof EcmaArray a) {
      out.write(ECMA_ARRAY);
      writeU32(out, a.size());
      writeProperties(out, a, depth);
    } else if (value instanceof Map<?, ?> m) {
      out.write(OBJECT);
      writeProperties(out, m, depth);
    } else if (value instanceof List<?> list) {
      out.write(STRICT_ARRAY);
      writeU32(out, list.size());
      for (Object element : list) {
        write(out, element, depth + 1);
      }
    } else {
      throw new IllegalArgumentException("amf0: cannot encode a " + value.getClass().getName());
    }
  }

  private static void writeProperties(ByteArrayOutputStream out, Map<?, ?> map, int depth) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String key)) {
        throw new IllegalArgumentException("amf0: property names must be strings, got " + e.getKey());
      }
      byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
      if (utf8.length > 0xFFFF) {
        throw new IllegalArgumentException("amf0: property name of " + utf8.length + " bytes exceeds 65535");
      }
      writeU16(out, utf8.length);
      out.writeBytes(utf8);
      write(out, e.getValue(), depth + 1);
    }
    writeU16(out, 0); // AMF0 2.5: an empty name, then the object-end marker
    out.write(OBJECT_END);
  }

  private static double toEpochMillis(Instant t) {
    try {
      return t.toEpochMilli();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("amf0: date " + t + " does not fit in epoch milliseconds", e);
    }
  }

  private static void writeDouble(ByteArrayOutputStream out, double d) {
    long bits = Double.doubleToRawLongBits(d);
    writeU32(out, bits >>> 32);
    writeU32(out, bits);
  }

  private static void writeU16(ByteArrayOutputStream out, int v) {
    out.write(v >>> 8);
    out.write(v);
  }

  private static void writeU32(ByteArrayOutputStream out, long v) {
    out.write((int) (v >>> 24));
    out.write((int) (v >>> 16));
    out.write((int) (v >>> 8));
    out.write((int) v);
  }
}
