package io.headwater.media.rtmp;

import io.headwater.media.rtmp.codec.Amf0;
import io.headwater.media.rtmp.codec.ProtocolControl;
import io.headwater.media.rtmp.codec.RtmpMessage;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The messages a server sends during connect and publish, shaped as FMS, nginx-rtmp and SRS send them,
 * because encoders wait for exactly these codes.
 */
final class RtmpReplies {
  static final int COMMAND_CSID = 3;
  static final int STREAM_CSID = 5;
  static final int PUBLISH_STREAM_ID = 1;

  private RtmpReplies() {}

  static RtmpMessage connectResult(double transactionId) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("fmsVer", "FMS/3,0,1,123");
    properties.put("capabilities", 31.0);
    Map<String, Object> info = status("status", "NetConnection.Connect.Success", "Connection succeeded.");
    info.put("objectEncoding", 0.0);
    return command(COMMAND_CSID, 0, "_result", transactionId, properties, info);
  }

  static RtmpMessage result(double transactionId, Object... values) {
    Object[] all = new Object[values.length + 1];
    all[0] = null;
    System.arraycopy(values, 0, all, 1, values.length);
    return command(COMMAND_CSID, 0, "_result", transactionId, all);
  }

  static RtmpMessage error(double transactionId, String code, String description) {
    return command(COMMAND_CSID, 0, "_error", transactionId, null, status("error", code, description));
  }

  static RtmpMessage onStatus(String level, String code, String description) {
    return command(STREAM_CSID, PUBLISH_STREAM_ID, "onStatus", 0.0, null, status(level, code, description));
  }

  static RtmpMessage onFcPublish(String streamName) {
    Map<String, Object> info = status("status", "NetStream.Publish.Start", streamName);
    return command(COMMAND_CSID, 0, "onFCPublish", 0.0, null, info);
  }

  static RtmpMessage control(ProtocolControl message) {
    return message.toMessage();
  }

  private static Map<String, Object> status(String level, String code, String description) {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("level", level);
    info.put("code", code);
    info.put("description", description);
    return info;
  }

  private static RtmpMessage command(int csid, int streamId, String name, double transactionId, Object... rest) {
    Object[] values = new Object[rest.length + 2];
    values[0] = name;
    values[1] = transactionId;
    System.arraycopy(rest, 0, values, 2, rest.length);
    return new RtmpMessage(csid, RtmpMessage.TYPE_COMMAND_AMF0, 0, streamId, Amf0.encode(Arrays.asList(values)));
  }
}
