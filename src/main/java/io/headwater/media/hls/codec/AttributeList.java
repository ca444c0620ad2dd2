package io.headwater.media.hls.codec;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One tag's attribute-list (RFC 8216 4.2), read strictly: NAME=value pairs separated by commas, names of
 * [A-Z0-9-], values quoted (no quote, CR or LF inside) or unquoted up to the next comma, no whitespace, no
 * name twice ("Clients SHOULD refuse to parse such Playlists"). Typed getters name the tag and attribute in
 * their errors; unknown attributes are left alone, as 4.2 asks of clients.
 */
final class AttributeList {
  private record Value(String text, boolean quoted) {}

  private final String tag;
  private final Map<String, Value> values = new HashMap<>();

  private AttributeList(String tag) {
    this.tag = tag;
  }

  static AttributeList parse(String tag, String text) throws PlaylistParseException {
    AttributeList list = new AttributeList(tag);
    int i = 0;
    int n = text.length();
    if (n == 0) {
      throw list.error("empty attribute list");
    }
    while (i < n) {
      int eq = text.indexOf('=', i);
      if (eq < 0) {
        throw list.error("attribute without '=' at column " + i);
      }
      String name = text.substring(i, eq);
      if (!isName(name)) {
        throw list.error("attribute name at column " + i + " is not of [A-Z0-9-]");
      }
      Value value;
      if (eq + 1 < n && text.charAt(eq + 1) == '"') {
        int close = text.indexOf('"', eq + 2);
        if (close < 0) {
          throw list.error(name + ": quoted-string is not closed");
        }
        value = new Value(text.substring(eq + 2, close), true);
        i = close + 1;
        if (i < n && text.charAt(i) != ',') {
          throw list.error(name + ": quoted-string is followed by text other than ','");
        }
      } else {
        int comma = text.indexOf(',', eq + 1);
        int end = comma < 0 ? n : comma;
        String raw = text.substring(eq + 1, end);
        if (raw.isEmpty() || raw.chars().anyMatch(c -> c == '"' || c == ' ' || c == '\t')) {
          throw list.error(name + ": unquoted value is empty or holds a quote or whitespace");
        }
        value = new Value(raw, false);
        i = end;
      }
      if (list.values.put(name, value) != null) {
        throw list.error(name + " appears twice (RFC 8216 4.2)");
      }
      if (i < n) {
        i++; // the comma
        if (i == n) {
          throw list.error("attribute list ends with ','");
        }
      }
    }
    return list;
  }

  private static boolean isName(String name) {
    return !name.isEmpty() && name.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-');
  }

  boolean has(String name) {
    return values.containsKey(name);
  }

  /** A quoted-string attribute that must be present. */
  String quoted(String name) throws PlaylistParseException {
    String value = optionalQuoted(name);
    if (value == null) {
      throw missing(name);
    }
    return value;
  }

  String optionalQuoted(String name) throws PlaylistParseException {
    Value v = values.get(name);
    if (v == null) {
      return null;
    }
    if (!v.quoted()) {
      throw error(name + " must be a quoted-string");
    }
    return v.text();
  }

  /** A quoted-string URI that must be present and not empty. */
  String uri(String name) throws PlaylistParseException {
    String value = quoted(name);
    if (value.isEmpty()) {
      throw error(name + " is empty");
    }
    return value;
  }

  /** An enumerated-string of YES or NO (RFC 8216 4.3.4.1 DEFAULT, AUTOSELECT); false when absent. */
  boolean yesOrNo(String name) throws PlaylistParseException {
    String v = enumerated(name);
    if (v != null && !v.equals("YES") && !v.equals("NO")) {
      throw error(name + " must be YES or NO, got " + shown(v));
    }
    return "YES".equals(v);
  }

  /** An enumerated-string attribute, null when absent. */
  String enumerated(String name) throws PlaylistParseException {
    Value v = values.get(name);
    if (v == null) {
      return null;
    }
    if (v.quoted()) {
      throw error(name + " must be an enumerated-string, not quoted");
    }
    return v.text();
  }

  /** An enumerated-string whose only defined value is YES: true when YES, false when absent. */
  boolean yes(String name) throws PlaylistParseException {
    String v = enumerated(name);
    if (v != null && !v.equals("YES")) {
      throw error(name + " must be YES when present, got " + shown(v));
    }
    return v != null;
  }

  Long decimalInteger(String name) throws PlaylistParseException {
    return typed(name, PlaylistSyntax.DECIMAL_INTEGER, "decimal-integer", Long::parseLong);
  }

  long requiredInteger(String name) throws PlaylistParseException {
    return required(name, decimalInteger(name));
  }

  Double decimalFloat(String name) throws PlaylistParseException {
    return typed(name, PlaylistSyntax.DECIMAL_FLOAT, "decimal-floating-point", Double::parseDouble);
  }

  double requiredFloat(String name) throws PlaylistParseException {
    return required(name, decimalFloat(name));
  }

  private <T> T typed(String name, Pattern format, String type, Function<String, T> parse)
      throws PlaylistParseException {
    String v = enumerated(name);
    if (v == null) {
      return null;
    }
    if (!format.matcher(v).matches()) {
      throw error(name + " must be a " + type + ", got " + shown(v));
    }
    return parse.apply(v);
  }

  private <T> T required(String name, T value) throws PlaylistParseException {
    if (value == null) {
      throw missing(name);
    }
    return value;
  }

  /** Refuses an attribute this codec does not model and could not ignore without misreading the tag. */
  void unsupported(String name) throws PlaylistParseException {
    if (has(name)) {
      throw error(name + " is not supported");
    }
  }

  PlaylistParseException missing(String name) {
    return error(name + " missing");
  }

  PlaylistParseException error(String what) {
    return new PlaylistParseException(tag + ": " + what);
  }

  /** A value for an error message: short, printable ASCII only. */
  static String shown(String value) {
    String cut = value.length() > 24 ? value.substring(0, 24) + "..." : value;
    StringBuilder s = new StringBuilder("\"");
    cut.chars().forEach(c -> s.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
    return s.append('"').toString();
  }
}
