package io.headwater.liveinput;

import java.util.Optional;

/** Cloudflare's `recording.mode`: whether broadcasts are recorded. */
public enum RecordingMode {
  OFF("off"),
  AUTOMATIC("automatic");

  private final String wireName;

  RecordingMode(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<RecordingMode> fromWireName(String name) {
    for (RecordingMode mode : values()) {
      if (mode.wireName.equals(name)) return Optional.of(mode);
    }
    return Optional.empty();
  }
}
