package io.headwater.media.srt.codec;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A caller's stream id (the handshake SID, srt.md 5) read in the forms publishers use: the access-control
 * syntax {@code #!::r=...,m=...}, a bare 32-hex live input uid (Cloudflare), {@code play<uid>}, the
 * {@code publish:<path>} verb form, an {@code a/b/c} path (last segment) or a plain key. The listener looks
 * {@link #resource} up as a live input and decides what {@link #mode} it accepts. The text is a credential:
 * {@link #toString()} and error messages never show it.
 *
 * @param resource what the caller asks for: the {@code r} value, the uid, the path or the whole text
 * @param mode the caller's intent; {@link Mode#UNSPECIFIED} when the form does not say (srt.md 5.1: a
 *     publish-only ingest treats that as publish)
 * @param raw the stream id as received
 * @param form which syntax it was read in
 * @param parameters the access-control pairs in order (unknown keys kept), or user/pass of the verb form
 */
public record StreamId(String resource, Mode mode, String raw, Form form, Map<String, String> parameters) {
  /** srt.md 5.1: at most 512 bytes of UTF-8. */
  public static final int MAX_BYTES = HandshakeExtension.MAX_STREAM_ID_BYTES;
  /** More key=value pairs than any convention defines; a guard, not a limit callers reach. */
  public static final int MAX_PAIRS = 32;
  public static final String ACCESS_CONTROL_PREFIX = "#!::";

  private static final Pattern UID = Pattern.compile("[0-9a-fA-F]{32}");

  /** srt.md 5.1, key {@code m}. */
  public enum Mode {
    PUBLISH,
    REQUEST,
    BIDIRECTIONAL,
    UNSPECIFIED
  }

  /** srt.md 5.2: the syntaxes recognised, in the order they are tried. */
  public enum Form {
    ACCESS_CONTROL,
    UID,
    PLAY_UID,
    VERB,
    PATH,
    PLAIN
  }

  public StreamId {
    parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }

  /** @throws SrtCodecException when the text is too long, holds control characters or breaks its form's syntax */
  public static StreamId parse(String raw) {
    int bytes = raw.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_BYTES) {
      throw new SrtCodecException("stream id: " + bytes + " bytes, more than " + MAX_BYTES);
    }
    if (raw.isEmpty()) {
      throw new SrtCodecException("stream id: empty");
    }
    for (int i = 0; i < raw.length(); i++) {
      if (Character.isISOControl(raw.charAt(i))) {
        throw new SrtCodecException("stream id: control character at index " + i);
      }
    }
    if (raw.startsWith("#!")) {
      return accessControl(raw);
    }
    if (UID.matcher(raw).matches()) {
      return new StreamId(raw, Mode.UNSPECIFIED, raw, Form.UID, Map.of());
    }
    if (raw.startsWith("play") && UID.matcher(raw.substring(4)).matches()) {
      return new StreamId(raw.substring(4), Mode.REQUEST, raw, Form.PLAY_UID, Map.of());
    }
    Optional<StreamId> verb = verb(raw);
    if (verb.isPresent()) {
      return verb.get();
    }
    int slash = raw.lastIndexOf('/');
    if (slash >= 0) {
      if (slash == raw.length() - 1) {
        throw new SrtCodecException("stream id: path ends with '/', no last segment");
      }
      return new StreamId(raw.substring(slash + 1), Mode.UNSPECIFIED, raw, Form.PATH, Map.of());
    }
    return new StreamId(raw, Mode.UNSPECIFIED, raw, Form.PLAIN, Map.of());
  }

  /** srt.md 5.1: {@code #!::} then comma-separated key=value pairs, split at the first '='; no escaping. */
  private static StreamId accessControl(String raw) {
    if (!raw.startsWith(ACCESS_CONTROL_PREFIX)) {
      throw new SrtCodecException("stream id: starts with '#!' but not '#!::' (srt.md 5.1)");
    }
    String body = raw.substring(ACCESS_CONTROL_PREFIX.length());
    if (body.startsWith("{")) {
      throw new SrtCodecException("stream id: the nested '#!::{' form is not supported");
    }
    Map<String, String> pairs = new LinkedHashMap<>();
    String[] items = body.split(",", -1);
    if (items.length > MAX_PAIRS) {
      throw new SrtCodecException("stream id: " + items.length + " pairs, more than " + MAX_PAIRS);
    }
    for (int i = 0; i < items.length; i++) {
      int eq = items[i].indexOf('=');
      if (eq < 0) {
        throw new SrtCodecException("stream id: pair " + i + " has no '='");
      }
      if (eq == 0) {
        throw new SrtCodecException("stream id: pair " + i + " has an empty key");
      }
      String key = items[i].substring(0, eq);
      if (pairs.put(key, items[i].substring(eq + 1)) != null) {
        throw new SrtCodecException("stream id: key '" + printable(key) + "' appears twice");
      }
    }
    String resource = pairs.get("r");
    if (resource == null) {
      throw new SrtCodecException("stream id: no 'r' (resource) key");
    }
    if (resource.isEmpty()) {
      throw new SrtCodecException("stream id: empty 'r' (resource) value");
    }
    return new StreamId(resource, mode(pairs.get("m")), raw, Form.ACCESS_CONTROL, pairs);
  }

  private static Mode mode(String m) {
    if (m == null) {
      return Mode.UNSPECIFIED;
    }
    return switch (m) {
      case "publish" -> Mode.PUBLISH;
      case "request" -> Mode.REQUEST;
      case "bidirectional" -> Mode.BIDIRECTIONAL;
      default -> throw new SrtCodecException("stream id: 'm' is not publish, request or bidirectional");
    };
  }

  /** srt.md 5.2, MediaMTX's legacy form: {@code publish:<path>[:user:pass]}, {@code read:} or {@code play:}. */
  private static Optional<StreamId> verb(String raw) {
    int colon = raw.indexOf(':');
    if (colon < 0) {
      return Optional.empty();
    }
    Mode mode = switch (raw.substring(0, colon)) {
      case "publish" -> Mode.PUBLISH;
      case "read", "play" -> Mode.REQUEST;
      default -> null;
    };
    if (mode == null) {
      return Optional.empty();
    }
    String[] parts = raw.split(":", -1);
    if (parts.length != 2 && parts.length != 4) {
      throw new SrtCodecException("stream id: verb form has " + parts.length
          + " ':'-separated parts, expected 2 (verb:path) or 4 (verb:path:user:pass)");
    }
    if (parts[1].isEmpty()) {
      throw new SrtCodecException("stream id: verb form with an empty path");
    }
    Map<String, String> credentials = parts.length == 4 ? Map.of("user", parts[2], "pass", parts[3]) : Map.of();
    return Optional.of(new StreamId(parts[1], mode, raw, Form.VERB, credentials));
  }

  /** A key is echoed in errors only if it is short and plain ASCII; values never are. */
  private static String printable(String key) {
    return key.length() <= 16 && key.chars().allMatch(c -> c > ' ' && c < 0x7F) ? key : "(" + key.length() + " chars)";
  }

  public Optional<String> parameter(String key) {
    return Optional.ofNullable(parameters.get(key));
  }

  /** srt.md 5.1 key {@code u}: the user name, which may select the credentials. */
  public Optional<String> user() {
    return parameter(form == Form.VERB ? "user" : "u");
  }

  /** Without the text or any value: a stream id is a credential. */
  @Override
  public String toString() {
    return "StreamId[" + form + ", " + mode + ", " + raw.getBytes(StandardCharsets.UTF_8).length + " bytes, keys="
        + parameters.keySet().stream().map(StreamId::printable).toList() + "]";
  }
}
