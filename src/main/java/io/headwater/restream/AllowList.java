package io.headwater.restream;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The operator's exceptions to the private-range refusal (headwater.restream.allow): exact host names,
 * compared case-insensitively, and IPv4/IPv6 CIDR blocks (a bare address is a block of one). A named host
 * is admitted whatever it resolves to; an address is admitted when it lies in a listed block. Nothing
 * else is relaxed: schemes, userinfo, ports and URL syntax are checked as for everyone.
 */
public final class AllowList {
  private static final AllowList NONE = new AllowList(Set.of(), List.of());

  private final Set<String> hosts;
  private final List<AddressBlock> blocks;

  private AllowList(Set<String> hosts, List<AddressBlock> blocks) {
    this.hosts = Set.copyOf(hosts);
    this.blocks = List.copyOf(blocks);
  }

  public static AllowList none() {
    return NONE;
  }

  /**
   * Reads entries such as "sink.test", "127.0.0.1/32", "fd00::/8", "[::1]"; blank entries are skipped.
   *
   * @throws IllegalArgumentException naming the first bad entry and what is wrong with it
   */
  public static AllowList of(List<String> entries) {
    Set<String> hosts = new LinkedHashSet<>();
    List<AddressBlock> blocks = new ArrayList<>();
    for (String raw : entries) {
      String entry = raw.trim().toLowerCase(Locale.ROOT);
      if (entry.isEmpty()) continue;
      String bare = entry.startsWith("[") && entry.endsWith("]") ? entry.substring(1, entry.length() - 1) : entry;
      if (entry.indexOf('/') >= 0 || IpAddresses.parseCanonicalIpv4(bare) != null || IpAddresses.parseIpv6(bare) != null) {
        blocks.add(AddressBlock.parse(entry));
        continue;
      }
      try {
        hosts.add(Destination.checkedName(entry));
      } catch (RefusedDestinationException e) {
        throw new IllegalArgumentException("'" + raw.trim() + "' is not a host name, IP address or CIDR block");
      }
    }
    return hosts.isEmpty() && blocks.isEmpty() ? NONE : new AllowList(hosts, blocks);
  }

  /** Whether {@code host} (as {@link Destination#host()} has it) is listed by name. */
  public boolean admitsHost(String host) {
    return hosts.contains(host);
  }

  /** Whether a 4- or 16-byte address lies in a listed block. */
  boolean admitsAddress(byte[] address) {
    return blocks.stream().anyMatch(b -> b.contains(address));
  }

  public boolean isEmpty() {
    return hosts.isEmpty() && blocks.isEmpty();
  }

  /** The entries, normalised, for the start-up log. */
  @Override
  public String toString() {
    List<String> all = new ArrayList<>(hosts);
    blocks.forEach(b -> all.add(b.toString()));
    return all.isEmpty() ? "(empty)" : String.join(", ", all);
  }
}
