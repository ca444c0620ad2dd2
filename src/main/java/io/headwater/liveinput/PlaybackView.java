package io.headwater.liveinput;

import io.headwater.CborSerializable;
import java.util.List;

/**
 * What playback needs to know about a live input, without an account check (playback URLs are public
 * by uid): who may embed it, what to show, and which node holds the publisher's stream hub.
 *
 * @param allowedOrigins {@code recording.allowedOrigins}; null = unset (any origin)
 * @param publisherNode the node holding the live publisher's stream hub; null when no one publishes
 * @param status the latest status value ({@code connected}, {@code reconnecting}, …); null before the first publish
 */
public record PlaybackView(
    String uid,
    List<String> allowedOrigins,
    boolean hideLiveViewerCount,
    boolean preferLowLatency,
    String publisherNode,
    String status)
    implements CborSerializable {

  public PlaybackView {
    allowedOrigins = allowedOrigins == null ? null : List.copyOf(allowedOrigins);
  }

  static PlaybackView of(LiveInputState s) {
    Recording recording = s.settings().recording();
    return new PlaybackView(s.uid(), recording.allowedOrigins(), recording.hideLiveViewerCount(),
        s.settings().preferLowLatency(), s.live() ? s.publisher().node() : null, s.status());
  }
}
