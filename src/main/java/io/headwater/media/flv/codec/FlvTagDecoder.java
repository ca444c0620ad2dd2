package io.headwater.media.flv.codec;

import io.headwater.media.MediaItem;
import java.util.List;

/**
 * Decodes the audio and video tags of one FLV stream (one RTMP publish) into the codec-neutral media model:
 * configurations on sequence starts, frames in 90 kHz ticks with H.264/HEVC payloads as 4-byte length-prefixed
 * NAL units. The RTMP session creates one per published stream and hands it every audio (type 8) and video
 * (type 9) message; it is not thread-safe. Frames that arrive before any configuration are returned like any
 * other; whether to drop them is the session's call.
 *
 * <p>A tag may yield no item: end-of-sequence, seek commands, HDR metadata, an empty sequence start or an
 * empty frame, and the E-RTMP silence message. A tag this codec cannot read raises {@link FlvCodecException};
 * a readable tag of a codec Headwater does not carry raises its subclass {@link UnsupportedCodecException}.
 * The body is read, never kept: frames hold copies, so the caller may reuse its buffer.
 */
public final class FlvTagDecoder {
  private final VideoTagDecoder video = new VideoTagDecoder();
  private final AudioTagDecoder audio = new AudioTagDecoder();

  public List<MediaItem> decode(FlvTag tag) throws FlvCodecException {
    return switch (tag.type()) {
      case FlvTag.AUDIO -> decodeAudio(tag.timestampMs(), tag.body());
      case FlvTag.VIDEO -> decodeVideo(tag.timestampMs(), tag.body());
      default -> throw new FlvCodecException("tag type " + tag.type() + " is neither audio (8) nor video (9)");
    };
  }

  /** An RTMP video message (type 9): its payload and timestamp in milliseconds. */
  public List<MediaItem> decodeVideo(long timestampMs, byte[] body) throws FlvCodecException {
    return video.decode(timestampMs, body);
  }

  /** An RTMP audio message (type 8): its payload and timestamp in milliseconds. */
  public List<MediaItem> decodeAudio(long timestampMs, byte[] body) throws FlvCodecException {
    return audio.decode(timestampMs, body);
  }
}
