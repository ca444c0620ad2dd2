package io.headwater.media.transcode;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.headwater.SettingsException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The ABR ladder and how it is made, from {@code headwater.transcode}: read once at start-up by the node,
 * which hands it to {@link FfmpegLadder}.
 *
 * @param enabled transcode at all (the per-deployment off switch)
 * @param preset the x264 preset of every rung
 * @param ladder the rungs, best first; a publish gets those strictly below its source
 * @param maxLag how far in media time a transcoder may trail its source before it drops video to the next keyframe
 * @param codecThreads threads of each decoder and encoder, 0 = FFmpeg's choice
 * @param dispatcher the config path of the dispatcher transcoders run on
 */
public record TranscodeSettings(
    boolean enabled, String preset, List<Rung> ladder, Duration maxLag, int codecThreads, String dispatcher) {

  static final String PATH = "headwater.transcode";
  /** x264's presets, fastest first. */
  static final List<String> PRESETS =
      List.of("ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow");

  /**
   * One rung of the ladder.
   *
   * @param name the rendition's token in URLs ([a-z0-9]{1,16}, such as "720p")
   * @param height the shorter side of its picture in pixels (even); the longer side keeps the source's aspect ratio
   * @param videoKbps its average video bitrate in kbit/s
   */
  public record Rung(String name, int height, int videoKbps) {}

  public TranscodeSettings {
    ladder = List.copyOf(ladder);
  }

  public static TranscodeSettings fromConfig(Config root) {
    Config c = root.getConfig(PATH);
    String preset = c.getString("preset");
    if (!PRESETS.contains(preset)) {
      throw new SettingsException(PATH + ".preset", "'" + preset + "' is not one of " + String.join(", ", PRESETS)
          + " (HEADWATER_TRANSCODE_PRESET)");
    }
    Duration maxLag = c.getDuration("max-lag");
    if (maxLag.compareTo(Duration.ofMillis(500)) < 0 || maxLag.compareTo(Duration.ofSeconds(60)) > 0) {
      throw new SettingsException(PATH + ".max-lag", "must be between 500ms and 60s, was " + maxLag);
    }
    int threads = c.getInt("codec-threads");
    if (threads < 0 || threads > 64) throw new SettingsException(PATH + ".codec-threads", "must be between 0 and 64, was " + threads);
    return new TranscodeSettings(c.getBoolean("enabled"), preset, ladder(c), maxLag, threads, PATH + ".dispatcher");
  }

  private static List<Rung> ladder(Config c) {
    List<? extends Config> entries;
    try {
      entries = c.getConfigList("ladder");
    } catch (ConfigException.WrongType e) {
      throw new SettingsException(PATH + ".ladder", "must be a list of {name, height, video-kbps}");
    }
    List<Rung> rungs = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < entries.size(); i++) {
      String key = PATH + ".ladder[" + i + "]";
      Config e = entries.get(i);
      Rung rung;
      try {
        rung = new Rung(e.getString("name"), e.getInt("height"), e.getInt("video-kbps"));
      } catch (ConfigException e2) {
        throw new SettingsException(key, "needs name, height and video-kbps (" + e2.getMessage() + ")");
      }
      if (!rung.name().matches("[a-z0-9]{1,16}") || rung.name().equals("src")) {
        throw new SettingsException(key + ".name", "'" + rung.name() + "' must be 1-16 lowercase letters or digits, not src");
      }
      if (!names.add(rung.name())) throw new SettingsException(key + ".name", "'" + rung.name() + "' is used twice");
      if (rung.height() < 64 || rung.height() > 4320 || rung.height() % 2 != 0) {
        throw new SettingsException(key + ".height", "must be an even number of pixels from 64 to 4320, was " + rung.height());
      }
      if (rung.videoKbps() < 50 || rung.videoKbps() > 100_000) {
        throw new SettingsException(key + ".video-kbps", "must be between 50 and 100000, was " + rung.videoKbps());
      }
      rungs.add(rung);
    }
    return rungs;
  }
}
