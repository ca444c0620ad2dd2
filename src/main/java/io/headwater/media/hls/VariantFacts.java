package io.headwater.media.hls;

import io.headwater.media.CodecConfig;
import java.util.List;

/**
 * What a master playlist's EXT-X-STREAM-INF says about a rendition, measured over its listed segments.
 *
 * @param peakBandwidth bits per second of its densest segment (BANDWIDTH)
 * @param averageBandwidth bits per second over the window (AVERAGE-BANDWIDTH)
 * @param configs the codec configurations of its current init segment
 * @param frameRate video frames per second over the window, null for audio-only
 */
record VariantFacts(long peakBandwidth, long averageBandwidth, List<CodecConfig> configs, Double frameRate) {}
