package io.headwater.restream;

import java.util.Arrays;

/** An IPv4 or IPv6 CIDR block: the forbidden ranges and the operator's allowed ones. */
final class AddressBlock {
  private final byte[] network;
  private final int prefixLength;

  private AddressBlock(byte[] network, int prefixLength) {
    this.network = network;
    this.prefixLength = prefixLength;
  }

  /**
   * "10.0.0.0/8", "fd00::/8", or a bare address (a block of one). Addresses must be canonical; bits past
   * the prefix must be zero, so a typo such as 10.0.0.1/8 is caught rather than silently widened.
   */
  static AddressBlock parse(String text) {
    int slash = text.indexOf('/');
    String addressText = slash < 0 ? text : text.substring(0, slash);
    if (addressText.startsWith("[") && addressText.endsWith("]")) addressText = addressText.substring(1, addressText.length() - 1);
    byte[] address = IpAddresses.parseCanonicalIpv4(addressText);
    if (address == null) address = IpAddresses.parseIpv6(addressText);
    if (address == null) throw new IllegalArgumentException("'" + text + "' is not a host name, IP address or CIDR block");
    // Destinations read ::ffff:a.b.c.d as a.b.c.d, so a mapped block would never match anything.
    if (IpAddresses.isMapped(address)) {
      throw new IllegalArgumentException("'" + text + "' is IPv4-mapped; write the IPv4 address or block instead");
    }
    int max = address.length * 8;
    int prefix = max;
    if (slash >= 0) {
      String p = text.substring(slash + 1);
      if (!p.matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(p) > max) {
        throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0.." + max);
      }
      prefix = Integer.parseInt(p);
    }
    AddressBlock block = new AddressBlock(address, prefix);
    byte[] masked = block.masked(address);
    if (!Arrays.equals(masked, address)) {
      throw new IllegalArgumentException("'" + text + "' has bits set past its /" + prefix + " prefix (the block is "
          + IpAddresses.format(masked) + "/" + prefix + ")");
    }
    return block;
  }

  boolean contains(byte[] address) {
    return address.length == network.length && Arrays.equals(masked(address), network);
  }

  private byte[] masked(byte[] address) {
    byte[] out = new byte[address.length];
    for (int i = 0; i < address.length; i++) {
      int bits = Math.max(0, Math.min(8, prefixLength - i * 8));
      out[i] = (byte) (address[i] & (0xff00 >> bits));
    }
    return out;
  }

  @Override
  public String toString() {
    return IpAddresses.format(network) + "/" + prefixLength;
  }
}
