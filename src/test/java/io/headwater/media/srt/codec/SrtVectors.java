package io.headwater.media.srt.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The captured packets of shared/reference/srt-vectors/packets.tsv (libsrt 1.5.1 and FFmpeg 5.1 on loopback),
 * copied to the test resource packets.tsv: one SRT packet per row, found by capture name and original frame
 * number as srt-vectors/README.md refers to them.
 */
public final class SrtVectors {
  private SrtVectors() {}

  /** One row: where it was captured, which way it went, the UDP payload. */
  record Captured(String capture, int frame, String direction, byte[] bytes) {
    String name() {
      return capture + " frame " + frame;
    }

    @Override
    public String toString() {
      return name() + " (" + direction + ", " + bytes.length + " bytes)";
    }
  }

  static final List<Captured> ALL = load();

  public static byte[] packet(String capture, int frame) {
    return captured(capture, frame).bytes().clone();
  }

  static Captured captured(String capture, int frame) {
    return ALL.stream().filter(c -> c.capture().equals(capture) && c.frame() == frame).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no " + capture + " frame " + frame + " in packets.tsv"));
  }

  /** The payload after the 16-byte header. */
  static byte[] payload(String capture, int frame) {
    byte[] p = packet(capture, frame);
    return java.util.Arrays.copyOfRange(p, 16, p.length);
  }

  static byte[] hex(String text) {
    return HexFormat.of().parseHex(text.replaceAll("\\s+", ""));
  }

  static String toHex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  private static List<Captured> load() {
    try (InputStream in = SrtVectors.class.getResourceAsStream("packets.tsv")) {
      if (in == null) {
        throw new IllegalStateException("packets.tsv missing beside " + SrtVectors.class.getName());
      }
      List<Captured> rows = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t");
        byte[] bytes = hex(f[4]);
        if (bytes.length != Integer.parseInt(f[3])) {
          throw new IllegalStateException(f[0] + " frame " + f[1] + ": length column disagrees with the hex");
        }
        rows.add(new Captured(f[0], Integer.parseInt(f[1]), f[2], bytes));
      }
      return List.copyOf(rows);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
