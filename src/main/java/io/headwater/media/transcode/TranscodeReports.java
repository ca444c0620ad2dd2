package io.headwater.media.transcode;

/**
 * Where the transcoder tells the owner of a live input what went wrong with its ladder (it failed, or fell
 * behind real time and dropped frames): the node sends it to the live input, whose status history shows
 * it. Called from stream threads; must return quickly and never throw.
 */
public interface TranscodeReports {
  /** Reports nowhere (tests, and nodes that do not report). */
  TranscodeReports NONE = (liveInputId, sessionId, reason) -> {};

  /** @param reason one line in words, for the live input's owner */
  void report(String liveInputId, String sessionId, String reason);
}
