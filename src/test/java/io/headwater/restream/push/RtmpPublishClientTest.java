package io.headwater.restream.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.headwater.media.Codec;
import io.headwater.media.CodecConfig;
import io.headwater.media.MediaFrame;
import io.headwater.media.rtmp.codec.ChunkDecoder;
import io.headwater.media.rtmp.codec.ChunkEncoder;
import io.headwater.media.rtmp.codec.Command;
import io.headwater.media.rtmp.codec.CommandReplies;
import io.headwater.media.rtmp.codec.CommandRequests;
import io.headwater.media.rtmp.codec.Handshake;
import io.headwater.media.rtmp.codec.RtmpCodecException;
import io.headwater.media.rtmp.codec.RtmpLimits;
import io.headwater.media.rtmp.codec.RtmpMessage;
import io.headwater.media.rtmp.codec.ServerHandshake;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The publishing client against a scripted server built from the server side of our RTMP codec: the
 * command sequence OBS sends, media only after NetStream.Publish.Start with the configurations first, and
 * refusals reported in the destination's words without the stream key.
 */
class RtmpPublishClientTest {
  private static final String KEY = "live_1234567890_secretkey";
  private static final CodecConfig AVC = new CodecConfig(Codec.H264, HexFormat.of().parseHex(
      "0164001fffe1001c6764001facd940500 5bb016a02020280000003008000001e078c18cb01000668ebe3cb22c0".replace(" ", "")),
      1280, 720, 0, 0, "avc1.64001f");

  /** The server end: it reads what the client sent and answers with our codec's server replies. */
  private static final class ScriptedServer {
    final ByteArrayOutputStream fromClient = new ByteArrayOutputStream();
    final ChunkDecoder decoder = new ChunkDecoder(RtmpLimits.DEFAULTS);
    final ChunkEncoder encoder = new ChunkEncoder();
    final List<RtmpMessage> received = new ArrayList<>();
    int handshakeRead;
    boolean publishing;
    RtmpPublishClient client;

    byte[] answerHandshake() {
      byte[] c0c1 = java.util.Arrays.copyOf(fromClient.toByteArray(), Handshake.C0C1_SIZE);
      handshakeRead = Handshake.C0C1_SIZE;
      return ServerHandshake.accept(c0c1, new Random(1)).s0s1s2();
    }

    List<Command> commands() {
      byte[] all = fromClient.toByteArray();
      int skip = handshakeRead + Handshake.PACKET_SIZE; // C2
      if (all.length > skip) {
        received.addAll(decoder.decode(ByteBuffer.wrap(all, skip, all.length - skip)));
        fromClient.reset();
        handshakeRead = -Handshake.PACKET_SIZE;
      }
      List<Command> out = new ArrayList<>();
      for (RtmpMessage m : received) if (Command.isCommand(m.typeId())) out.add(Command.decode(m, RtmpLimits.DEFAULTS));
      return out;
    }

    void reply(Command command, int streamId) {
      client.receive(ByteBuffer.wrap(encoder.encode(command.toMessage(3, streamId))));
    }
  }

  private static ScriptedServer connected() {
    ScriptedServer server = new ScriptedServer();
    server.client = new RtmpPublishClient(new RtmpPublishClient.Effects() {
      @Override
      public void send(byte[] bytes) {
        server.fromClient.writeBytes(bytes);
      }

      @Override
      public void publishing() {
        server.publishing = true;
      }
    }, "live2", "rtmp://a.rtmp.youtube.com:1935/live2", KEY, RtmpLimits.DEFAULTS, 4096, new Random(2));
    server.client.start();
    server.client.receive(ByteBuffer.wrap(server.answerHandshake()));
    return server;
  }

  @Test
  void itConnectsCreatesAStreamAndPublishesTheKeyAsOBSDoes() {
    ScriptedServer server = connected();
    List<Command> sent = server.commands();
    assertEquals(List.of("connect"), sent.stream().map(Command::name).toList());
    var connect = CommandRequests.Connect.from(sent.get(0));
    assertEquals("live2", connect.app());
    assertEquals("rtmp://a.rtmp.youtube.com:1935/live2", connect.tcUrl());
    assertFalse(connect.tcUrl().contains(KEY));

    server.reply(CommandReplies.connectSuccess(1, 0), 0);
    assertEquals(List.of("connect", "releaseStream", "FCPublish", "createStream"),
        server.commands().stream().map(Command::name).toList());
    server.reply(CommandReplies.createStreamResult(4, 1), 0);
    Command publish = server.commands().get(4);
    assertEquals(KEY, CommandRequests.Publish.from(publish).streamName());

    server.client.media(AVC);
    server.client.media(new MediaFrame(Codec.H264, 90_000, 90_000, true, new byte[] {0, 0, 0, 1, 0x65}));
    server.commands();
    assertTrue(server.received.stream().noneMatch(m -> m.typeId() == RtmpMessage.TYPE_VIDEO), "no media before publish start");

    server.reply(CommandReplies.publishStart(), 1);
    assertTrue(server.publishing);
    server.client.media(new MediaFrame(Codec.H264, 93_000, 93_000, false, new byte[] {0, 0, 0, 1, 0x41}));
    server.commands();
    List<RtmpMessage> video = server.received.stream().filter(m -> m.typeId() == RtmpMessage.TYPE_VIDEO).toList();
    assertEquals(2, video.size(), "the sequence header, then the frame");
    assertEquals(0, video.get(0).payload()[1], "AVC sequence header first");
    assertEquals(0, video.get(1).timestamp(), "timestamps start at 0 on each connection");
    var metadata = server.received.stream().filter(m -> m.typeId() == RtmpMessage.TYPE_DATA_AMF0).findFirst().orElseThrow();
    var values = io.headwater.media.rtmp.codec.DataMessage.decode(metadata, RtmpLimits.DEFAULTS).metadata().orElseThrow();
    assertEquals(1280.0, values.get("width"), "onMetaData carries what the configurations say");
  }

  @Test
  void configurationsThatArriveOnlyAfterPublishStartStillPrecedeTheFirstFrame() {
    ScriptedServer server = connected();
    server.reply(CommandReplies.connectSuccess(1, 0), 0);
    server.reply(CommandReplies.createStreamResult(4, 1), 0);
    server.reply(CommandReplies.publishStart(), 1);
    server.client.media(AVC); // the stage pulls from the hub only now
    server.client.media(new MediaFrame(Codec.H264, 0, 0, true, new byte[] {0, 0, 0, 1, 0x65}));
    server.commands();
    List<Integer> types = server.received.stream().map(RtmpMessage::typeId)
        .filter(t -> t == RtmpMessage.TYPE_DATA_AMF0 || t == RtmpMessage.TYPE_VIDEO).toList();
    assertEquals(List.of(RtmpMessage.TYPE_DATA_AMF0, RtmpMessage.TYPE_VIDEO, RtmpMessage.TYPE_VIDEO), types);
  }

  @Test
  void errorsToReleaseStreamAndFCPublishAreIgnoredAsFFmpegDoes() {
    ScriptedServer server = connected();
    server.reply(CommandReplies.connectSuccess(1, 0), 0);
    server.reply(CommandReplies.error(2, "NetStream.Failed", "Specified stream not found"), 0);
    server.reply(CommandReplies.createStreamResult(4, 1), 0);
    server.reply(CommandReplies.publishStart(), 1);
    assertTrue(server.publishing);
  }

  @Test
  void aRefusalFailsTheConnectionInTheDestinationsWordsWithoutTheKey() {
    ScriptedServer server = connected();
    server.reply(CommandReplies.connectSuccess(1, 0), 0);
    server.reply(CommandReplies.createStreamResult(4, 1), 0);
    var refusal = assertThrows(RtmpCodecException.class,
        () -> server.reply(CommandReplies.publishBadName("stream " + KEY + " is not allowed"), 1));
    assertTrue(refusal.getMessage().contains("NetStream.Publish.BadName"), refusal.getMessage());
    assertFalse(refusal.getMessage().contains(KEY), refusal.getMessage());
  }
}
