package io.headwater.it;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Malformed RTMP sessions, each a byte script a hostile or broken client sends before it stops and
 * waits: bad handshakes, half-open handshakes, garbage, chunk header abuse, oversized messages, AMF
 * bombs, bad keys. Each case says which server timeout (if any) must end it.
 */
final class RtmpAbuseCorpus {
  /** What ends a case: the server closes at once (a codec error), or when a timeout passes. */
  enum Ends { PROMPTLY, HANDSHAKE_TIMEOUT, NO_MEDIA_TIMEOUT }

  /**
   * @param handshake whether the client first completes a valid handshake (C0+C1, then C2 echoing S1)
   * @param script bytes sent after that (or instead of it)
   */
  record Case(String name, boolean handshake, byte[] script, Ends ends) {}

  private RtmpAbuseCorpus() {}

  static List<Case> all() {
    List<Case> cases = new ArrayList<>();
    handshakes(cases);
    garbage(cases);
    chunkHeaders(cases);
    messageSizes(cases);
    amf(cases);
    commands(cases);
    return cases;
  }

  private static void handshakes(List<Case> cases) {
    for (int version : new int[] {0, 1, 2, 4, 5, 6, 8, 31, 32, 127, 128, 200, 254, 255}) {
      byte[] c0c1 = new byte[1537];
      c0c1[0] = (byte) version;
      cases.add(new Case("C0 version " + version, false, c0c1, Ends.PROMPTLY));
    }
    for (int length : new int[] {0, 1, 2, 9, 100, 500, 1000, 1535, 1536}) {
      byte[] partial = new byte[length];
      if (length > 0) partial[0] = 3;
      cases.add(new Case("half-open handshake, C0+C1 cut at " + length + " bytes", false, partial, Ends.HANDSHAKE_TIMEOUT));
    }
    byte[] noC2 = new byte[1537];
    noC2[0] = 3;
    cases.add(new Case("C0+C1 then silence (no C2)", false, noC2, Ends.HANDSHAKE_TIMEOUT));
  }

  private static void garbage(List<Case> cases) {
    for (int seed = 1; seed <= 60; seed++) {
      Random random = new Random(seed);
      byte[] junk = new byte[1 + random.nextInt(4096)];
      random.nextBytes(junk);
      // Either an immediate decode error or a partial "message" the no-media timeout ends.
      cases.add(new Case("garbage after handshake, seed " + seed, true, junk, Ends.NO_MEDIA_TIMEOUT));
    }
  }

  private static void chunkHeaders(List<Case> cases) {
    for (long size : new long[] {0, 0x7FFFFFFFL, 0x80000000L, 0xFFFFFFFFL, 0x01000000L}) {
      cases.add(new Case("set chunk size " + size, true,
          chunk(0, 2, 0, 1, 0, u32(size)), Ends.PROMPTLY));
    }
    for (int fmt = 1; fmt <= 3; fmt++) {
      for (int csid : new int[] {3, 4, 5, 8, 63, 64, 319, 320, 65599}) {
        cases.add(new Case("type-" + fmt + " chunk on csid " + csid + " with no type-0", true,
            chunk(fmt, csid, 0, 9, 1, new byte[] {0x17, 0, 0, 0, 0}), Ends.PROMPTLY));
      }
    }
    ByteArrayOutputStream many = new ByteArrayOutputStream();
    for (int csid = 3; csid < 3 + 200; csid++) {
      // A message announced as 1000 bytes on each chunk stream, only its first 128-byte chunk sent.
      byte[] body = new byte[128];
      many.writeBytes(chunkHeader(0, csid, 0, 1000, 9, 1));
      many.writeBytes(body);
    }
    cases.add(new Case("200 chunk streams with open messages", true, many.toByteArray(), Ends.PROMPTLY));
    cases.add(new Case("extended timestamp cut short", true,
        concat(basic(0, 3), new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0, 0, 5, 9, 1, 0, 0, 0, 0, 0}),
        Ends.NO_MEDIA_TIMEOUT));
    cases.add(new Case("abort for a chunk stream never used", true, chunk(0, 2, 0, 2, 0, u32(77)), Ends.NO_MEDIA_TIMEOUT));
    cases.add(new Case("user control with unknown event 0xFFFF", true,
        chunk(0, 2, 0, 4, 0, new byte[] {(byte) 0xFF, (byte) 0xFF, 0, 0, 0, 0}), Ends.NO_MEDIA_TIMEOUT));
    cases.add(new Case("truncated user control", true, chunk(0, 2, 0, 4, 0, new byte[] {0}), Ends.PROMPTLY));
    cases.add(new Case("window ack size with 2 bytes", true, chunk(0, 2, 0, 5, 0, new byte[] {1, 2}), Ends.PROMPTLY));
  }

  private static void messageSizes(List<Case> cases) {
    for (int length : new int[] {0xFFFFFF, 8 * 1024 * 1024 + 1, 9_000_000, 12_345_678}) {
      cases.add(new Case("message of " + length + " bytes announced", true,
          chunkHeader(0, 4, 0, length, 9, 1), Ends.PROMPTLY));
    }
    cases.add(new Case("empty video message before publish", true, chunk(0, 4, 0, 9, 1, new byte[0]), Ends.NO_MEDIA_TIMEOUT));
  }

  private static void amf(List<Case> cases) {
    ByteArrayOutputStream deep = new ByteArrayOutputStream();
    deep.writeBytes(amfString("connect"));
    deep.writeBytes(new byte[] {0, 0x3F, (byte) 0xF0, 0, 0, 0, 0, 0, 0});
    for (int i = 0; i < 10_000; i++) deep.writeBytes(new byte[] {0x0A, 0, 0, 0, 1}); // strict array of 1, nested
    cases.add(new Case("AMF strict arrays nested 10,000 deep", true, command(deep.toByteArray()), Ends.PROMPTLY));
    ByteArrayOutputStream objects = new ByteArrayOutputStream();
    objects.writeBytes(amfString("connect"));
    for (int i = 0; i < 5_000; i++) objects.writeBytes(new byte[] {0x03, 0, 1, 'a'});
    cases.add(new Case("AMF objects nested 5,000 deep", true, command(objects.toByteArray()), Ends.PROMPTLY));
    for (int marker : new int[] {0x04, 0x07, 0x0D, 0x0E, 0x0F, 0x10, 0x11, 0x12, 0x20, 0xFF}) {
      cases.add(new Case("AMF marker 0x" + Integer.toHexString(marker), true,
          command(concat(amfString("connect"), new byte[] {0, 0x3F, (byte) 0xF0, 0, 0, 0, 0, 0, 0, (byte) marker, 1, 2, 3})),
          Ends.PROMPTLY));
    }
    cases.add(new Case("AMF string longer than the message", true,
        command(new byte[] {0x02, (byte) 0xFF, (byte) 0xFF, 'c', 'o'}), Ends.PROMPTLY));
    cases.add(new Case("AMF long string of 2^31-1 bytes", true,
        command(new byte[] {0x0C, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 'x'}), Ends.PROMPTLY));
    cases.add(new Case("AMF ECMA array claiming 2^31 entries", true,
        command(concat(amfString("connect"), new byte[] {0x08, (byte) 0x80, 0, 0, 0})), Ends.PROMPTLY));
    cases.add(new Case("AMF3 command message", true, chunk(0, 3, 0, 17, 0, new byte[] {0, 0x02, 0, 1, 'x'}), Ends.PROMPTLY));
    cases.add(new Case("command whose name is a number", true,
        command(new byte[] {0, 0x40, 0, 0, 0, 0, 0, 0, 0}), Ends.PROMPTLY));
  }

  private static void commands(List<Case> cases) {
    byte[] connect = command(concat(amfString("connect"), new byte[] {0, 0x3F, (byte) 0xF0, 0, 0, 0, 0, 0, 0},
        new byte[] {0x03}, amfKey("app"), amfString("live"), new byte[] {0, 0, 0x09}));
    cases.add(new Case("connect, then silence", true, connect, Ends.NO_MEDIA_TIMEOUT));
    byte[] createStream = command(concat(amfString("createStream"), new byte[] {0, 0x40, 0, 0, 0, 0, 0, 0, 0, 0x05}));
    cases.add(new Case("connect, createStream, then silence", true, concat(connect, createStream), Ends.NO_MEDIA_TIMEOUT));
    String[] keys = {"", "x", "../../etc/passwd", "%00", "0".repeat(65), "0".repeat(32) + "k", "k".repeat(1000),
        "00000000000000000000000000000000k0000000000000000000000000000000Z", "\u00e9\u00e8", "a?b=c"};
    for (int i = 0; i < keys.length; i++) {
      cases.add(new Case("publish with malformed key #" + i, true, concat(connect, createStream, publish(keys[i])), Ends.PROMPTLY));
    }
    for (int i = 0; i < 5; i++) {
      String unknown = "%032xk%032x".formatted(i, i + 1000);
      cases.add(new Case("publish with the key of an unknown input #" + i, true,
          concat(connect, createStream, publish(unknown)), Ends.PROMPTLY));
    }
    byte[] dialogue = concat(connect, createStream, publish("%032xk%032x".formatted(7, 7)));
    for (int cut = 1; cut < dialogue.length; cut += Math.max(1, dialogue.length / 45)) {
      cases.add(new Case("connect/createStream/publish cut at byte " + cut + " of " + dialogue.length, true,
          java.util.Arrays.copyOf(dialogue, cut), Ends.NO_MEDIA_TIMEOUT));
    }
    cases.add(new Case("media before publish, then silence", true,
        concat(connect, chunk(0, 4, 0, 9, 1, new byte[] {0x17, 0, 0, 0, 0, 1, 2})), Ends.NO_MEDIA_TIMEOUT));
    cases.add(new Case("play instead of publish, then silence", true,
        concat(connect, createStream, command(concat(amfString("play"), new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0x05}, amfString("x")))),
        Ends.NO_MEDIA_TIMEOUT));
  }

  // ---- byte builders (RTMP 5.3: basic header, message header; default chunk size 128)

  static byte[] chunk(int fmt, int csid, long timestamp, int typeId, int streamId, byte[] payload) {
    if (fmt != 0) return concat(basic(fmt, csid), fmt == 3 ? new byte[0] : new byte[fmt == 1 ? 7 : 3], payload);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(chunkHeader(0, csid, timestamp, payload.length, typeId, streamId));
    for (int at = 0; at < payload.length; at += 128) {
      if (at > 0) out.writeBytes(basic(3, csid));
      out.write(payload, at, Math.min(128, payload.length - at));
    }
    return out.toByteArray();
  }

  static byte[] chunkHeader(int fmt, int csid, long timestamp, int length, int typeId, int streamId) {
    return concat(basic(fmt, csid), new byte[] {
        (byte) (timestamp >> 16), (byte) (timestamp >> 8), (byte) timestamp,
        (byte) (length >> 16), (byte) (length >> 8), (byte) length, (byte) typeId,
        (byte) streamId, (byte) (streamId >> 8), (byte) (streamId >> 16), (byte) (streamId >> 24)});
  }

  static byte[] basic(int fmt, int csid) {
    if (csid < 64) return new byte[] {(byte) ((fmt << 6) | csid)};
    if (csid < 320) return new byte[] {(byte) (fmt << 6), (byte) (csid - 64)};
    int id = csid - 64;
    return new byte[] {(byte) ((fmt << 6) | 1), (byte) id, (byte) (id >> 8)};
  }

  static byte[] command(byte[] amf) {
    return chunk(0, 3, 0, 20, 0, amf);
  }

  static byte[] publish(String key) {
    return chunk(0, 5, 0, 20, 1, concat(amfString("publish"), new byte[] {0, 0x40, 0x10, 0, 0, 0, 0, 0, 0, 0x05},
        amfString(key), amfString("live")));
  }

  static byte[] amfString(String s) {
    byte[] utf8 = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return concat(new byte[] {0x02, (byte) (utf8.length >> 8), (byte) utf8.length}, utf8);
  }

  static byte[] amfKey(String s) {
    byte[] utf8 = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return concat(new byte[] {(byte) (utf8.length >> 8), (byte) utf8.length}, utf8);
  }

  static byte[] u32(long v) {
    return new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v};
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) out.writeBytes(p);
    return out.toByteArray();
  }
}
