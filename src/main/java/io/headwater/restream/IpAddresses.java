package io.headwater.restream;

import io.headwater.restream.Refusal.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * IP literals as a destination or the allow-list writes them, and the ranges a restream must not reach.
 * Parsing is strict and never touches DNS: IPv4 only as four decimal numbers without leading zeros (the
 * other forms inet_aton accepts are refused by the caller, see {@link #endsInNumber}), IPv6 in RFC 4291
 * §2.2 text. An IPv4-mapped IPv6 address is the IPv4 address, as the JDK's sockets treat it.
 */
final class IpAddresses {
  private IpAddresses() {}

  /** A forbidden range an address falls in; {@code note} says how, when the address alone does not. */
  record Forbidden(Reason reason, String note) {}

  private record Range(AddressBlock block, Reason reason, String note) {}

  // Order matters where ranges nest: 255.255.255.255 before 240/4.
  private static final List<Range> IPV4 = List.of(
      range("0.0.0.0/8", Reason.UNSPECIFIED, null),
      range("10.0.0.0/8", Reason.PRIVATE, "RFC 1918"),
      range("100.64.0.0/10", Reason.SHARED, null),
      range("127.0.0.0/8", Reason.LOOPBACK, null),
      range("169.254.169.254/32", Reason.LINK_LOCAL, "the cloud metadata service"),
      range("169.254.0.0/16", Reason.LINK_LOCAL, null),
      range("172.16.0.0/12", Reason.PRIVATE, "RFC 1918"),
      range("192.0.0.0/24", Reason.RESERVED, "IETF protocol assignments, 192.0.0.0/24"),
      range("192.168.0.0/16", Reason.PRIVATE, "RFC 1918"),
      range("198.18.0.0/15", Reason.BENCHMARKING, "198.18.0.0/15"),
      range("224.0.0.0/4", Reason.MULTICAST, null),
      range("255.255.255.255/32", Reason.BROADCAST, null),
      range("240.0.0.0/4", Reason.RESERVED, "240.0.0.0/4"));

  private static final List<Range> IPV6 = List.of(
      range("::/128", Reason.UNSPECIFIED, null),
      range("::1/128", Reason.LOOPBACK, null),
      range("64:ff9b:1::/48", Reason.PRIVATE, "local-use NAT64 prefix 64:ff9b:1::/48"),
      range("100::/64", Reason.RESERVED, "discard-only prefix 100::/64"),
      range("2001::/32", Reason.RESERVED, "Teredo prefix 2001::/32, which tunnels to embedded IPv4 addresses"),
      range("2001:2::/48", Reason.BENCHMARKING, "2001:2::/48"),
      range("fc00::/7", Reason.UNIQUE_LOCAL, null),
      range("fe80::/10", Reason.LINK_LOCAL, null),
      range("fec0::/10", Reason.PRIVATE, "deprecated site-local prefix fec0::/10"),
      range("ff00::/8", Reason.MULTICAST, null));

  // Prefixes whose addresses carry an IPv4 address that is what the packets finally reach.
  private static final AddressBlock COMPATIBLE = AddressBlock.parse("::/96");
  private static final AddressBlock NAT64 = AddressBlock.parse("64:ff9b::/96");
  private static final AddressBlock SIX_TO_FOUR = AddressBlock.parse("2002::/16");
  private static final AddressBlock GLOBAL_UNICAST = AddressBlock.parse("2000::/3");

  private static Range range(String cidr, Reason reason, String note) {
    return new Range(AddressBlock.parse(cidr), reason, note);
  }

  /** The range a 4- or 16-byte address is forbidden by, if any. */
  static Optional<Forbidden> forbidden(byte[] address) {
    if (address.length == 4) return first(IPV4, address);
    if (address.length != 16) throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + address.length);
    Optional<Forbidden> direct = first(IPV6, address);
    if (direct.isPresent()) return direct;
    if (isMapped(address)) return embedded(address, 12, "IPv4-mapped");
    if (COMPATIBLE.contains(address)) return embedded(address, 12, "IPv4-compatible ::/96");
    if (NAT64.contains(address)) return embedded(address, 12, "NAT64 64:ff9b::/96");
    if (SIX_TO_FOUR.contains(address)) return embedded(address, 2, "6to4 2002::/16");
    if (!GLOBAL_UNICAST.contains(address)) return Optional.of(new Forbidden(Reason.RESERVED, "outside global unicast 2000::/3"));
    return Optional.empty();
  }

  private static Optional<Forbidden> first(List<Range> ranges, byte[] address) {
    return ranges.stream().filter(r -> r.block().contains(address)).findFirst()
        .map(r -> new Forbidden(r.reason(), r.note()));
  }

  private static Optional<Forbidden> embedded(byte[] address, int offset, String how) {
    byte[] v4 = new byte[4];
    System.arraycopy(address, offset, v4, 0, 4);
    String note = how + " embedding " + format(v4);
    return first(IPV4, v4).map(f -> new Forbidden(f.reason(), f.note() == null ? note : note + ", " + f.note()));
  }

  /** A canonical dotted quad or IPv6 text; an IPv4-mapped IPv6 address comes back as its 4 IPv4 bytes. Null if neither. */
  static byte[] parseLiteral(String text) {
    byte[] v4 = parseCanonicalIpv4(text);
    if (v4 != null) return v4;
    byte[] v6 = parseIpv6(text);
    if (v6 != null && isMapped(v6)) {
      byte[] unmapped = new byte[4];
      System.arraycopy(v6, 12, unmapped, 0, 4);
      return unmapped;
    }
    return v6;
  }

  /** ::ffff:0:0/96, the IPv4-mapped IPv6 addresses. */
  static boolean isMapped(byte[] address) {
    if (address.length != 16 || address[10] != (byte) 0xff || address[11] != (byte) 0xff) return false;
    for (int i = 0; i < 10; i++) {
      if (address[i] != 0) return false;
    }
    return true;
  }

  /** Four decimal numbers 0..255 without leading zeros (a leading zero means octal to inet_aton). */
  static byte[] parseCanonicalIpv4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) return null;
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      if (!parts[i].matches("0|[1-9][0-9]{0,2}")) return null;
      int value = Integer.parseInt(parts[i]);
      if (value > 255) return null;
      out[i] = (byte) value;
    }
    return out;
  }

  /** RFC 4291 §2.2: eight groups of 1-4 hex digits, one "::", an optional dotted quad as the last 32 bits. */
  static byte[] parseIpv6(String text) {
    if (text.isEmpty() || text.length() > 45) return null;
    int gap = text.indexOf("::");
    if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) return null;
    List<Integer> head = words(gap < 0 ? text : text.substring(0, gap), gap < 0);
    List<Integer> tail = gap < 0 ? List.of() : words(text.substring(gap + 2), true);
    if (head == null || tail == null) return null;
    if (gap < 0 ? head.size() != 8 : head.size() + tail.size() > 7) return null;
    byte[] out = new byte[16];
    for (int i = 0; i < head.size(); i++) putWord(out, i, head.get(i));
    for (int i = 0; i < tail.size(); i++) putWord(out, 8 - tail.size() + i, tail.get(i));
    return out;
  }

  private static List<Integer> words(String part, boolean quadAllowedLast) {
    List<Integer> words = new ArrayList<>();
    if (part.isEmpty()) return words;
    String[] groups = part.split(":", -1);
    for (int i = 0; i < groups.length; i++) {
      String g = groups[i];
      if (i == groups.length - 1 && quadAllowedLast && g.indexOf('.') >= 0) {
        byte[] quad = parseCanonicalIpv4(g);
        if (quad == null) return null;
        words.add(((quad[0] & 0xff) << 8) | (quad[1] & 0xff));
        words.add(((quad[2] & 0xff) << 8) | (quad[3] & 0xff));
      } else if (g.matches("[0-9a-fA-F]{1,4}")) {
        words.add(Integer.parseInt(g, 16));
      } else {
        return null;
      }
    }
    return words;
  }

  private static void putWord(byte[] out, int index, int word) {
    out[index * 2] = (byte) (word >> 8);
    out[index * 2 + 1] = (byte) word;
  }

  /**
   * Whether a host (lowercase, no trailing dot) is meant as an IPv4 address: its last label is a number,
   * decimal or 0x-hex (the WHATWG URL standard's "ends in a number"). Resolvers read such hosts with
   * inet_aton, where 2130706433, 0x7f.1, 0177.0.0.1 and 127.1 all mean 127.0.0.1; only the canonical
   * dotted quad is accepted, so no spelling can slip past the range checks. No top-level domain is numeric.
   */
  static boolean endsInNumber(String host) {
    int dot = host.lastIndexOf('.');
    String last = host.substring(dot + 1);
    return last.matches("[0-9]+|0x[0-9a-f]*");
  }

  /** Dotted quad, or RFC 5952 IPv6 text (lowercase, longest run of zero groups as "::"). */
  static String format(byte[] address) {
    if (address.length == 4) {
      return (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "." + (address[3] & 0xff);
    }
    int[] words = new int[8];
    for (int i = 0; i < 8; i++) words[i] = ((address[i * 2] & 0xff) << 8) | (address[i * 2 + 1] & 0xff);
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && words[j] == 0) j++;
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') out.append(':');
      out.append(Integer.toHexString(words[i]));
    }
    return out.toString();
  }
}
