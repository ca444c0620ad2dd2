package io.headwater.media;

import java.util.Map;

/**
 * What a publisher says about its stream (RTMP onMetaData): encoder name, declared size, frame rate and
 * bitrates. Advisory only: nothing trusts it over the codec configuration. Values are strings, numbers
 * or booleans.
 */
public record StreamMetadata(Map<String, Object> values) implements MediaItem {
  public StreamMetadata {
    values = Map.copyOf(values);
  }
}
