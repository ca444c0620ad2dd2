package io.headwater.media.rtmp.codec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An RTMP data message (RTMP 7.1.2, type 18; type 15 with an AMF0 body): a handler name and its values.
 * Publishers send stream metadata as {@code @setDataFrame("onMetaData", {...})}; players receive it as
 * {@code onMetaData({...})}.
 *
 * @param values the values after the name, unmodifiable; may hold nulls
 */
public record DataMessage(String name, List<Object> values) {
  public static final String SET_DATA_FRAME = "@setDataFrame";
  public static final String CLEAR_DATA_FRAME = "@clearDataFrame";
  public static final String ON_META_DATA = "onMetaData";

  public DataMessage {
    values = Collections.unmodifiableList(new ArrayList<>(values));
  }

  /** Metadata as a server passes it on to players: {@code onMetaData(ecmaArray)}, as FFmpeg writes it. */
  public static DataMessage onMetaData(Map<String, ?> metadata) {
    return new DataMessage(ON_META_DATA, List.of(new Amf0.EcmaArray(metadata)));
  }

  public static boolean isData(int typeId) {
    return typeId == RtmpMessage.TYPE_DATA_AMF0 || typeId == RtmpMessage.TYPE_DATA_AMF3;
  }

  public static DataMessage decode(RtmpMessage message, RtmpLimits limits) {
    if (!isData(message.typeId())) {
      throw new IllegalArgumentException("type " + message.typeId() + " is not a data message");
    }
    return fromValues(Amf0.decodeMessageBody(message, limits));
  }

  /** Decodes an AMF0 data body (a type-18 payload). */
  public static DataMessage decode(byte[] body, RtmpLimits limits) {
    return fromValues(Amf0.decodeAll(body, limits));
  }

  private static DataMessage fromValues(List<Object> values) {
    if (values.isEmpty()) {
      throw new RtmpCodecException("data: empty body");
    }
    if (!(values.get(0) instanceof String name)) {
      throw new RtmpCodecException("data: handler name is " + Command.kind(values.get(0)) + ", expected a string");
    }
    return new DataMessage(name, values.subList(1, values.size()));
  }

  /**
   * The stream metadata this message carries, unwrapped from {@code @setDataFrame("onMetaData", m)} or
   * {@code onMetaData(m)}; empty for any other data message.
   */
  public Optional<Map<String, Object>> metadata() {
    List<Object> rest = values;
    if (SET_DATA_FRAME.equals(name)) {
      if (rest.isEmpty() || !ON_META_DATA.equals(rest.get(0))) {
        return Optional.empty();
      }
      rest = rest.subList(1, rest.size());
    } else if (!ON_META_DATA.equals(name)) {
      return Optional.empty();
    }
    if (!rest.isEmpty() && rest.get(0) instanceof Map<?, ?> map) {
      @SuppressWarnings("unchecked") // Amf0 decodes every map as Map<String, Object>
      Map<String, Object> metadata = (Map<String, Object>) map;
      return Optional.of(metadata);
    }
    return Optional.empty();
  }

  /** The type-18 message body. */
  public byte[] encode() {
    List<Object> all = new ArrayList<>(1 + values.size());
    all.add(name);
    all.addAll(values);
    return Amf0.encodeAll(all);
  }

  public RtmpMessage toMessage(int chunkStreamId, long timestamp, int messageStreamId) {
    return new RtmpMessage(chunkStreamId, RtmpMessage.TYPE_DATA_AMF0, timestamp, messageStreamId, encode());
  }
}
