package io.headwater.media;

/**
 * The codecs Headwater can name. Whether a stage can handle one is that stage's decision: packaging
 * passes H.264/HEVC/AV1 + AAC/Opus through; anything else is rejected with a reason.
 */
public enum Codec {
  H264(MediaKind.VIDEO),
  HEVC(MediaKind.VIDEO),
  AV1(MediaKind.VIDEO),
  VP9(MediaKind.VIDEO),
  AAC(MediaKind.AUDIO),
  OPUS(MediaKind.AUDIO),
  MP3(MediaKind.AUDIO);

  private final MediaKind kind;

  Codec(MediaKind kind) {
    this.kind = kind;
  }

  public MediaKind kind() {
    return kind;
  }
}
