package io.headwater.media;

/**
 * What flows from a publisher session through the stream hub to its consumers: codec configurations
 * (announced before the frames they describe, again whenever they change) and frames.
 */
public sealed interface MediaItem permits CodecConfig, MediaFrame, StreamMetadata {}
