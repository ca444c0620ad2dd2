package io.headwater.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.headwater.media.Codec;
import io.headwater.media.CodecConfig;
import io.headwater.media.MediaFrame;
import io.headwater.media.MediaItem;
import io.headwater.media.MediaKind;
import java.util.List;

/** What a hub consumer must see of FFmpeg's test publish ({@link Ffmpeg#publish}), whatever the ingest protocol. */
final class MediaAssertions {
  private MediaAssertions() {}

  /**
   * H.264 640x360 and stereo AAC 48 kHz configurations before any frame (FLV announces both up front), a
   * keyframe first, more than 20 frames per track with increasing decode timestamps.
   */
  static void assertMediaIsDecodable(List<MediaItem> items) {
    assertMediaIsDecodable(items, true);
  }

  /**
   * As {@link #assertMediaIsDecodable(List)}; with {@code configurationsFirst} false each configuration need
   * only precede its own track's frames (MPEG-TS reveals the audio configuration with the first audio frame,
   * which may follow the first video frame).
   */
  static void assertMediaIsDecodable(List<MediaItem> items, boolean configurationsFirst) {
    CodecConfig video = (CodecConfig) items.stream()
        .filter(i -> i instanceof CodecConfig c && c.kind() == MediaKind.VIDEO).findFirst().orElseThrow();
    assertEquals(Codec.H264, video.codec());
    assertEquals(640, video.width());
    assertEquals(360, video.height());
    assertTrue(video.codecString().startsWith("avc1."), video.codecString());
    CodecConfig audio = (CodecConfig) items.stream()
        .filter(i -> i instanceof CodecConfig c && c.kind() == MediaKind.AUDIO).findFirst().orElseThrow();
    assertEquals(Codec.AAC, audio.codec());
    assertEquals(48000, audio.sampleRate());
    assertEquals(2, audio.channels(), "the publisher encodes stereo");

    List<MediaFrame> videoFrames = items.stream().filter(i -> i instanceof MediaFrame f && f.kind() == MediaKind.VIDEO)
        .map(MediaFrame.class::cast).toList();
    List<MediaFrame> audioFrames = items.stream().filter(i -> i instanceof MediaFrame f && f.kind() == MediaKind.AUDIO)
        .map(MediaFrame.class::cast).toList();
    assertTrue(videoFrames.size() > 20, "video frames: " + videoFrames.size());
    assertTrue(audioFrames.size() > 20, "audio frames: " + audioFrames.size());
    assertTrue(videoFrames.get(0).keyframe(), "a consumer starts at a keyframe");
    int firstFrame = items.indexOf(items.stream().filter(i -> i instanceof MediaFrame).findFirst().orElseThrow());
    if (configurationsFirst) {
      assertTrue(items.indexOf(video) < firstFrame && items.indexOf(audio) < firstFrame,
          "configurations come before any frame");
    }
    assertTrue(items.indexOf(video) < items.indexOf(videoFrames.get(0)), "the video configuration comes before its frames");
    assertTrue(items.indexOf(audio) < items.indexOf(audioFrames.get(0)), "the audio configuration comes before its frames");
    for (List<MediaFrame> track : List.of(videoFrames, audioFrames)) {
      for (int i = 1; i < track.size(); i++) {
        assertTrue(track.get(i).dts() > track.get(i - 1).dts(), "decode timestamps increase");
      }
    }
    assertTrue(videoFrames.stream().allMatch(f -> f.pts() >= f.dts()), "presentation never precedes decode");
  }
}
