package io.headwater.media.rtmp;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the stream key an encoder sent and the live input it names. Keys are {@code <32 hex>k<uid>}; the
 * key is normally the publish name, but OBS-style setups put it in the app path or tcUrl
 * ({@code rtmp://host/live/<key>} with an empty stream name). Query strings are ignored.
 */
final class StreamKeys {
  private static final Pattern KEY = Pattern.compile("([0-9a-f]{32})k([0-9a-f]{32})");

  private StreamKeys() {}

  /** A well-formed key and its input's uid. */
  record Key(String streamKey, String liveInputId) {}

  static Optional<Key> find(String publishName, String app, String tcUrl) {
    for (String candidate : new String[] {publishName, lastSegment(app), lastSegment(tcUrl)}) {
      Optional<Key> key = parse(candidate);
      if (key.isPresent()) return key;
    }
    return Optional.empty();
  }

  static Optional<Key> parse(String candidate) {
    if (candidate == null) return Optional.empty();
    String name = candidate;
    int query = name.indexOf('?');
    if (query >= 0) name = name.substring(0, query);
    Matcher m = KEY.matcher(name.trim());
    return m.matches() ? Optional.of(new Key(m.group(), m.group(2))) : Optional.empty();
  }

  private static String lastSegment(String path) {
    if (path == null) return null;
    String trimmed = path;
    int query = trimmed.indexOf('?');
    if (query >= 0) trimmed = trimmed.substring(0, query);
    while (trimmed.endsWith("/")) trimmed = trimmed.substring(0, trimmed.length() - 1);
    int slash = trimmed.lastIndexOf('/');
    return slash >= 0 ? trimmed.substring(slash + 1) : trimmed;
  }
}
