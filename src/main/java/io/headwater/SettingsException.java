package io.headwater;

/** A setting with a value Headwater cannot run with; the message names the key and what is wrong. */
public final class SettingsException extends RuntimeException {
  public SettingsException(String key, String problem) {
    super(key + ": " + problem);
  }
}
