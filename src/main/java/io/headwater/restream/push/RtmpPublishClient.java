package io.headwater.restream.push;

import io.headwater.media.MediaItem;
import io.headwater.media.rtmp.RtmpMediaWriter;
import io.headwater.media.rtmp.codec.ChunkDecoder;
import io.headwater.media.rtmp.codec.ChunkEncoder;
import io.headwater.media.rtmp.codec.ClientHandshake;
import io.headwater.media.rtmp.codec.Command;
import io.headwater.media.rtmp.codec.CommandReplies;
import io.headwater.media.rtmp.codec.CommandRequests;
import io.headwater.media.rtmp.codec.Handshake;
import io.headwater.media.rtmp.codec.ProtocolControl;
import io.headwater.media.rtmp.codec.RtmpCodecException;
import io.headwater.media.rtmp.codec.RtmpLimits;
import io.headwater.media.rtmp.codec.RtmpMessage;
import io.headwater.media.rtmp.codec.UserControl;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * The RTMP publishing side of one output connection, as OBS and FFmpeg do it: handshake, connect (app and
 * tcUrl from the destination URL), releaseStream, FCPublish, createStream, publish with the stream key as
 * the stream name, and after NetStream.Publish.Start the metadata ({@code @setDataFrame onMetaData}), the
 * sequence headers and the media. Pure protocol: bytes in, bytes out through {@link Effects}; the stage
 * around it owns the socket and the timers.
 *
 * <p>Timestamps start at 0 on every connection (the first frame's decode time), so a destination sees a
 * fresh stream on each reconnect. Codec configurations are remembered and re-sent before the first frame,
 * so a connection always starts with them even if the hub delivered them earlier.
 */
final class RtmpPublishClient {
  /** What the client asks of its connection. */
  interface Effects {
    void send(byte[] bytes);

    /** NetStream.Publish.Start arrived: media may flow. */
    void publishing();
  }

  private enum Phase { S0S1S2, CONNECTING, CREATING_STREAM, PUBLISH_SENT, PUBLISHING }

  private static final int COMMAND_CSID = 3;
  private static final double CONNECT_TX = 1;
  private static final double CREATE_STREAM_TX = 4;
  private static final double PUBLISH_TX = 5;

  private final Effects effects;
  private final String app;
  private final String tcUrl;
  private final String streamName;
  private final int outChunkSize;
  private final ClientHandshake handshake;
  private final ChunkDecoder decoder;
  private final ChunkEncoder encoder = new ChunkEncoder();
  private final RtmpLimits limits;
  private final ByteArrayOutputStream handshakeBytes = new ByteArrayOutputStream(Handshake.C0C1_SIZE);
  private Phase phase = Phase.S0S1S2;
  private int streamId;
  private long peerWindow;
  private long received;
  private long acknowledged;
  private long bytesSent;
  private RtmpMediaWriter media = new RtmpMediaWriter(0);

  /**
   * @param app the RTMP application (the URL's path without its leading '/', with its query if any)
   * @param tcUrl the URL up to and including the app, without the stream key
   * @param streamName the stream key: the name published under, as OBS appends it
   */
  RtmpPublishClient(Effects effects, String app, String tcUrl, String streamName, RtmpLimits limits, int outChunkSize,
      Random random) {
    this.effects = effects;
    this.app = app;
    this.tcUrl = tcUrl;
    this.streamName = streamName;
    this.limits = limits;
    this.outChunkSize = outChunkSize;
    this.handshake = new ClientHandshake(random);
    this.decoder = new ChunkDecoder(limits);
  }

  /** The first bytes of the connection: C0 and C1. */
  void start() {
    emit(handshake.c0c1());
  }

  boolean publishing() {
    return phase == Phase.PUBLISHING;
  }

  long bytesSent() {
    return bytesSent;
  }

  /**
   * Bytes from the destination, in order, in slices of any size.
   *
   * @throws RtmpCodecException for malformed bytes, and for a refusal, with the destination's words
   */
  void receive(ByteBuffer bytes) {
    received += bytes.remaining();
    if (phase == Phase.S0S1S2) handshake(bytes);
    if (!bytes.hasRemaining()) return;
    for (RtmpMessage message : decoder.decode(bytes)) onMessage(message);
    acknowledgeIfDue();
  }

  /** Media from the hub; nothing is sent until publishing. Configurations are kept for the publish. */
  void media(MediaItem item) {
    media.write(item).forEach(this::send);
  }

  private void handshake(ByteBuffer bytes) {
    int needed = 1 + 2 * Handshake.PACKET_SIZE - handshakeBytes.size();
    int take = Math.min(needed, bytes.remaining());
    byte[] chunk = new byte[take];
    bytes.get(chunk);
    handshakeBytes.write(chunk, 0, take);
    if (take < needed) return;
    ClientHandshake.Reply reply = handshake.answer(handshakeBytes.toByteArray());
    emit(reply.c2());
    phase = Phase.CONNECTING;
    emit(encoder.changeChunkSize(outChunkSize));
    Map<String, Object> connect = new LinkedHashMap<>();
    connect.put("app", app);
    connect.put("type", "nonprivate");
    connect.put("flashVer", "FMLE/3.0 (compatible; Headwater)");
    connect.put("tcUrl", tcUrl);
    sendCommand(Command.of(Command.CONNECT, CONNECT_TX, connect), 0);
  }

  private void onMessage(RtmpMessage message) {
    int type = message.typeId();
    if (ProtocolControl.isProtocolControl(type)) {
      ProtocolControl control = ProtocolControl.decode(message);
      if (control instanceof ProtocolControl.WindowAckSize w) peerWindow = w.size();
      else if (control instanceof UserControl.PingRequest ping) send(ping.response().toMessage());
    } else if (Command.isCommand(type)) {
      onCommand(Command.decode(message, limits));
    }
    // Data and media from a publish destination mean nothing to a publisher.
  }

  private void onCommand(Command c) {
    // Errors to releaseStream and FCPublish are noise (FMS-family servers answer "stream not found"; FFmpeg
    // ignores them too); only connect, createStream and publish can refuse.
    if (Command.ERROR.equals(c.name()) && (c.transactionId() == CONNECT_TX || c.transactionId() == CREATE_STREAM_TX
        || c.transactionId() == PUBLISH_TX)) {
      throw new RtmpCodecException("refused: " + describe(c));
    }
    if (Command.RESULT.equals(c.name()) && c.transactionId() == CONNECT_TX && phase == Phase.CONNECTING) {
      sendCommand(CommandRequests.releaseStream(2, streamName), 0);
      sendCommand(CommandRequests.fcPublish(3, streamName), 0);
      sendCommand(CommandRequests.createStream(CREATE_STREAM_TX), 0);
      phase = Phase.CREATING_STREAM;
    } else if (Command.RESULT.equals(c.name()) && c.transactionId() == CREATE_STREAM_TX && phase == Phase.CREATING_STREAM) {
      streamId = c.numberArgument(0).map(Double::intValue)
          .orElseThrow(() -> new RtmpCodecException("createStream answered without a stream id"));
      sendCommand(new CommandRequests.Publish(PUBLISH_TX, streamName, "live").toCommand(), streamId);
      media = media.forStream(streamId);
      phase = Phase.PUBLISH_SENT;
    } else if (Command.ON_STATUS.equals(c.name())) {
      onStatus(c);
    }
  }

  private void onStatus(Command c) {
    String code = statusCode(c);
    if (CommandReplies.PUBLISH_START.equals(code) && phase == Phase.PUBLISH_SENT) {
      phase = Phase.PUBLISHING;
      media.start();
      effects.publishing();
    } else if (code.contains("Failed") || code.contains("BadName") || code.contains("Denied")
        || code.contains("Rejected") || code.endsWith(".Error")) {
      throw new RtmpCodecException("refused: " + describe(c));
    }
  }

  private void acknowledgeIfDue() {
    if (peerWindow > 0 && received - acknowledged >= peerWindow) {
      acknowledged = received;
      send(new ProtocolControl.Acknowledgement(received & 0xFFFF_FFFFL).toMessage());
    }
  }

  private void sendCommand(Command command, int messageStreamId) {
    send(command.toMessage(COMMAND_CSID, messageStreamId));
  }

  private void send(RtmpMessage message) {
    emit(encoder.encode(message));
  }

  private void emit(byte[] bytes) {
    bytesSent += bytes.length;
    effects.send(bytes);
  }

  private static String statusCode(Command c) {
    for (Object arg : c.arguments()) {
      if (arg instanceof Map<?, ?> info && info.get("code") instanceof String code) return code;
    }
    return "";
  }

  /** The destination's own words, bounded: code and description, never our stream key. */
  private String describe(Command c) {
    String text = statusCode(c);
    for (Object arg : c.arguments()) {
      if (arg instanceof Map<?, ?> info && info.get("description") instanceof String d) text += " " + d;
    }
    text = Redaction.of(text, streamName, tcUrl);
    return text.length() > 200 ? text.substring(0, 200) + "…" : text.isBlank() ? c.name() : text;
  }
}
