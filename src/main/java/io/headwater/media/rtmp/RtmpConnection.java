package io.headwater.media.rtmp;

import io.headwater.media.MediaItem;
import io.headwater.media.StreamMetadata;
import io.headwater.media.flv.codec.FlvCodecException;
import io.headwater.media.flv.codec.FlvTagDecoder;
import io.headwater.media.rtmp.codec.ChunkDecoder;
import io.headwater.media.rtmp.codec.ChunkEncoder;
import io.headwater.media.rtmp.codec.Command;
import io.headwater.media.rtmp.codec.CommandReplies;
import io.headwater.media.rtmp.codec.CommandRequests;
import io.headwater.media.rtmp.codec.DataMessage;
import io.headwater.media.rtmp.codec.Handshake;
import io.headwater.media.rtmp.codec.ProtocolControl;
import io.headwater.media.rtmp.codec.RtmpCodecException;
import io.headwater.media.rtmp.codec.RtmpLimits;
import io.headwater.media.rtmp.codec.RtmpMessage;
import io.headwater.media.rtmp.codec.ServerHandshake;
import io.headwater.media.rtmp.codec.UserControl;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * One RTMP connection's protocol, server side: handshake, chunk streams, the connect/createStream/publish
 * command dialogue, and FLV media into the media model. Plain Java, driven by {@link RtmpSessionStage}
 * (which owns the socket, timers and the asynchronous publish grant) through {@link Effects}. Codec
 * errors propagate as exceptions; the stage turns them into a close with a reason.
 */
final class RtmpConnection {
  /** What the connection asks of its stage. */
  interface Effects {
    void send(byte[] bytes);

    void handshakeDone();

    /** A publish with a well-formed key: ask the live input, then call {@link #publishGranted} or {@link #publishRefused}. */
    void requestPublish(StreamKeys.Key key);

    /** The encoder offered no well-formed key. */
    void malformedKey();

    void media(MediaItem item);

    /** The encoder ended its publish (deleteStream, FCUnpublish, closeStream). */
    void unpublished();

    /** A play with a well-formed key: ask the live input, then call {@link #playGranted} or {@link #playRefused}. */
    void requestPlay(StreamKeys.Key key);
  }

  private enum Phase { C0C1, C2, COMMANDS, PUBLISH_REQUESTED, PUBLISHING, UNPUBLISHED, PLAY_REQUESTED, PLAYING }

  private static final long WINDOW_ACK_SIZE = 5_000_000;
  private static final int COMMAND_CSID = 3;
  private static final int STREAM_CSID = 5;
  private static final int PUBLISH_STREAM_ID = 1;

  private final Effects effects;
  private final ChunkDecoder decoder;
  private final ChunkEncoder encoder = new ChunkEncoder();
  private final FlvTagDecoder flv = new FlvTagDecoder();
  private final RtmpMediaWriter playback = new RtmpMediaWriter(PUBLISH_STREAM_ID);
  private final RtmpLimits limits;
  private final int outChunkSize;
  private final Random random;
  private final ByteArrayOutputStream handshakeBytes = new ByteArrayOutputStream(Handshake.C0C1_SIZE);
  private ServerHandshake handshake;
  private Phase phase = Phase.C0C1;
  private String app = "";
  private String tcUrl = "";
  private long peerWindow;
  private long received;
  private long acknowledged;

  RtmpConnection(Effects effects, RtmpLimits limits, int outChunkSize, Random random) {
    this.effects = effects;
    this.limits = limits;
    this.outChunkSize = outChunkSize;
    this.random = random;
    this.decoder = new ChunkDecoder(limits);
  }

  boolean publishing() {
    return phase == Phase.PUBLISHING;
  }

  /** Bytes from the socket, in order, in slices of any size. */
  void receive(ByteBuffer bytes) {
    received += bytes.remaining();
    while (bytes.hasRemaining() && (phase == Phase.C0C1 || phase == Phase.C2)) handshake(bytes);
    if (!bytes.hasRemaining()) return;
    for (RtmpMessage message : decoder.decode(bytes)) onMessage(message);
    acknowledgeIfDue();
  }

  private void handshake(ByteBuffer bytes) {
    int needed = (phase == Phase.C0C1 ? Handshake.C0C1_SIZE : Handshake.PACKET_SIZE) - handshakeBytes.size();
    int take = Math.min(needed, bytes.remaining());
    byte[] chunk = new byte[take];
    bytes.get(chunk);
    handshakeBytes.write(chunk, 0, take);
    if (take < needed) return;
    byte[] packet = handshakeBytes.toByteArray();
    handshakeBytes.reset();
    if (phase == Phase.C0C1) {
      handshake = ServerHandshake.accept(packet, random);
      effects.send(handshake.s0s1s2());
      phase = Phase.C2;
    } else {
      handshake.checkC2(packet); // only its length is enforced: many encoders send anything here
      phase = Phase.COMMANDS;
      effects.handshakeDone();
    }
  }

  private void onMessage(RtmpMessage message) {
    int type = message.typeId();
    if (ProtocolControl.isProtocolControl(type)) {
      onControl(ProtocolControl.decode(message));
    } else if (Command.isCommand(type)) {
      onCommand(Command.decode(message, limits));
    } else if (DataMessage.isData(type)) {
      onData(DataMessage.decode(message, limits));
    } else if (type == RtmpMessage.TYPE_AUDIO || type == RtmpMessage.TYPE_VIDEO) {
      onMedia(message);
    }
    // Aggregate and shared-object messages are not used by encoders; ignored like nginx-rtmp does.
  }

  private void onControl(ProtocolControl control) {
    if (control instanceof ProtocolControl.WindowAckSize w) {
      peerWindow = w.size();
    } else if (control instanceof UserControl.PingRequest ping) {
      send(ping.response().toMessage());
    }
    // Set Chunk Size and Abort were applied by the decoder; acknowledgements need no answer.
  }

  private void onCommand(Command command) {
    double transaction = command.transactionId();
    switch (command.name()) {
      case Command.CONNECT -> onConnect(CommandRequests.Connect.from(command));
      case Command.CREATE_STREAM -> sendCommand(CommandReplies.createStreamResult(transaction, PUBLISH_STREAM_ID), 0);
      case Command.RELEASE_STREAM -> sendCommand(CommandReplies.result(transaction), 0);
      case Command.FC_PUBLISH -> sendCommand(CommandReplies.onFCPublish(), 0);
      case Command.PUBLISH -> onPublish(CommandRequests.Publish.from(command));
      case Command.FC_UNPUBLISH, Command.DELETE_STREAM, Command.CLOSE_STREAM -> onUnpublish();
      case Command.PLAY -> onPlay(CommandRequests.Play.from(command));
      default -> {
        // getStreamLength, checkBandwidth, _checkbw...: answer nothing, as nginx-rtmp does.
      }
    }
  }

  private void onConnect(CommandRequests.Connect connect) {
    app = connect.app();
    tcUrl = connect.tcUrl() == null ? "" : connect.tcUrl();
    send(new ProtocolControl.WindowAckSize(WINDOW_ACK_SIZE).toMessage());
    send(new ProtocolControl.SetPeerBandwidth(WINDOW_ACK_SIZE, ProtocolControl.SetPeerBandwidth.DYNAMIC).toMessage());
    effects.send(encoder.changeChunkSize(outChunkSize));
    sendCommand(CommandReplies.connectSuccess(connect.transactionId(), connect.objectEncoding()), 0);
  }

  private void onPublish(CommandRequests.Publish publish) {
    if (phase != Phase.COMMANDS) {
      sendCommand(CommandReplies.onStatus("error", "NetStream.Publish.BadConnection", "publish already requested"),
          PUBLISH_STREAM_ID);
      return;
    }
    Optional<StreamKeys.Key> key = StreamKeys.find(publish.streamName(), app, tcUrl);
    if (key.isEmpty()) {
      effects.malformedKey();
      return;
    }
    phase = Phase.PUBLISH_REQUESTED;
    effects.requestPublish(key.get());
  }

  /** The live input granted the publish. */
  void publishGranted() {
    phase = Phase.PUBLISHING;
    send(new UserControl.StreamBegin(PUBLISH_STREAM_ID).toMessage());
    sendCommand(CommandReplies.publishStart(), PUBLISH_STREAM_ID);
  }

  /** The publish was refused; the stage closes the connection after this reply is flushed. */
  void publishRefused(String code, String description) {
    phase = Phase.UNPUBLISHED;
    sendCommand(CommandReplies.onStatus("error", code, description), PUBLISH_STREAM_ID);
  }

  private void onPlay(CommandRequests.Play play) {
    Optional<StreamKeys.Key> key = phase == Phase.COMMANDS ? StreamKeys.find(play.streamName(), app, tcUrl) : Optional.empty();
    if (key.isEmpty()) {
      sendCommand(CommandReplies.playStreamNotFound(), PUBLISH_STREAM_ID);
      return;
    }
    phase = Phase.PLAY_REQUESTED;
    effects.requestPlay(key.get());
  }

  boolean playing() {
    return phase == Phase.PLAYING;
  }

  /** The live input granted the play: the stream starts; media follows through {@link #play}. */
  void playGranted() {
    phase = Phase.PLAYING;
    send(new UserControl.StreamBegin(PUBLISH_STREAM_ID).toMessage());
    sendCommand(CommandReplies.playReset(), PUBLISH_STREAM_ID);
    sendCommand(CommandReplies.onStatus("status", CommandReplies.PLAY_START, "playing"), PUBLISH_STREAM_ID);
    playback.start();
  }

  /** The play was refused or ended; the stage closes the connection after this reply is flushed. */
  void playRefused(String code, String description) {
    phase = Phase.UNPUBLISHED;
    sendCommand(CommandReplies.onStatus("error", code, description), PUBLISH_STREAM_ID);
  }

  /** The viewer's stream ended because the publisher left. */
  void playEnded() {
    phase = Phase.UNPUBLISHED;
    send(new UserControl.StreamEof(PUBLISH_STREAM_ID).toMessage());
    sendCommand(CommandReplies.onStatus("status", "NetStream.Play.UnpublishNotify", "the publisher ended"), PUBLISH_STREAM_ID);
  }

  /** One item of the played stream. */
  void play(MediaItem item) {
    if (phase == Phase.PLAYING) playback.write(item).forEach(this::send);
  }

  private void onUnpublish() {
    if (phase == Phase.PUBLISHING || phase == Phase.PUBLISH_REQUESTED) {
      phase = Phase.UNPUBLISHED;
      effects.unpublished();
    }
  }

  private void onData(DataMessage data) {
    if (phase != Phase.PUBLISHING) return;
    data.metadata().ifPresent(map -> {
      Map<String, Object> metadata = new LinkedHashMap<>();
      map.forEach((k, v) -> {
        if (v instanceof String || v instanceof Double || v instanceof Boolean) metadata.put(k, v);
      });
      effects.media(new StreamMetadata(metadata));
    });
  }

  private void onMedia(RtmpMessage message) {
    if (phase != Phase.PUBLISHING) return; // media before the grant is dropped, as the publish may be refused
    List<MediaItem> items;
    try {
      items = message.typeId() == RtmpMessage.TYPE_VIDEO
          ? flv.decodeVideo(message.timestamp(), message.payload())
          : flv.decodeAudio(message.timestamp(), message.payload());
    } catch (FlvCodecException e) {
      throw new RtmpCodecException((message.typeId() == RtmpMessage.TYPE_VIDEO ? "video" : "audio") + ": " + e.getMessage());
    }
    for (MediaItem item : items) effects.media(item);
  }

  private void acknowledgeIfDue() {
    // RTMP 5.4.3: once the peer set a window, acknowledge every window's worth of bytes received.
    if (peerWindow > 0 && received - acknowledged >= peerWindow) {
      acknowledged = received;
      send(new ProtocolControl.Acknowledgement(received & 0xFFFFFFFFL).toMessage());
    }
  }

  private void send(RtmpMessage message) {
    effects.send(encoder.encode(message));
  }

  /** Connection-level replies travel on message stream 0, stream status on the publish stream. */
  private void sendCommand(Command command, int messageStreamId) {
    send(command.toMessage(messageStreamId == 0 ? COMMAND_CSID : STREAM_CSID, messageStreamId));
  }
}
