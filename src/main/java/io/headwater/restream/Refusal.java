package io.headwater.restream;

/**
 * Why a restream destination is refused, as a category tests and metrics can count and a message safe to
 * show an API client: it names the host and the rule, never the URL's path, query or the stream key.
 */
public record Refusal(Reason reason, String message) {

  /** The rule a destination broke. The address categories carry the phrase used in messages. */
  public enum Reason {
    /** Not a URL of the accepted shape (no "//", no host, stray characters, a fragment, an IPv6 zone). */
    MALFORMED("not a valid destination"),
    /** Longer than {@link Destination#MAX_URL_LENGTH}. */
    TOO_LONG("too long"),
    /** A scheme other than rtmp, rtmps or srt. */
    SCHEME("an unsupported scheme"),
    /** user@ or user:password@ before the host. */
    USERINFO("user information in the URL"),
    /** A port outside 1..65535, empty, or missing where the scheme has no default (srt). */
    PORT("a bad port"),
    /** A host that is not a valid ASCII DNS name (IDN hosts must be written in xn-- form). */
    HOST("not a valid host name"),
    /** An IPv4 address written other than as four decimal numbers: 2130706433, 0x7f.1, 0177.0.0.1, 127.1. */
    NON_CANONICAL_IPV4("an IPv4 address in a non-canonical form"),
    /** localhost, *.localhost, *.local, *.internal, *.home.arpa, or a single-label name. */
    LOCAL_NAME("a local-only name"),
    /** The name has no addresses. */
    UNRESOLVED("a name that does not resolve"),
    /** The lookup did not answer within headwater.restream.resolve-timeout (or too many were pending). */
    RESOLUTION_TIMEOUT("a name whose lookup timed out"),
    LOOPBACK("a loopback address"),
    UNSPECIFIED("an unspecified (\"this network\") address"),
    PRIVATE("a private-network address"),
    SHARED("a carrier-grade NAT address (100.64.0.0/10)"),
    LINK_LOCAL("a link-local address"),
    UNIQUE_LOCAL("a unique local IPv6 address (fc00::/7)"),
    MULTICAST("a multicast address"),
    BROADCAST("the broadcast address"),
    RESERVED("a reserved address"),
    BENCHMARKING("a benchmarking address");

    private final String phrase;

    Reason(String phrase) {
      this.phrase = phrase;
    }

    /** How a message names the category, e.g. "a loopback address". */
    public String phrase() {
      return phrase;
    }
  }
}
