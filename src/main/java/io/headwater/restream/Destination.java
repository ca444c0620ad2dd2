package io.headwater.restream;

import io.headwater.restream.Refusal.Reason;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A restream destination URL, parsed strictly: scheme rtmp, rtmps or srt; a host that is an ASCII DNS
 * name or an IP literal; a port (rtmp 1935, rtmps 443, srt must name one); the path (RTMP app and
 * instance) and query (SRT options such as streamid). {@link #parse} refuses what another parser could
 * read differently: userinfo, whitespace and control characters, backslashes, fragments, IPv6 zones, and
 * IPv4 addresses in any form but the canonical dotted quad. Whether the host may be reached is
 * {@link DestinationPolicy}'s question.
 *
 * <p>The host is lowercase without a trailing dot, and an IPv6 literal without brackets. Path and query
 * may carry the destination's secrets; {@link #toString} leaves them out.
 */
public record Destination(String scheme, String host, int port, String path, String query) {
  /** Longest URL accepted, in characters; headwater.api.max-output-url-length may only lower it. */
  public static final int MAX_URL_LENGTH = 2048;
  /** Longest name a DNS host may have (RFC 1035 §2.3.4, without the trailing dot). */
  static final int MAX_HOST_LENGTH = 253;

  private static final Map<String, Integer> DEFAULT_PORTS = Map.of("rtmp", 1935, "rtmps", 443);
  private static final String SHAPE = "write it as rtmp://host/app, rtmps://host:443/app or srt://host:port?streamid=…";

  /** Parses {@code url}, or throws {@link RefusedDestinationException} saying what is wrong (never echoing path or query). */
  public static Destination parse(String url) {
    if (url == null || url.isEmpty()) throw refused(Reason.MALFORMED, "is empty; " + SHAPE);
    if (url.length() > MAX_URL_LENGTH) throw refused(Reason.TOO_LONG, "is longer than " + MAX_URL_LENGTH + " characters");
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      int type = Character.getType(c);
      if (Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c) || type == Character.FORMAT) {
        throw refused(Reason.MALFORMED, "contains whitespace, control or invisible formatting characters");
      }
    }
    if (url.indexOf('\\') >= 0) throw refused(Reason.MALFORMED, "contains a backslash, which some parsers read as '/'");
    if (url.indexOf('#') >= 0) throw refused(Reason.MALFORMED, "contains a fragment ('#'), which is never sent to a destination");

    int colon = url.indexOf(':');
    String scheme = colon <= 0 ? "" : url.substring(0, colon);
    if (!scheme.matches("[A-Za-z][A-Za-z0-9+.\\-]{0,31}")) throw refused(Reason.MALFORMED, "has no scheme; " + SHAPE);
    scheme = scheme.toLowerCase(Locale.ROOT);
    if (!scheme.equals("rtmp") && !scheme.equals("rtmps") && !scheme.equals("srt")) {
      throw refused(Reason.SCHEME, "has scheme '" + scheme + "'; only rtmp://, rtmps:// and srt:// destinations are supported");
    }
    if (!url.startsWith("//", colon + 1)) throw refused(Reason.MALFORMED, "has no '//' after '" + scheme + ":'; " + SHAPE);

    int start = colon + 3;
    int end = start;
    while (end < url.length() && url.charAt(end) != '/' && url.charAt(end) != '?') end++;
    String authority = url.substring(start, end);
    if (authority.indexOf('@') >= 0) {
      throw refused(Reason.USERINFO, "contains user information ('user@' before the host): credentials belong in streamKey, "
          + "and 'name@host' is a common way to disguise which host a URL really reaches");
    }
    if (authority.isEmpty()) throw refused(Reason.MALFORMED, "has no host; " + SHAPE);

    String hostText;
    String portText;
    boolean literal;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      if (close < 0) throw refused(Reason.MALFORMED, "has an IPv6 address without its closing ']'");
      hostText = authority.substring(1, close);
      String rest = authority.substring(close + 1);
      if (!rest.isEmpty() && !rest.startsWith(":")) throw refused(Reason.MALFORMED, "has characters after the IPv6 address's ']'");
      portText = rest.isEmpty() ? null : rest.substring(1);
      if (hostText.indexOf('%') >= 0) {
        throw refused(Reason.MALFORMED, "has an IPv6 zone id ('%'); zones only qualify link-local addresses, which are refused");
      }
      if (IpAddresses.parseIpv6(hostText) == null) throw refused(Reason.MALFORMED, "has something other than an IPv6 address in '[ ]'");
      literal = true;
    } else {
      int portColon = authority.indexOf(':');
      hostText = portColon < 0 ? authority : authority.substring(0, portColon);
      portText = portColon < 0 ? null : authority.substring(portColon + 1);
      if (portText != null && portText.indexOf(':') >= 0) {
        throw refused(Reason.MALFORMED, "has more than one ':' in its host; IPv6 addresses go in brackets, as rtmp://[2001:db8::1]/app");
      }
      literal = false;
    }
    String host = literal ? hostText.toLowerCase(Locale.ROOT) : checkedName(hostText);

    int port;
    if (portText == null) {
      Integer byDefault = DEFAULT_PORTS.get(scheme);
      if (byDefault == null) throw refused(Reason.PORT, "has no port; srt destinations must name one, as srt://host:9000");
      port = byDefault;
    } else {
      if (!portText.matches("[0-9]{1,5}") || Integer.parseInt(portText) < 1 || Integer.parseInt(portText) > 65535) {
        throw refused(Reason.PORT, "has a port that is not a number from 1 to 65535");
      }
      port = Integer.parseInt(portText);
    }

    int q = url.indexOf('?', end);
    String path = q < 0 ? url.substring(end) : url.substring(end, q);
    String query = q < 0 ? "" : url.substring(q + 1);
    checkUrlCharacters(path);
    checkUrlCharacters(query);
    if (scheme.equals("srt") && !path.isEmpty() && !path.equals("/")) {
      throw refused(Reason.MALFORMED, "has a path; srt destinations take their options in the query, as srt://host:9000?streamid=…");
    }
    return new Destination(scheme, host, port, path, query);
  }

  /** The IP address when the host is an IP literal (IPv4-mapped IPv6 reads as IPv4); empty for a DNS name. */
  public Optional<InetAddress> ipLiteral() {
    byte[] bytes = IpAddresses.parseLiteral(host);
    if (bytes == null) return Optional.empty();
    try {
      return Optional.of(InetAddress.getByAddress(bytes));
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4 or 16 bytes always make an address", e);
    }
  }

  /** scheme://host:port, the part of the URL that is safe to show and log. */
  @Override
  public String toString() {
    return scheme + "://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  /**
   * A DNS host name (LDH labels of 1..63, at most 253 characters, RFC 1123 §2.1) in lowercase without its
   * trailing dot; IPv4 only as a canonical dotted quad. Used for the allow-list's names too.
   */
  static String checkedName(String text) {
    if (!text.chars().allMatch(c -> c < 0x80)) {
      throw refused(Reason.HOST, "has a host with non-ASCII characters; write international names in their xn-- (punycode) form");
    }
    if (text.indexOf('%') >= 0) throw refused(Reason.HOST, "has a percent-encoded host; write the host name as it is");
    String host = text.toLowerCase(Locale.ROOT);
    if (host.endsWith(".")) host = host.substring(0, host.length() - 1);
    if (host.isEmpty()) throw refused(Reason.MALFORMED, "has no host; " + SHAPE);
    if (IpAddresses.parseCanonicalIpv4(host) != null) return host;
    if (IpAddresses.endsInNumber(host)) {
      throw refused(Reason.NON_CANONICAL_IPV4, "has host " + shown(host) + ", an IPv4 address in a non-canonical form (decimal, "
          + "octal, hex, leading zeros or fewer than four parts); write it as four decimal numbers, as 203.0.113.7");
    }
    if (host.length() > MAX_HOST_LENGTH || !host.matches("([a-z0-9]([a-z0-9\\-]{0,61}[a-z0-9])?\\.)*[a-z0-9]([a-z0-9\\-]{0,61}[a-z0-9])?")) {
      throw refused(Reason.HOST, "has a host that is not a valid DNS name (letters, digits and '-' in dot-separated labels)");
    }
    return host;
  }

  /** RFC 3986 pchar, '/' and '?': unreserved, sub-delims, ':', '@' and %XX escapes, all ASCII. */
  private static void checkUrlCharacters(String part) {
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (c >= 0x80) throw refused(Reason.MALFORMED, "has non-ASCII characters in its path or query; percent-encode them");
      if (c == '%') {
        if (i + 2 >= part.length() || !isHex(part.charAt(i + 1)) || !isHex(part.charAt(i + 2))) {
          throw refused(Reason.MALFORMED, "has a '%' that does not start a %XX escape");
        }
      } else if (!(Character.isLetterOrDigit(c) || "-._~!$&'()*+,;=:@/?".indexOf(c) >= 0)) {
        throw refused(Reason.MALFORMED, "has a character not allowed in a URL ('" + c + "'); percent-encode it");
      }
    }
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** A host as a message shows it, cut short so a message stays a message. */
  static String shown(String host) {
    return host.length() <= 64 ? host : host.substring(0, 61) + "...";
  }

  private static RefusedDestinationException refused(Reason reason, String what) {
    return new RefusedDestinationException(reason, "the URL " + what);
  }
}
