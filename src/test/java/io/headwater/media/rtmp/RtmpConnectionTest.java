package io.headwater.media.rtmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.headwater.media.CodecConfig;
import io.headwater.media.MediaFrame;
import io.headwater.media.MediaItem;
import io.headwater.media.StreamMetadata;
import io.headwater.media.rtmp.codec.ChunkDecoder;
import io.headwater.media.rtmp.codec.ChunkEncoder;
import io.headwater.media.rtmp.codec.ClientHandshake;
import io.headwater.media.rtmp.codec.Command;
import io.headwater.media.rtmp.codec.CommandReplies;
import io.headwater.media.rtmp.codec.CommandRequests;
import io.headwater.media.rtmp.codec.DataMessage;
import io.headwater.media.rtmp.codec.ProtocolControl;
import io.headwater.media.rtmp.codec.RtmpCodecException;
import io.headwater.media.rtmp.codec.RtmpLimits;
import io.headwater.media.rtmp.codec.RtmpMessage;
import io.headwater.media.rtmp.codec.UserControl;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The server's side of the RTMP dialogue without sockets: a scripted client (built from our codecs)
 * talks to {@link RtmpConnection}, and the test reads what the server answered and what it asked of
 * its session.
 */
class RtmpConnectionTest {
  private static final String KEY = "0123456789abcdef0123456789abcdef" + "k" + "fedcba9876543210fedcba9876543210";
  // x264 High@3.1 1280x720 avcC and AAC-LC 48 kHz stereo, as FFmpeg sends them in FLV.
  private static final byte[] AVC_SEQUENCE_HEADER = HexFormat.of().parseHex(("17 00 00 00 00 01 64 00 1f ff e1 00 1c"
      + " 67 64 00 1f ac d9 40 50 05 bb 01 6a 02 02 02 80 00 00 03 00 80 00 00 1e 07 8c 18 cb"
      + " 01 00 06 68 eb e3 cb 22 c0").replace(" ", ""));

  /** Records what the connection asks of its session. */
  private static final class Session implements RtmpConnection.Effects {
    final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    final List<MediaItem> media = new ArrayList<>();
    Optional<StreamKeys.Key> requested = Optional.empty();
    boolean handshakeDone;
    boolean malformedKey;
    boolean unpublished;

    Optional<StreamKeys.Key> playRequested = Optional.empty();
    @Override public void send(byte[] bytes) { sent.writeBytes(bytes); }
    @Override public void handshakeDone() { handshakeDone = true; }
    @Override public void requestPublish(StreamKeys.Key key) { requested = Optional.of(key); }
    @Override public void malformedKey() { malformedKey = true; }
    @Override public void media(MediaItem item) { media.add(item); }
    @Override public void unpublished() { unpublished = true; }
    @Override public void requestPlay(StreamKeys.Key key) { playRequested = Optional.of(key); }
  }

  private final Session session = new Session();
  private final RtmpConnection server = new RtmpConnection(session, RtmpLimits.DEFAULTS, 4096, new Random(1));
  private final ChunkEncoder client = new ChunkEncoder();
  private final ChunkDecoder replies = new ChunkDecoder(RtmpLimits.DEFAULTS);
  private int repliesRead;

  private void handshake() {
    ClientHandshake hs = new ClientHandshake(new Random(2));
    server.receive(ByteBuffer.wrap(hs.c0c1()));
    byte[] s0s1s2 = session.sent.toByteArray();
    assertEquals(3073, s0s1s2.length);
    server.receive(ByteBuffer.wrap(hs.answer(s0s1s2).c2()));
    assertTrue(session.handshakeDone);
    repliesRead = s0s1s2.length;
  }

  private void send(Command command, int streamId) {
    server.receive(ByteBuffer.wrap(client.encode(command.toMessage(3, streamId))));
  }

  private void send(RtmpMessage message) {
    server.receive(ByteBuffer.wrap(client.encode(message)));
  }

  /** The server's messages since the last call. */
  private List<RtmpMessage> answers() {
    byte[] all = session.sent.toByteArray();
    List<RtmpMessage> messages = replies.decode(ByteBuffer.wrap(all, repliesRead, all.length - repliesRead));
    repliesRead = all.length;
    return messages;
  }

  private static List<String> statusCodes(List<RtmpMessage> messages) {
    return messages.stream().filter(m -> Command.isCommand(m.typeId()))
        .map(m -> Command.decode(m, RtmpLimits.DEFAULTS))
        .map(c -> CommandReplies.statusCode(c).orElse(c.name())).toList();
  }

  private void connectAndPublish(String app, String tcUrl, String name) {
    handshake();
    send(new CommandRequests.Connect(1, app, "nonprivate", "FMLE/3.0", tcUrl, null, null, 0).toCommand(), 0);
    send(CommandRequests.releaseStream(2, name), 0);
    send(CommandRequests.fcPublish(3, name), 0);
    send(CommandRequests.createStream(4), 0);
    send(new CommandRequests.Publish(5, name, "live").toCommand(), 1);
  }

  @Test
  void anEncodersDialogueEndsInAPublishRequestWithItsKey() {
    connectAndPublish("live", "rtmp://127.0.0.1/live", KEY);
    List<RtmpMessage> answers = answers();
    assertTrue(answers.stream().anyMatch(m -> m.typeId() == RtmpMessage.TYPE_WINDOW_ACK_SIZE));
    assertTrue(answers.stream().anyMatch(m -> m.typeId() == RtmpMessage.TYPE_SET_PEER_BANDWIDTH));
    assertTrue(statusCodes(answers).contains(CommandReplies.CONNECT_SUCCESS));
    assertEquals(Optional.of(new StreamKeys.Key(KEY, KEY.substring(33))), session.requested);
    assertFalse(server.publishing(), "nothing is published before the grant");

    server.publishGranted();
    List<RtmpMessage> granted = answers();
    assertInstanceOf(UserControl.StreamBegin.class, ProtocolControl.decode(granted.get(0)));
    assertEquals(List.of(CommandReplies.PUBLISH_START), statusCodes(granted));
    assertTrue(server.publishing());
  }

  @Test
  void mediaAfterTheGrantBecomesConfigurationsFramesAndMetadata() {
    connectAndPublish("live", "rtmp://127.0.0.1/live", KEY);
    send(new RtmpMessage(4, RtmpMessage.TYPE_VIDEO, 0, 1, AVC_SEQUENCE_HEADER));
    assertTrue(session.media.isEmpty(), "media before the grant is dropped");
    server.publishGranted();
    send(DataMessage.onMetaData(Map.of("encoder", "Lavf", "width", 1280.0)).toMessage(4, 0, 1));
    send(new RtmpMessage(4, RtmpMessage.TYPE_VIDEO, 0, 1, AVC_SEQUENCE_HEADER));
    send(new RtmpMessage(4, RtmpMessage.TYPE_VIDEO, 40, 1, HexFormat.of().parseHex("1701000050" + "00000002" + "6588")));
    assertInstanceOf(StreamMetadata.class, session.media.get(0));
    CodecConfig config = (CodecConfig) session.media.get(1);
    assertEquals(1280, config.width());
    assertEquals(720, config.height());
    MediaFrame frame = (MediaFrame) session.media.get(2);
    assertTrue(frame.keyframe());
    assertEquals(40 * 90, frame.dts());
    assertEquals((40 + 80) * 90, frame.pts(), "composition offset 0x50 = 80 ms");

    send(CommandRequests.deleteStream(6, 1), 0);
    assertTrue(session.unpublished);
  }

  @Test
  void obsStyleKeysInTheAppPathAreFound() {
    connectAndPublish("live/" + KEY, "rtmp://127.0.0.1/live/" + KEY, "");
    assertEquals(KEY, session.requested.orElseThrow().streamKey());
  }

  @Test
  void aPublishWithoutAWellFormedKeyIsNeverSentToTheLiveInput() {
    connectAndPublish("live", "rtmp://127.0.0.1/live", "my-stream");
    assertTrue(session.malformedKey);
    assertTrue(session.requested.isEmpty());
  }

  @Test
  void aRefusalIsAnErrorStatusOnThePublishStream() {
    connectAndPublish("live", "rtmp://127.0.0.1/live", KEY);
    answers();
    server.publishRefused(CommandReplies.PUBLISH_BAD_NAME, "invalid stream key");
    RtmpMessage refusal = answers().get(0);
    assertEquals(1, refusal.messageStreamId());
    assertEquals(List.of(CommandReplies.PUBLISH_BAD_NAME), statusCodes(List.of(refusal)));
  }

  @Test
  void pingsAreAnsweredAndWindowsAcknowledged() {
    handshake();
    send(new ProtocolControl.WindowAckSize(1000).toMessage());
    send(new UserControl.PingRequest(1234).toMessage());
    send(new RtmpMessage(3, RtmpMessage.TYPE_AGGREGATE, 0, 0, new byte[1200])); // ignored, but counted
    List<RtmpMessage> answers = answers();
    assertTrue(answers.stream().anyMatch(m -> m.typeId() == RtmpMessage.TYPE_USER_CONTROL
        && ProtocolControl.decode(m) instanceof UserControl.PingResponse p && p.timestamp() == 1234));
    assertTrue(answers.stream().anyMatch(m -> m.typeId() == RtmpMessage.TYPE_ACKNOWLEDGEMENT));
  }

  @Test
  void aBadHandshakeVersionIsACodecError() {
    byte[] c0c1 = new byte[1537];
    c0c1[0] = 6;
    assertThrows(RtmpCodecException.class, () -> server.receive(ByteBuffer.wrap(c0c1)));
  }
}
