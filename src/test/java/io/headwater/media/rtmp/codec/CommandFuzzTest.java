package io.headwater.media.rtmp.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Arbitrary bytes as a command or data message body, read as the session reads them: only
 * {@link RtmpCodecException} may escape.
 */
class CommandFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void decode(byte[] body) {
    RtmpLimits limits = ChunkDecoderFuzzTest.LIMITS;
    try {
      Command command = Command.decode(body, limits);
      command.toString();
      command.encode();
      CommandReplies.statusCode(command);
      CommandRequests.streamId(command);
      switch (command.name()) {
        case Command.CONNECT -> CommandRequests.Connect.from(command).toCommand().encode();
        case Command.PUBLISH -> CommandRequests.Publish.from(command).toString();
        case Command.PLAY -> CommandRequests.Play.from(command).toCommand().encode();
        default -> CommandRequests.streamName(command);
      }
    } catch (RtmpCodecException e) {
      // refused: the session closes with this message
    }
    try {
      DataMessage.decode(body, limits).metadata();
    } catch (RtmpCodecException e) {
      // refused
    }
  }
}
