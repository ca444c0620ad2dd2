package io.headwater.load.media;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Plumbing the load drivers share: {@code --name value} arguments, percentiles of sorted samples,
 * rounding, a JSON writer for the step reports (maps, lists, numbers, strings) and the log line on stderr.
 */
final class LoadSupport {
  private LoadSupport() {}

  /** {@code --name value} pairs; a name given twice keeps both values, in order. */
  static Map<String, List<String>> parse(String[] argv) {
    Map<String, List<String>> args = new LinkedHashMap<>();
    for (int i = 0; i < argv.length; i++) {
      if (!argv[i].startsWith("--") || i + 1 >= argv.length) {
        throw new IllegalArgumentException("expected --name value pairs, got " + argv[i]);
      }
      args.computeIfAbsent(argv[i].substring(2), k -> new ArrayList<>()).add(argv[++i]);
    }
    return args;
  }

  /** The last value of {@code --name}, else {@code fallback}; a null fallback makes it required. */
  static String one(Map<String, List<String>> args, String name, String fallback) {
    List<String> v = args.get(name);
    if (v == null || v.isEmpty()) {
      if (fallback == null) throw new IllegalArgumentException("missing --" + name);
      return fallback;
    }
    return v.get(v.size() - 1);
  }

  static String optional(Map<String, List<String>> args, String name) {
    List<String> v = args.get(name);
    return v == null || v.isEmpty() ? null : v.get(v.size() - 1);
  }

  /** {@code --pid name=pid} values, in order. */
  static Map<String, Integer> pids(Map<String, List<String>> args) {
    Map<String, Integer> pids = new LinkedHashMap<>();
    for (String p : args.getOrDefault("pid", List.of())) {
      String[] kv = p.split("=", 2);
      pids.put(kv[0], Integer.parseInt(kv[1]));
    }
    return pids;
  }

  /** The nearest-rank percentile of sorted values; 0 for none. */
  static double percentile(long[] sorted, double q) {
    if (sorted.length == 0) return 0;
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  static double percentile(double[] sorted, double q) {
    if (sorted.length == 0) return 0;
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  static void log(String who, String format, Object... values) {
    System.err.printf(Locale.ROOT, "[" + who + "] " + format + "%n", values);
  }

  static String toJson(Object v) {
    if (v == null) return "null";
    if (v instanceof Map<?, ?> m) {
      StringBuilder b = new StringBuilder("{");
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (b.length() > 1) b.append(", ");
        b.append(toJson(String.valueOf(e.getKey()))).append(": ").append(toJson(e.getValue()));
      }
      return b.append('}').toString();
    }
    if (v instanceof List<?> l) {
      StringBuilder b = new StringBuilder("[");
      for (Object o : l) {
        if (b.length() > 1) b.append(", ");
        b.append(toJson(o));
      }
      return b.append(']').toString();
    }
    if (v instanceof Double d && (d.isNaN() || d.isInfinite())) return "null";
    if (v instanceof Number || v instanceof Boolean) return String.valueOf(v);
    String s = String.valueOf(v);
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') b.append('\\').append(c);
      else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
      else b.append(c);
    }
    return b.append('"').toString();
  }
}
