package io.headwater.media.flv.codec;

/**
 * A well-formed tag whose codec Headwater does not carry (Sorenson H.263, VP6, screen video, Speex, FLAC,
 * AC-3, an unknown FourCC…). {@link #codecName()} names it so the session can refuse the publish with a
 * reason a user understands, e.g. "unsupported video codec: On2 VP6".
 */
public final class UnsupportedCodecException extends FlvCodecException {
  private final String codecName;

  public UnsupportedCodecException(String kind, String codecName) {
    super("unsupported " + kind + " codec: " + codecName);
    this.codecName = codecName;
  }

  /** The codec as a person would name it ("On2 VP6", "FourCC 'vp08' (VP8)"). */
  public String codecName() {
    return codecName;
  }
}
