package io.headwater.media.hub;

import com.typesafe.config.Config;
import io.headwater.SettingsException;

/** Buffer and GOP-cache bounds of stream hubs, from {@code headwater.hub}. */
public record HubSettings(int consumerBuffer, int gopMaxFrames, long gopMaxBytes) {
  public static HubSettings fromConfig(Config root) {
    Config c = root.getConfig("headwater.hub");
    HubSettings s = new HubSettings(c.getInt("consumer-buffer"), c.getInt("gop-max-frames"), c.getBytes("gop-max-bytes"));
    if (s.consumerBuffer < 16) throw new SettingsException("headwater.hub.consumer-buffer", "must be at least 16");
    if (s.gopMaxFrames < 1) throw new SettingsException("headwater.hub.gop-max-frames", "must be at least 1");
    if (s.gopMaxBytes < 1024) throw new SettingsException("headwater.hub.gop-max-bytes", "must be at least 1024");
    return s;
  }

  public StreamHubs newRegistry() {
    return new StreamHubs(consumerBuffer, gopMaxFrames, gopMaxBytes);
  }
}
