package io.headwater.media.rtmp.codec;

import static io.headwater.media.rtmp.codec.Amf0Vectors.object;
import static io.headwater.media.rtmp.codec.CodecAssertions.assertRejects;
import static io.headwater.media.rtmp.codec.TestBytes.bytes;
import static io.headwater.media.rtmp.codec.TestBytes.toHex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CommandTest {
  private static final RtmpLimits D = RtmpLimits.DEFAULTS;

  static List<CommandVectors.Row> rows() {
    return CommandVectors.ROWS;
  }

  static List<CommandVectors.Row> encodable() {
    return CommandVectors.ROWS.stream().filter(CommandVectors.Row::encodable).toList();
  }

  static List<CommandVectors.Bad> bad() {
    return CommandVectors.BAD;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void decodesGoldenVector(CommandVectors.Row row) {
    Object decoded = row.value() instanceof DataMessage ? DataMessage.decode(row.body(), D) : Command.decode(row.body(), D);
    assertEquals(row.value(), decoded);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("encodable")
  void encodesGoldenVector(CommandVectors.Row row) {
    byte[] encoded = row.value() instanceof DataMessage d ? d.encode() : ((Command) row.value()).encode();
    assertEquals(toHex(row.body()), toHex(encoded));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bad")
  void rejectsMalformedCommand(CommandVectors.Bad bad) {
    assertRejects(bad.fragment(), () -> Command.decode(bad.body(), D));
  }

  @Test
  void readsTheFfmpegConnect() {
    CommandRequests.Connect connect = CommandRequests.Connect.from(Command.decode(ChunkVectors.FFMPEG_CONNECT_PAYLOAD, D));
    assertEquals(new CommandRequests.Connect(1, "live", "nonprivate", "FMLE/3.0 (compatible; Lavf59.27.100)",
        "rtmp://127.0.0.1:19350/live", null, null, 0), connect);
    assertEquals(toHex(ChunkVectors.FFMPEG_CONNECT_PAYLOAD), toHex(connect.toCommand().encode()), "our push client's connect");
  }

  @Test
  void readsPublishAndPlay() {
    assertEquals(new CommandRequests.Publish(6, "streamkey123", "live"),
        CommandRequests.Publish.from(Command.decode(CommandVectors.FFMPEG_PUBLISH, D)));
    assertEquals(new CommandRequests.Publish(6, "k", "live"),
        CommandRequests.Publish.from(Command.of("publish", 6, null, "k")), "type defaults to live");
    assertEquals(new CommandRequests.Play(4, "k", -2), CommandRequests.Play.from(Command.of("play", 4, null, "k")));
    assertEquals(new CommandRequests.Play(4, "k", -1), CommandRequests.Play.from(Command.of("play", 4, null, "k", -1.0)));
    assertEquals(Optional.of("streamkey123"), CommandRequests.streamName(Command.decode(CommandVectors.FFMPEG_FC_PUBLISH, D)));
    assertEquals(Optional.of(1), CommandRequests.streamId(Command.decode(CommandVectors.FFMPEG_DELETE_STREAM, D)));
  }

  @Test
  void refusesRequestsASessionCannotActOn() {
    assertRejects("connect: command object is null, expected an object",
        () -> CommandRequests.Connect.from(Command.of("connect", 1, null)));
    assertRejects("connect: no app string in the command object",
        () -> CommandRequests.Connect.from(Command.of("connect", 1, object("tcUrl", "rtmp://h/live"))));
    assertRejects("publish: no stream name argument", () -> CommandRequests.Publish.from(Command.of("publish", 5, null)));
    assertRejects("play: no stream name argument", () -> CommandRequests.Play.from(Command.of("play", 5, null, 1.0)));
  }

  @Test
  void neverPrintsTheStreamKey() {
    Command publish = Command.decode(CommandVectors.FFMPEG_PUBLISH, D);
    assertFalse(publish.toString().contains("streamkey123"), publish.toString());
    assertFalse(CommandRequests.Publish.from(publish).toString().contains("streamkey123"));
    assertFalse(CommandRequests.Play.from(Command.of("play", 1, null, "streamkey123")).toString().contains("streamkey123"));
    CommandRequests.Connect connect = new CommandRequests.Connect(1, "live?key=streamkey123", null, null,
        "rtmp://h/live?key=streamkey123", null, null, 0);
    assertFalse(connect.toString().contains("streamkey123"), connect.toString());
  }

  @Test
  void decodesTheAmf3CommandVariantWithAnAmf0Body() {
    RtmpMessage type17 = new RtmpMessage(3, RtmpMessage.TYPE_COMMAND_AMF3, 0, 0, bytes("00", CommandVectors.FFMPEG_CREATE_STREAM));
    assertEquals(CommandRequests.createStream(4), Command.decode(type17, D));
    RtmpMessage notAmf0 = new RtmpMessage(3, RtmpMessage.TYPE_COMMAND_AMF3, 0, 0, CommandVectors.FFMPEG_CREATE_STREAM);
    assertRejects("type-17 message: format byte 0x02, expected 0 (AMF0 body)", () -> Command.decode(notAmf0, D));
    RtmpMessage empty = new RtmpMessage(3, RtmpMessage.TYPE_COMMAND_AMF3, 0, 0, new byte[0]);
    assertRejects("type-17 message: format byte missing", () -> Command.decode(empty, D));
  }

  @Test
  void repliesCarryTheirStatusCodes() {
    assertEquals(Optional.of("NetConnection.Connect.Success"), CommandReplies.statusCode(CommandReplies.connectSuccess(1, 0)));
    assertEquals(Optional.of("NetStream.Publish.BadName"),
        CommandReplies.statusCode(CommandReplies.publishBadName("Already publishing")));
    assertEquals(Optional.of("NetStream.Publish.Denied"), CommandReplies.statusCode(CommandReplies.publishDenied("no")));
    assertEquals(Optional.of("NetStream.Play.Start"), CommandReplies.statusCode(CommandReplies.playStart()));
    assertEquals(Optional.of("NetStream.Play.Reset"), CommandReplies.statusCode(CommandReplies.playReset()));
    assertEquals(Optional.of("NetStream.Publish.Start"), CommandReplies.statusCode(CommandReplies.onFCPublish()));
    assertEquals(Optional.of("NetConnection.Connect.Rejected"),
        CommandReplies.statusCode(CommandReplies.connectRejected(1, "bad app")));
    assertEquals(Optional.of(1), CommandReplies.createdStreamId(Command.decode(
        CommandReplies.createStreamResult(4, 1).encode(), D)));
    assertEquals("error", ((Map<?, ?>) CommandReplies.publishBadName("x").arguments().get(0)).get("level"));
  }

  @Test
  void unwrapsMetadata() {
    DataMessage setDataFrame = DataMessage.decode(CommandVectors.FFMPEG_SET_DATA_FRAME, D);
    assertEquals(160.0, setDataFrame.metadata().orElseThrow().get("width"));
    assertEquals(Optional.of(Map.of("width", 640.0)), DataMessage.onMetaData(Map.of("width", 640.0)).metadata());
    assertTrue(new DataMessage("onCuePoint", List.of(object())).metadata().isEmpty());
    assertTrue(new DataMessage("@setDataFrame", List.of("onCuePoint", object())).metadata().isEmpty());
    assertRejects("data: empty body", () -> DataMessage.decode(new byte[0], D));
    assertRejects("data: handler name is null, expected a string", () -> DataMessage.decode(bytes("05"), D));
  }
}
