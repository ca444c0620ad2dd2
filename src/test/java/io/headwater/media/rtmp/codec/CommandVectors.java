package io.headwater.media.rtmp.codec;

import static io.headwater.media.rtmp.codec.Amf0Vectors.ecma;
import static io.headwater.media.rtmp.codec.Amf0Vectors.object;
import static io.headwater.media.rtmp.codec.TestBytes.bytes;

import java.util.List;

/**
 * Golden vectors for command (type 20) and data (type 18) bodies. The FFmpeg rows are the bodies FFmpeg
 * 5.1 sent when publishing (stream key "streamkey123") to, or playing from, a loopback harness built on
 * these codecs; the reply rows were assembled by hand from AMF0 and accepted by that FFmpeg.
 */
final class CommandVectors {
  private CommandVectors() {}

  record Row(String name, Object value, byte[] body, boolean encodable) {
    @Override
    public String toString() {
      return name;
    }
  }

  record Bad(String name, byte[] body, String fragment) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final byte[] FFMPEG_RELEASE_STREAM =
      bytes("02000d72656c6561736553747265616d0040000000000000000502000c73747265616d6b6579313233");
  static final byte[] FFMPEG_FC_PUBLISH = bytes("02000946435075626c6973680040080000000000000502000c73747265616d6b6579313233");
  static final byte[] FFMPEG_CREATE_STREAM = bytes("02000c63726561746553747265616d00401000000000000005");
  static final byte[] FFMPEG_CHECK_BW = bytes("0200085f636865636b627700401400000000000005");
  static final byte[] FFMPEG_PUBLISH =
      bytes("0200077075626c6973680040180000000000000502000c73747265616d6b65793132330200046c697665");
  static final byte[] FFMPEG_FC_UNPUBLISH =
      bytes("02000b4643556e7075626c69736800401c0000000000000502000c73747265616d6b6579313233");
  static final byte[] FFMPEG_DELETE_STREAM = bytes("02000c64656c65746553747265616d00402000000000000005003ff0000000000000");
  static final byte[] FFMPEG_SET_DATA_FRAME = bytes("""
      02000d40736574446174614672616d6502000a6f6e4d65746144617461080000000d00086475726174696f6e0040000000000000
      0000057769647468004064000000000000000668656967687400405e000000000000000d766964656f6461746172617465000000
      00000000000000096672616d6572617465004024000000000000000c766964656f636f646563696400401c000000000000000d61
      7564696f6461746172617465004050d88000000000000f617564696f73616d706c65726174650040e5888000000000000f617564
      696f73616d706c6573697a65004030000000000000000673746572656f0100000c617564696f636f646563696400402400000000
      00000007656e636f64657202000d4c61766635392e32372e313030000866696c6573697a65000000000000000000000009""");

  static final List<Row> ROWS = List.of(
      new Row("FFmpeg connect", Command.of("connect", 1, object("app", "live", "type", "nonprivate",
          "flashVer", "FMLE/3.0 (compatible; Lavf59.27.100)", "tcUrl", "rtmp://127.0.0.1:19350/live")),
          ChunkVectors.FFMPEG_CONNECT_PAYLOAD, true),
      new Row("FFmpeg releaseStream", CommandRequests.releaseStream(2, "streamkey123"), FFMPEG_RELEASE_STREAM, true),
      new Row("FFmpeg FCPublish", CommandRequests.fcPublish(3, "streamkey123"), FFMPEG_FC_PUBLISH, true),
      new Row("FFmpeg createStream", CommandRequests.createStream(4), FFMPEG_CREATE_STREAM, true),
      new Row("FFmpeg _checkbw", Command.of("_checkbw", 5, null), FFMPEG_CHECK_BW, true),
      new Row("FFmpeg publish", new CommandRequests.Publish(6, "streamkey123", "live").toCommand(), FFMPEG_PUBLISH, true),
      new Row("FFmpeg FCUnpublish", CommandRequests.fcUnpublish(7, "streamkey123"), FFMPEG_FC_UNPUBLISH, true),
      new Row("FFmpeg deleteStream", CommandRequests.deleteStream(8, 1), FFMPEG_DELETE_STREAM, true),
      new Row("FFmpeg playing: connect with fpad, capabilities and codec masks", Command.of("connect", 1, object(
          "app", "live", "flashVer", "LNX 9,0,124,2", "tcUrl", "rtmp://127.0.0.1:19354/live", "fpad", false,
          "capabilities", 15.0, "audioCodecs", 4071.0, "videoCodecs", 252.0, "videoFunction", 1.0)), bytes("""
          020007636f6e6e656374003ff00000000000000300036170700200046c6976650008666c61736856657202000d4c4e5820392c
          302c3132342c320005746355726c02001b72746d703a2f2f3132372e302e302e313a31393335342f6c69766500046670616401
          00000c6361706162696c697469657300402e000000000000000b617564696f436f646563730040afce0000000000000b766964
          656f436f6465637300406f800000000000000d766964656f46756e6374696f6e003ff0000000000000000009"""), true),
      new Row("FFmpeg play, start -2000 (milliseconds, unlike RTMP 7.2.2.1's seconds)",
          new CommandRequests.Play(5, "somekey", -2000).toCommand(),
          bytes("020004706c617900401400000000000005020007736f6d656b657900c09f400000000000"), true),
      new Row("connect result NetConnection.Connect.Success", CommandReplies.connectSuccess(1, 0), bytes("""
          0200075f726573756c74003ff0000000000000030006666d7356657202000d464d532f332c302c312c313233000c6361706162
          696c697469657300403f0000000000000000090300056c6576656c0200067374617475730004636f646502001d4e6574436f6e
          6e656374696f6e2e436f6e6e6563742e53756363657373000b6465736372697074696f6e020015436f6e6e656374696f6e2073
          75636365656465642e000e6f626a656374456e636f64696e67000000000000000000000009"""), true),
      new Row("createStream result, stream 1", CommandReplies.createStreamResult(4, 1),
          bytes("0200075f726573756c7400401000000000000005003ff0000000000000"), true),
      new Row("onStatus NetStream.Publish.Start", CommandReplies.publishStart(), bytes("""
          0200086f6e537461747573000000000000000000050300056c6576656c0200067374617475730004636f64650200174e65745374
          7265616d2e5075626c6973682e5374617274000b6465736372697074696f6e02001a53746172746564207075626c697368696e
          672073747265616d2e000009"""), true),
      new Row("name only: transaction 0, null command object", Command.of("test", 0, null),
          bytes("02 0004 74657374"), false),
      new Row("FFmpeg @setDataFrame onMetaData", new DataMessage("@setDataFrame", List.of("onMetaData",
          ecma("duration", 2.0, "width", 160.0, "height", 120.0, "videodatarate", 0.0, "framerate", 10.0,
              "videocodecid", 7.0, "audiodatarate", 67.3828125, "audiosamplerate", 44100.0, "audiosamplesize", 16.0,
              "stereo", false, "audiocodecid", 10.0, "encoder", "Lavf59.27.100", "filesize", 0.0))),
          FFMPEG_SET_DATA_FRAME, true),
      new Row("onMetaData as sent to players", DataMessage.onMetaData(object("width", 640.0)),
          bytes("02000a6f6e4d65746144617461 08 00000001 0005 7769647468 00 4084000000000000 0000 09"), true));

  static final List<Bad> BAD = List.of(
      new Bad("empty command body", new byte[0], "command: empty body"),
      new Bad("command name is a number", bytes("00 3ff0000000000000"), "command: name is a number, expected a string"),
      new Bad("transaction id is a string", bytes("02 0001 61 02 0001 62"),
          "command: transaction id is a string, expected a number"),
      new Bad("transaction id is an object", bytes("02 0001 61 03 0000 09"),
          "command: transaction id is an object, expected a number"),
      new Bad("AMF0 error inside a command", bytes("02 0007 636f6e6e656374 00 3ff0000000000000 11"),
          "amf0: unsupported marker 0x11"),
      new Bad("command name longer than the body", bytes("02 0010 61"), "amf0: string of 16 bytes at offset 0 runs past"));
}
