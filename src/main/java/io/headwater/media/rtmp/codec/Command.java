package io.headwater.media.rtmp.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An RTMP command message (RTMP 7.1.1, type 20; type 17 with an AMF0 body): a name, a transaction id the
 * reply echoes, a command object (an AMF0 object or null) and further arguments (RTMP 7.2). Typed views of
 * the commands a publisher sends are in {@link CommandRequests}; the server's answers in {@link CommandReplies}.
 *
 * @param arguments the values after the command object, unmodifiable; may hold nulls
 */
public record Command(String name, double transactionId, Object commandObject, List<Object> arguments) {
  public static final String CONNECT = "connect";
  public static final String RELEASE_STREAM = "releaseStream";
  public static final String FC_PUBLISH = "FCPublish";
  public static final String CREATE_STREAM = "createStream";
  public static final String PUBLISH = "publish";
  public static final String PLAY = "play";
  public static final String FC_UNPUBLISH = "FCUnpublish";
  public static final String DELETE_STREAM = "deleteStream";
  public static final String CLOSE_STREAM = "closeStream";
  public static final String RESULT = "_result";
  public static final String ERROR = "_error";
  public static final String ON_STATUS = "onStatus";
  public static final String ON_FC_PUBLISH = "onFCPublish";
  public static final String ON_FC_UNPUBLISH = "onFCUnpublish";
  public static final String ON_BW_DONE = "onBWDone";

  public Command {
    arguments = Collections.unmodifiableList(new ArrayList<>(arguments));
  }

  public static Command of(String name, double transactionId, Object commandObject, Object... arguments) {
    return new Command(name, transactionId, commandObject, Arrays.asList(arguments));
  }

  /** True for the message types {@link #decode(RtmpMessage, RtmpLimits)} reads. */
  public static boolean isCommand(int typeId) {
    return typeId == RtmpMessage.TYPE_COMMAND_AMF0 || typeId == RtmpMessage.TYPE_COMMAND_AMF3;
  }

  public static Command decode(RtmpMessage message, RtmpLimits limits) {
    if (!isCommand(message.typeId())) {
      throw new IllegalArgumentException("type " + message.typeId() + " is not a command message");
    }
    return fromValues(Amf0.decodeMessageBody(message, limits));
  }

  /** Decodes an AMF0 command body (a type-20 payload). */
  public static Command decode(byte[] body, RtmpLimits limits) {
    return fromValues(Amf0.decodeAll(body, limits));
  }

  private static Command fromValues(List<Object> values) {
    if (values.isEmpty()) {
      throw new RtmpCodecException("command: empty body");
    }
    if (!(values.get(0) instanceof String name)) {
      throw new RtmpCodecException("command: name is " + kind(values.get(0)) + ", expected a string");
    }
    double transactionId = 0;
    if (values.size() > 1) {
      if (!(values.get(1) instanceof Double id)) {
        throw new RtmpCodecException("command: transaction id is " + kind(values.get(1)) + ", expected a number");
      }
      transactionId = id;
    }
    Object commandObject = values.size() > 2 ? values.get(2) : null;
    List<Object> arguments = values.size() > 3 ? values.subList(3, values.size()) : List.of();
    return new Command(name, transactionId, commandObject, arguments);
  }

  /** "a string", "a number", "null"...: names a decoded value's kind without echoing peer text. */
  static String kind(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Amf0.EcmaArray) {
      return "an ECMA array";
    }
    if (value instanceof Map) {
      return "an object";
    }
    if (value instanceof List) {
      return "an array";
    }
    return value instanceof Double ? "a number" : value instanceof Boolean ? "a boolean"
        : value instanceof String ? "a string" : "a date";
  }

  /** Names the argument kinds only: publish and play carry the stream key as an argument. */
  @Override
  public String toString() {
    return "Command[name=" + name + ", transactionId=" + transactionId + ", commandObject="
        + kind(commandObject) + ", arguments=" + arguments.stream().map(Command::kind).toList() + "]";
  }

  /** The type-20 message body. */
  public byte[] encode() {
    List<Object> values = new ArrayList<>(3 + arguments.size());
    values.add(name);
    values.add(transactionId);
    values.add(commandObject);
    values.addAll(arguments);
    return Amf0.encodeAll(values);
  }

  /** As a type-20 message, timestamp 0, on the given chunk and message streams. */
  public RtmpMessage toMessage(int chunkStreamId, int messageStreamId) {
    return new RtmpMessage(chunkStreamId, RtmpMessage.TYPE_COMMAND_AMF0, 0, messageStreamId, encode());
  }

  /** A string property of the command object, if it is an object and has one. */
  public Optional<String> stringProperty(String key) {
    return commandObject instanceof Map<?, ?> m && m.get(key) instanceof String s ? Optional.of(s) : Optional.empty();
  }

  public Optional<Double> numberProperty(String key) {
    return commandObject instanceof Map<?, ?> m && m.get(key) instanceof Double d ? Optional.of(d) : Optional.empty();
  }

  /** The argument at {@code index} after the command object, if it is a string. */
  public Optional<String> stringArgument(int index) {
    return index < arguments.size() && arguments.get(index) instanceof String s ? Optional.of(s) : Optional.empty();
  }

  public Optional<Double> numberArgument(int index) {
    return index < arguments.size() && arguments.get(index) instanceof Double d ? Optional.of(d) : Optional.empty();
  }
}
