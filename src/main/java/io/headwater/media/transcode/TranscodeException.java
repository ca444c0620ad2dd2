package io.headwater.media.transcode;

/**
 * Transcoding of one publish cannot go on: its message says why in words fit for the live input's status
 * history (never a key or a path). The source rendition is never affected.
 */
final class TranscodeException extends RuntimeException {
  TranscodeException(String message) {
    super(message);
  }

  TranscodeException(String message, Throwable cause) {
    super(message, cause);
  }
}
