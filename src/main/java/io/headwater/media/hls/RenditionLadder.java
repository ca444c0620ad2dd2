package io.headwater.media.hls;

import io.headwater.media.MediaItem;
import io.headwater.media.hub.StreamHub;
import io.headwater.media.hub.StreamProfile;
import java.util.List;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Renditions beyond the source (the transcoded ladder), made per publish from its hub. HLS packages each
 * rung like the source rendition and lists it in the master playlist; segments line up across renditions
 * when a rung's keyframes fall on the source's. Implemented where transcoding lives, so this package never
 * touches a codec library.
 */
public interface RenditionLadder {
  /** No ladder: the source rendition only. */
  RenditionLadder NONE = (hub, profile) -> List.of();

  /** This publish's rungs, best first; each source is materialized once, and completes when the hub ends. */
  List<Rung> rungs(StreamHub hub, StreamProfile profile);

  /** @param name the rendition's token in URLs ([a-z0-9]{1,16}, such as "720p") */
  record Rung(String name, Source<MediaItem, ?> media) {}
}
