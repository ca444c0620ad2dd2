package io.headwater.media.rtmp.codec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The commands a server answers with (RTMP 7.2.1.1 connect and 7.2.1.3 createStream results, 7.2.2
 * onStatus), as FMS, nginx-rtmp and SRS shape them, and the two readings our push client needs from
 * them. Descriptions never name the stream: its name is the stream key.
 */
public final class CommandReplies {
  public static final String CONNECT_SUCCESS = "NetConnection.Connect.Success";
  public static final String CONNECT_REJECTED = "NetConnection.Connect.Rejected";
  public static final String PUBLISH_START = "NetStream.Publish.Start";
  public static final String PUBLISH_BAD_NAME = "NetStream.Publish.BadName";
  public static final String PUBLISH_DENIED = "NetStream.Publish.Denied";
  public static final String UNPUBLISH_SUCCESS = "NetStream.Unpublish.Success";
  public static final String PLAY_RESET = "NetStream.Play.Reset";
  public static final String PLAY_START = "NetStream.Play.Start";
  public static final String PLAY_STREAM_NOT_FOUND = "NetStream.Play.StreamNotFound";

  /** The properties FMS 3 reports; clients only log them. */
  static final String FMS_VERSION = "FMS/3,0,1,123";
  static final double CAPABILITIES = 31;

  private CommandReplies() {}

  public static Command connectSuccess(double transactionId, double objectEncoding) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("fmsVer", FMS_VERSION);
    properties.put("capabilities", CAPABILITIES);
    Map<String, Object> info = info("status", CONNECT_SUCCESS, "Connection succeeded.");
    info.put("objectEncoding", objectEncoding);
    return Command.of(Command.RESULT, transactionId, properties, info);
  }

  public static Command connectRejected(double transactionId, String description) {
    return error(transactionId, CONNECT_REJECTED, description);
  }

  /** RTMP 7.2.1.3: createStream's result is the new message stream id. */
  public static Command createStreamResult(double transactionId, int messageStreamId) {
    return Command.of(Command.RESULT, transactionId, null, (double) messageStreamId);
  }

  /** A bare _result, as nginx-rtmp answers releaseStream and FCPublish. */
  public static Command result(double transactionId) {
    return Command.of(Command.RESULT, transactionId, null);
  }

  public static Command error(double transactionId, String code, String description) {
    return Command.of(Command.ERROR, transactionId, null, info("error", code, description));
  }

  /** RTMP 7.2.2: onStatus, transaction 0, null command object, then the info object. */
  public static Command onStatus(String level, String code, String description) {
    return Command.of(Command.ON_STATUS, 0, null, info(level, code, description));
  }

  public static Command publishStart() {
    return onStatus("status", PUBLISH_START, "Started publishing stream.");
  }

  /** The stream key is unknown or already publishing (nginx-rtmp: "Already publishing"). */
  public static Command publishBadName(String description) {
    return onStatus("error", PUBLISH_BAD_NAME, description);
  }

  public static Command publishDenied(String description) {
    return onStatus("error", PUBLISH_DENIED, description);
  }

  public static Command unpublishSuccess() {
    return onStatus("status", UNPUBLISH_SUCCESS, "Stopped publishing stream.");
  }

  public static Command playReset() {
    return onStatus("status", PLAY_RESET, "Playing and resetting stream.");
  }

  public static Command playStart() {
    return onStatus("status", PLAY_START, "Started playing stream.");
  }

  public static Command playStreamNotFound() {
    return onStatus("error", PLAY_STREAM_NOT_FOUND, "No such stream.");
  }

  /** FMLE-style encoders wait for onFCPublish after FCPublish. */
  public static Command onFCPublish() {
    return Command.of(Command.ON_FC_PUBLISH, 0, null, codeOnly(PUBLISH_START, "Started publishing stream."));
  }

  public static Command onFCUnpublish() {
    return Command.of(Command.ON_FC_UNPUBLISH, 0, null, codeOnly(UNPUBLISH_SUCCESS, "Stopped publishing stream."));
  }

  /** Sent after the connect result by FMS and nginx-rtmp; librtmp answers it with _checkbw. */
  public static Command onBWDone() {
    return Command.of(Command.ON_BW_DONE, 0, null);
  }

  /** The code of the info object in an onStatus, _result or _error, if it has one. */
  public static Optional<String> statusCode(Command reply) {
    for (Object argument : reply.arguments()) {
      if (argument instanceof Map<?, ?> info && info.get("code") instanceof String code) {
        return Optional.of(code);
      }
    }
    return Optional.empty();
  }

  /** The message stream id in a createStream _result, if it holds a usable one. */
  public static Optional<Integer> createdStreamId(Command result) {
    return CommandRequests.streamId(result);
  }

  private static Map<String, Object> info(String level, String code, String description) {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("level", level);
    info.put("code", code);
    info.put("description", description);
    return info;
  }

  private static Map<String, Object> codeOnly(String code, String description) {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("code", code);
    info.put("description", description);
    return info;
  }
}
