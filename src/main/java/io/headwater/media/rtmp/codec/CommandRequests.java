package io.headwater.media.rtmp.codec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Typed views of the commands a publisher or player sends (RTMP 7.2.1.1 connect, 7.2.2.1 play, 7.2.2.6
 * publish, and the FCPublish family FMLE introduced), read from a decoded {@link Command}; and builders
 * for the same commands, for our push client. Parsing refuses what a session could not act on.
 */
public final class CommandRequests {
  private CommandRequests() {}

  /**
   * The connect command object's properties this server uses; strings are null when absent.
   *
   * @param app the application name, possibly with a query string ("live?token=...")
   * @param objectEncoding 0 for AMF0 (the default), 3 for AMF3
   */
  public record Connect(double transactionId, String app, String type, String flashVer, String tcUrl,
      String swfUrl, String pageUrl, double objectEncoding) {

    public static Connect from(Command command) {
      requireName(command, Command.CONNECT);
      if (!(command.commandObject() instanceof Map)) {
        throw new RtmpCodecException("connect: command object is " + Command.kind(command.commandObject())
            + ", expected an object");
      }
      String app = command.stringProperty("app")
          .orElseThrow(() -> new RtmpCodecException("connect: no app string in the command object"));
      return new Connect(command.transactionId(), app, property(command, "type"), property(command, "flashVer"),
          property(command, "tcUrl"), property(command, "swfUrl"), property(command, "pageUrl"),
          command.numberProperty("objectEncoding").orElse(0.0));
    }

    /** Without query strings: encoders pass tokens and keys in app and tcUrl ("live?key=..."). */
    @Override
    public String toString() {
      return "Connect[transactionId=" + transactionId + ", app=" + withoutQuery(app) + ", type=" + type
          + ", flashVer=" + flashVer + ", tcUrl=" + withoutQuery(tcUrl) + ", objectEncoding=" + objectEncoding + "]";
    }

    private static String withoutQuery(String s) {
      return s == null || s.indexOf('?') < 0 ? s : s.substring(0, s.indexOf('?')) + "?…";
    }

    private static String property(Command command, String key) {
      return command.stringProperty(key).orElse(null);
    }

    /** The command FFmpeg would send: present properties in FFmpeg's order, objectEncoding only if not 0. */
    public Command toCommand() {
      Map<String, Object> object = new LinkedHashMap<>();
      putIfPresent(object, "app", app);
      putIfPresent(object, "type", type);
      putIfPresent(object, "flashVer", flashVer);
      putIfPresent(object, "swfUrl", swfUrl);
      putIfPresent(object, "tcUrl", tcUrl);
      putIfPresent(object, "pageUrl", pageUrl);
      if (objectEncoding != 0) {
        object.put("objectEncoding", objectEncoding);
      }
      return Command.of(Command.CONNECT, transactionId, object);
    }

    private static void putIfPresent(Map<String, Object> object, String key, String value) {
      if (value != null) {
        object.put(key, value);
      }
    }
  }

  /**
   * publish(name, type): the stream key the encoder publishes to, and "live", "record" or "append".
   * Sent on the message stream createStream returned.
   */
  public record Publish(double transactionId, String streamName, String publishType) {
    public static Publish from(Command command) {
      requireName(command, Command.PUBLISH);
      String name = command.stringArgument(0)
          .orElseThrow(() -> new RtmpCodecException("publish: no stream name argument"));
      return new Publish(command.transactionId(), name, command.stringArgument(1).orElse("live"));
    }

    public Command toCommand() {
      return Command.of(Command.PUBLISH, transactionId, null, streamName, publishType);
    }

    /** The stream name is the stream key: never in a log line. */
    @Override
    public String toString() {
      return "Publish[transactionId=" + transactionId + ", streamName=(" + streamName.length()
          + " chars), publishType=" + publishType + "]";
    }
  }

  /**
   * play(name, start): start -2 means live or recorded, -1 live only, 0 or more a recorded position in
   * seconds (RTMP 7.2.2.1); absent means -2. FFmpeg sends milliseconds: -2000 for live.
   */
  public record Play(double transactionId, String streamName, double start) {
    public static Play from(Command command) {
      requireName(command, Command.PLAY);
      String name = command.stringArgument(0)
          .orElseThrow(() -> new RtmpCodecException("play: no stream name argument"));
      return new Play(command.transactionId(), name, command.numberArgument(1).orElse(-2.0));
    }

    public Command toCommand() {
      return Command.of(Command.PLAY, transactionId, null, streamName, start);
    }

    /** A playback name may be a signed key too. */
    @Override
    public String toString() {
      return "Play[transactionId=" + transactionId + ", streamName=(" + streamName.length() + " chars), start="
          + start + "]";
    }
  }

  /** The stream name argument of releaseStream, FCPublish and FCUnpublish, if there is one. */
  public static Optional<String> streamName(Command command) {
    return command.stringArgument(0);
  }

  /** The message stream id argument of deleteStream and closeStream, if there is one. */
  public static Optional<Integer> streamId(Command command) {
    return command.numberArgument(0).filter(d -> d >= 0 && d <= Integer.MAX_VALUE).map(Double::intValue);
  }

  public static Command releaseStream(double transactionId, String streamName) {
    return Command.of(Command.RELEASE_STREAM, transactionId, null, streamName);
  }

  public static Command fcPublish(double transactionId, String streamName) {
    return Command.of(Command.FC_PUBLISH, transactionId, null, streamName);
  }

  public static Command fcUnpublish(double transactionId, String streamName) {
    return Command.of(Command.FC_UNPUBLISH, transactionId, null, streamName);
  }

  public static Command createStream(double transactionId) {
    return Command.of(Command.CREATE_STREAM, transactionId, null);
  }

  public static Command deleteStream(double transactionId, int streamId) {
    return Command.of(Command.DELETE_STREAM, transactionId, null, (double) streamId);
  }

  private static void requireName(Command command, String expected) {
    if (!expected.equals(command.name())) {
      throw new IllegalArgumentException("not a " + expected + " command: " + command.name());
    }
  }
}
