package io.headwater.media.hub;

import io.headwater.media.CodecConfig;
import io.headwater.media.MediaFrame;
import io.headwater.media.MediaItem;
import io.headwater.media.MediaKind;
import io.headwater.media.StreamMetadata;
import java.util.ArrayList;
import java.util.List;

/**
 * What a consumer joining mid-stream needs to start at once: the current codec configurations and
 * metadata, and the frames since the most recent video keyframe. Bounded: a GOP longer than the limits
 * is dropped and the cache waits for the next keyframe. Owned by one {@link StreamHub}; not thread-safe.
 */
final class GopCache {
  private final int maxFrames;
  private final long maxBytes;

  private CodecConfig videoConfig;
  private CodecConfig audioConfig;
  private StreamMetadata metadata;
  private final List<MediaFrame> frames = new ArrayList<>();
  private long bytes;
  private boolean waitingForKeyframe;

  GopCache(int maxFrames, long maxBytes) {
    this.maxFrames = maxFrames;
    this.maxBytes = maxBytes;
  }

  void add(MediaItem item) {
    if (item instanceof CodecConfig c) {
      if (c.kind() == MediaKind.VIDEO) {
        videoConfig = c;
        frames.clear();
        bytes = 0;
        waitingForKeyframe = true;
      } else {
        audioConfig = c;
      }
    } else if (item instanceof StreamMetadata m) {
      metadata = m;
    } else if (item instanceof MediaFrame f) {
      addFrame(f);
    }
  }

  private void addFrame(MediaFrame f) {
    boolean hasVideo = videoConfig != null;
    if (!hasVideo) return; // audio only: every frame is a starting point, nothing to replay
    if (f.kind() == MediaKind.VIDEO && f.keyframe()) {
      frames.clear();
      bytes = 0;
      waitingForKeyframe = false;
    }
    if (waitingForKeyframe) return;
    if (frames.size() >= maxFrames || bytes + f.data().length > maxBytes) {
      frames.clear();
      bytes = 0;
      waitingForKeyframe = true;
      return;
    }
    frames.add(f);
    bytes += f.data().length;
  }

  /** Configurations and metadata first, then the current GOP, in arrival order. */
  List<MediaItem> snapshot() {
    List<MediaItem> items = new ArrayList<>(frames.size() + 3);
    if (metadata != null) items.add(metadata);
    if (videoConfig != null) items.add(videoConfig);
    if (audioConfig != null) items.add(audioConfig);
    items.addAll(frames);
    return items;
  }

  boolean hasVideo() {
    return videoConfig != null;
  }
}
