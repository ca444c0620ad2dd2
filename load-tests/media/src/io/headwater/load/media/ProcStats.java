package io.headwater.load.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the load drivers read from {@code /proc} (Linux only): CPU ticks of named processes, of the driver
 * itself and of the machine; resident memory; and, through {@code jcmd}, a JVM's heap after a full GC.
 */
final class ProcStats {
  private ProcStats() {}

  /** CPU ticks at one moment: per named pid, the driver's own, and the machine's busy and total. */
  record Snapshot(Map<String, Long> ticks, long self, long machineBusy, long machineTotal) {
    static Snapshot take(Map<String, Integer> pids) throws IOException {
      Map<String, Long> ticks = new LinkedHashMap<>();
      for (Map.Entry<String, Integer> e : pids.entrySet()) ticks.put(e.getKey(), cpuTicks("/proc/" + e.getValue() + "/stat"));
      String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i <= 8 && i < cpu.length; i++) total += Long.parseLong(cpu[i]); // up to steal; guest is in user
      long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
      return new Snapshot(ticks, cpuTicks("/proc/self/stat"), total - idle, total);
    }

    /**
     * Cores used since {@code before} (CPU seconds per wall second over {@code seconds}): one entry per named
     * process, then {@code driver}, {@code machineBusy} and {@code machineTotal}.
     */
    Map<String, Object> coresSince(Snapshot before, long clockTicks, double seconds) {
      Map<String, Object> cores = new LinkedHashMap<>();
      for (String name : ticks.keySet()) {
        cores.put(name, LoadSupport.round((ticks.get(name) - before.ticks.getOrDefault(name, 0L)) / (double) clockTicks / seconds));
      }
      cores.put("driver", LoadSupport.round((self - before.self) / (double) clockTicks / seconds));
      cores.put("machineBusy", LoadSupport.round((machineBusy - before.machineBusy) / (double) clockTicks / seconds));
      cores.put("machineTotal", LoadSupport.round((machineTotal - before.machineTotal) / (double) clockTicks / seconds));
      return cores;
    }
  }

  /** utime + stime of a process (fields 14 and 15 of /proc/PID/stat), in clock ticks; 0 if it is gone. */
  static long cpuTicks(String statPath) {
    try {
      String stat = Files.readString(Path.of(statPath));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException e) {
      return 0;
    }
  }

  static long rssKb(int pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    } catch (IOException e) {
      // gone
    }
    return 0;
  }

  static Map<String, Long> rssKb(Map<String, Integer> pids) {
    Map<String, Long> rss = new LinkedHashMap<>();
    for (Map.Entry<String, Integer> e : pids.entrySet()) rss.put(e.getKey(), rssKb(e.getValue()));
    return rss;
  }

  /**
   * {@code jcmd PID GC.run}, then {@code jcmd PID GC.heap_info}: the heap's used and committed KiB after a
   * full collection, or null if jcmd failed.
   */
  static long[] liveHeapKb(Integer pid) throws InterruptedException {
    if (pid == null) return null;
    try {
      if (jcmd(pid, "GC.run") == null) return null;
      String info = jcmd(pid, "GC.heap_info");
      if (info == null) return null;
      Matcher m = Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(info);
      return m.find() ? new long[] {Long.parseLong(m.group(2)), Long.parseLong(m.group(1))} : null;
    } catch (IOException e) {
      LoadSupport.log("driver", "jcmd %d failed: %s", pid, e.getMessage());
      return null;
    }
  }

  private static String jcmd(int pid, String command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("jcmd", String.valueOf(pid), command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      LoadSupport.log("driver", "jcmd %d %s failed: %s", pid, command, new String(out));
      return null;
    }
    return new String(out);
  }
}
