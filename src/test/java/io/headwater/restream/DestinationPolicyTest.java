package io.headwater.restream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.headwater.restream.Refusal.Reason;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which restream destinations are refused, and why: every encoding of loopback and private ranges, tricks
 * with userinfo and IPv6 forms, bad schemes and shapes, names that resolve somewhere private (through a
 * resolver table, no DNS), names that never answer, and what the operator's allow-list lets through.
 */
class DestinationPolicyTest {
  /** What the test resolver answers; anything else does not resolve, and slow.example hangs. */
  private static final Map<String, String> DNS = Map.ofEntries(
      Map.entry("a.rtmp.youtube.com", "142.250.74.110"),
      Map.entry("live-api-s.facebook.com", "157.240.22.19"),
      Map.entry("live.example.com", "203.0.113.20"),
      Map.entry("xn--80ak6aa92e.com", "203.0.113.22"),
      Map.entry("rebind.example", "127.0.0.1"),
      Map.entry("metadata.example", "169.254.169.254"),
      Map.entry("mixed.example", "203.0.113.21, 10.0.0.1"),
      Map.entry("v6private.example", "fd00::5"),
      Map.entry("sink.test", "127.0.0.1"),
      Map.entry("loop.test", "127.0.0.1"),
      Map.entry("other.sink.test", "127.0.0.2"),
      Map.entry("sink.test.evil.example", "10.0.0.9"));

  private static final CountDownLatch SLOW_DNS = new CountDownLatch(1);
  private static final RestreamSettings NO_ALLOW = new RestreamSettings(AllowList.none(), Duration.ofMillis(300), 2);
  private static final DestinationPolicy POLICY = new DestinationPolicy(NO_ALLOW, resolver(DNS, SLOW_DNS));
  private static final DestinationPolicy ALLOWING = new DestinationPolicy(
      new RestreamSettings(AllowList.of(List.of("127.0.0.1/32", "sink.test", "fd00:1::/64")), Duration.ofMillis(300), 2),
      resolver(DNS, SLOW_DNS));

  @AfterAll
  static void stop() {
    SLOW_DNS.countDown();
    POLICY.close();
    ALLOWING.close();
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        // Loopback and its other spellings.
        row("rtmp://127.0.0.1/live", Reason.LOOPBACK),
        row("RTMP://127.0.0.1/", Reason.LOOPBACK),
        row("rtmp://127.1/", Reason.NON_CANONICAL_IPV4),
        row("rtmp://2130706433/", Reason.NON_CANONICAL_IPV4),
        row("rtmp://0x7f000001/", Reason.NON_CANONICAL_IPV4),
        row("rtmp://0x7f.1/", Reason.NON_CANONICAL_IPV4),
        row("rtmp://0177.0.0.1/", Reason.NON_CANONICAL_IPV4),
        row("rtmp://127.000.000.001/", Reason.NON_CANONICAL_IPV4),
        row("rtmp://0/", Reason.NON_CANONICAL_IPV4),
        row("rtmp://0.0.0.0/", Reason.UNSPECIFIED),
        row("rtmp://[::]/", Reason.UNSPECIFIED),
        row("rtmp://[::1]/", Reason.LOOPBACK),
        row("rtmp://[::ffff:127.0.0.1]/", Reason.LOOPBACK),
        row("rtmp://[::ffff:7f00:1]/", Reason.LOOPBACK),
        row("rtmp://[::7f00:1]/", Reason.LOOPBACK),
        row("rtmp://[64:ff9b::7f00:1]/", Reason.LOOPBACK),
        row("rtmp://[2002:7f00:1::]/", Reason.LOOPBACK),
        row("rtmp://localhost/", Reason.LOCAL_NAME),
        row("rtmp://LOCALHOST./", Reason.LOCAL_NAME),
        row("rtmp://foo.localhost/", Reason.LOCAL_NAME),
        row("rtmp://rebind.example/live", Reason.LOOPBACK),
        // Private, shared, link-local and the metadata service.
        row("rtmp://10.1.2.3/", Reason.PRIVATE),
        row("rtmp://172.16.0.1/", Reason.PRIVATE),
        row("rtmp://172.31.255.255/", Reason.PRIVATE),
        row("rtmp://192.168.1.1/", Reason.PRIVATE),
        row("rtmp://[0:0:0:0:0:ffff:10.0.0.1]/", Reason.PRIVATE),
        row("rtmp://[fec0::1]/", Reason.PRIVATE),
        row("rtmp://mixed.example/", Reason.PRIVATE),
        row("rtmp://100.64.0.1/", Reason.SHARED),
        row("rtmp://169.254.169.254/", Reason.LINK_LOCAL),
        row("rtmp://[::ffff:169.254.169.254]/", Reason.LINK_LOCAL),
        row("rtmp://metadata.example/", Reason.LINK_LOCAL),
        row("rtmp://[fe80::1]/", Reason.LINK_LOCAL),
        row("rtmp://[fe80::1%25eth0]/", Reason.MALFORMED),
        row("rtmp://[fc00::1]/", Reason.UNIQUE_LOCAL),
        row("rtmp://[fd12:3456::1]/", Reason.UNIQUE_LOCAL),
        row("rtmp://v6private.example/", Reason.UNIQUE_LOCAL),
        row("rtmp://metadata.google.internal/", Reason.LOCAL_NAME),
        row("rtmp://printer.local/", Reason.LOCAL_NAME),
        row("rtmp://intranet/", Reason.LOCAL_NAME),
        // Other special ranges.
        row("rtmp://224.0.0.1/", Reason.MULTICAST),
        row("rtmp://[ff02::1]/", Reason.MULTICAST),
        row("rtmp://255.255.255.255/", Reason.BROADCAST),
        row("rtmp://240.0.0.1/", Reason.RESERVED),
        row("rtmp://192.0.0.170/", Reason.RESERVED),
        row("rtmp://[100::1]/", Reason.RESERVED),
        row("rtmp://[4000::1]/", Reason.RESERVED),
        row("rtmp://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/", Reason.RESERVED),
        row("rtmp://198.18.0.1/", Reason.BENCHMARKING),
        // Userinfo and other ways to hide the real host.
        row("rtmp://evil@127.0.0.1/", Reason.USERINFO),
        row("rtmp://user:pass@example.com/", Reason.USERINFO),
        row("rtmp://127.0.0.1:1935@example.com/", Reason.USERINFO),
        row("rtmp://example.com\\@127.0.0.1/", Reason.MALFORMED),
        row("rtmp://%31%32%37.0.0.1/", Reason.HOST),
        row("rtmp://\u0435\u0445\u0430mple.com/", Reason.HOST),
        row("rtmp://exa\u200bmple.com/", Reason.MALFORMED),
        // Schemes and shapes.
        row("http://example.com/", Reason.SCHEME),
        row("file:///etc/passwd", Reason.SCHEME),
        row("javascript:alert(1)", Reason.SCHEME),
        row("rtmp:/example.com", Reason.MALFORMED),
        row("rtmp://", Reason.MALFORMED),
        Arguments.of("an empty URL", "", Reason.MALFORMED),
        Arguments.of("a 10 KB URL", "rtmp://example.com/" + "a".repeat(10 * 1024), Reason.TOO_LONG),
        row("rtmp://exa mple.com/", Reason.MALFORMED),
        row("rtmp://example.com/app#fragment", Reason.MALFORMED),
        row("rtmp://example.com/live?key=<script>", Reason.MALFORMED),
        row("rtmp://[::1/", Reason.MALFORMED),
        row("rtmp://::1/", Reason.MALFORMED),
        row("rtmps://[v1.x]/", Reason.MALFORMED),
        row("rtmp://-bad-.com/", Reason.HOST),
        row("rtmp://a..b/", Reason.HOST),
        row("srt://example.com:9000/path", Reason.MALFORMED),
        row("rtmp://example.com:99999/", Reason.PORT),
        row("rtmp://example.com:0/", Reason.PORT),
        row("rtmp://example.com:/", Reason.PORT),
        row("srt://example.com", Reason.PORT),
        // Names that do not answer.
        row("rtmp://nxdomain.example/", Reason.UNRESOLVED),
        row("rtmp://slow.example/", Reason.RESOLUTION_TIMEOUT));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void isRefusedForItsReason(String label, String url, Reason reason) throws Exception {
    Optional<Refusal> refusal = verdict(POLICY, url);
    assertTrue(refusal.isPresent(), url + " was accepted");
    assertEquals(reason, refusal.get().reason(), refusal.get().message());
    assertFalse(refusal.get().message().isBlank());
  }

  @Test
  void theTableCoversAtLeastFortyDestinations() {
    assertTrue(refused().count() >= 40);
  }

  static Stream<String> accepted() {
    return Stream.of(
        "rtmp://a.rtmp.youtube.com/live2",
        "rtmps://live-api-s.facebook.com:443/rtmp/",
        "srt://203.0.113.9:9000?streamid=x",
        "srt://203.0.113.9:9000/?streamid=x&passphrase=p%40ss",
        "rtmp://live.example.com/app",
        "rtmps://LIVE.Example.COM./app/instance",
        "rtmp://8.8.8.8:1935/app",
        "rtmp://[2607:f8b0:4004:c07::68]/live",
        "rtmp://[::ffff:8.8.8.8]/live",
        "rtmp://[2002:808:808::1]/live",
        "rtmp://xn--80ak6aa92e.com/live",
        "rtmp://live.example.com/app/" + "k".repeat(2000));
  }

  @ParameterizedTest
  @MethodSource("accepted")
  void publicDestinationsAreAccepted(String url) throws Exception {
    assertEquals(Optional.empty(), verdict(POLICY, url).map(Refusal::message));
  }

  @Test
  void parsingNormalisesTheHostAndAppliesEachSchemesDefaultPort() {
    assertEquals(new Destination("rtmp", "a.rtmp.youtube.com", 1935, "/live2", ""),
        Destination.parse("rtmp://a.rtmp.youtube.com/live2"));
    assertEquals(new Destination("rtmps", "live-api-s.facebook.com", 443, "/rtmp/", ""),
        Destination.parse("RTMPS://Live-API-S.facebook.com./rtmp/"));
    assertEquals(new Destination("srt", "203.0.113.9", 9000, "", "streamid=x&passphrase=y"),
        Destination.parse("srt://203.0.113.9:9000?streamid=x&passphrase=y"));
    assertEquals(new Destination("rtmp", "2001:db8::1", 1936, "/app", ""), Destination.parse("rtmp://[2001:DB8::1]:1936/app"));
  }

  @Test
  void neitherTheDestinationNorARefusalShowsPathOrQuery() throws Exception {
    assertEquals("rtmp://live.example.com:1935", Destination.parse("rtmp://live.example.com/app/SECRET?passphrase=SECRET").toString());
    assertEquals("srt://[2001:db8::1]:9000", Destination.parse("srt://[2001:db8::1]:9000?passphrase=SECRET").toString());
    for (String url : List.of("rtmp://10.0.0.1/live/SECRET?k=SECRET", "rtmp://user@live.example.com/SECRET", "http://h.example/SECRET",
        "rtmp://rebind.example/SECRET", "rtmp://live.example.com:99999/SECRET", "rtmp://127.1/SECRET", "srt://h.example/SECRET",
        "rtmp://nxdomain.example/SECRET?SECRET", "rtmp://live.example.com/SECRET%zz", "rtmp://h.example/" + "SECRET".repeat(400))) {
      Refusal refusal = verdict(POLICY, url).orElseThrow();
      assertFalse(refusal.message().contains("SECRET"), refusal.message());
    }
  }

  @Test
  void aRefusalNamesTheHostTheRuleAndTheWayOut() throws Exception {
    assertEquals("destination 10.0.0.5 is a private-network address (RFC 1918); restreaming to it is refused "
        + "(the operator's headwater.restream.allow can permit chosen targets)", verdict(POLICY, "rtmp://10.0.0.5/live").orElseThrow().message());
    assertEquals("destination rebind.example resolves to 127.0.0.1, a loopback address; restreaming to it is refused "
        + "(the operator's headwater.restream.allow can permit chosen targets)", verdict(POLICY, "rtmp://rebind.example/").orElseThrow().message());
    assertTrue(verdict(POLICY, "rtmp://[64:ff9b::a9fe:a9fe]/").orElseThrow().message()
        .contains("(NAT64 64:ff9b::/96 embedding 169.254.169.254, the cloud metadata service)"));
    assertTrue(verdict(POLICY, "rtmp://user@live.example.com/").orElseThrow().message().contains("credentials belong in streamKey"));
  }

  // ---- the allow-list

  @Test
  void anAllowedBlockAdmitsExactlyItsAddresses() throws Exception {
    assertEquals(Optional.empty(), verdict(ALLOWING, "rtmp://127.0.0.1/live"));
    assertEquals(Optional.empty(), verdict(ALLOWING, "rtmp://127.0.0.1:19350/live"));
    assertEquals(Optional.empty(), verdict(ALLOWING, "rtmp://[::ffff:127.0.0.1]/live"), "the same address, IPv4-mapped");
    assertEquals(Optional.empty(), verdict(ALLOWING, "rtmp://loop.test/live"), "a name resolving into the block");
    assertEquals(Reason.LOOPBACK, verdict(ALLOWING, "rtmp://127.0.0.2/live").orElseThrow().reason());
    assertEquals(Reason.LOOPBACK, verdict(ALLOWING, "rtmp://[::1]/live").orElseThrow().reason());
    assertEquals(Reason.LOOPBACK, verdict(ALLOWING, "rtmp://other.sink.test/live").orElseThrow().reason());
    assertEquals(Reason.PRIVATE, verdict(ALLOWING, "rtmp://10.0.0.1/live").orElseThrow().reason());
  }

  @Test
  void anAllowedIpv6BlockAdmitsItsPrefixOnly() throws Exception {
    assertEquals(Optional.empty(), verdict(ALLOWING, "rtmp://[fd00:1::5]/live"));
    assertEquals(Optional.empty(), verdict(ALLOWING, "rtmp://[fd00:1:0:0:ffff:ffff:ffff:ffff]/live"));
    assertEquals(Reason.UNIQUE_LOCAL, verdict(ALLOWING, "rtmp://[fd00:1:0:1::5]/live").orElseThrow().reason());
    assertEquals(Reason.UNIQUE_LOCAL, verdict(ALLOWING, "rtmp://[fd00:2::5]/live").orElseThrow().reason());
  }

  @Test
  void anAllowedNameAdmitsThatNameOnly() throws Exception {
    assertEquals(Optional.empty(), verdict(ALLOWING, "rtmp://sink.test/live"));
    assertEquals(Optional.empty(), verdict(ALLOWING, "rtmps://SINK.TEST.:8443/live"));
    assertEquals(Reason.LOOPBACK, verdict(ALLOWING, "rtmp://other.sink.test/live").orElseThrow().reason());
    assertEquals(Reason.PRIVATE, verdict(ALLOWING, "rtmp://sink.test.evil.example/live").orElseThrow().reason());
    assertEquals(Reason.LOCAL_NAME, verdict(ALLOWING, "rtmp://localhost/live").orElseThrow().reason());
  }

  @Test
  void theAllowListDoesNotRelaxSchemesUserinfoPortsOrSpellings() throws Exception {
    assertEquals(Reason.SCHEME, verdict(ALLOWING, "http://sink.test/live").orElseThrow().reason());
    assertEquals(Reason.SCHEME, verdict(ALLOWING, "file://127.0.0.1/etc/passwd").orElseThrow().reason());
    assertEquals(Reason.USERINFO, verdict(ALLOWING, "rtmp://user@sink.test/live").orElseThrow().reason());
    assertEquals(Reason.USERINFO, verdict(ALLOWING, "rtmp://sink.test@127.0.0.1/live").orElseThrow().reason());
    assertEquals(Reason.NON_CANONICAL_IPV4, verdict(ALLOWING, "rtmp://127.1/live").orElseThrow().reason());
    assertEquals(Reason.NON_CANONICAL_IPV4, verdict(ALLOWING, "rtmp://2130706433/live").orElseThrow().reason());
    assertEquals(Reason.PORT, verdict(ALLOWING, "srt://sink.test").orElseThrow().reason());
  }

  @Test
  void anAllowedNameIsNotLookedUpAtApiTimeButIsAtConnect() throws Exception {
    AtomicInteger lookups = new AtomicInteger();
    try (DestinationPolicy policy = new DestinationPolicy(
        new RestreamSettings(AllowList.of(List.of("sink.test")), Duration.ofSeconds(2), 1),
        host -> {
          lookups.incrementAndGet();
          return resolver(DNS, SLOW_DNS).resolve(host);
        })) {
      Destination sink = Destination.parse("rtmp://sink.test:19350/live");
      assertEquals(Optional.empty(), await(policy.check(sink)));
      assertEquals(0, lookups.get());
      assertEquals(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 19350), await(policy.checkAtConnect(sink)));
      assertEquals(1, lookups.get());
    }
  }

  // ---- connect time

  @Test
  void aNameThatRebindsToAPrivateAddressAfterTheApiCheckIsRefusedAtConnect() throws Exception {
    AtomicReference<String> answer = new AtomicReference<>("203.0.113.7");
    try (DestinationPolicy policy = new DestinationPolicy(NO_ALLOW, host -> new InetAddress[] {InetAddress.getByName(answer.get())})) {
      Destination d = Destination.parse("rtmp://flip.example/live");
      assertEquals(Optional.empty(), await(policy.check(d)), "public when the output is created");
      assertEquals(new InetSocketAddress(InetAddress.getByName("203.0.113.7"), 1935), await(policy.checkAtConnect(d)));

      answer.set("10.0.0.1");
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> policy.checkAtConnect(d).toCompletableFuture().get(5, TimeUnit.SECONDS));
      RefusedDestinationException refused = assertInstanceOf(RefusedDestinationException.class, e.getCause());
      assertEquals(Reason.PRIVATE, refused.refusal().reason());
      assertTrue(refused.getMessage().contains("flip.example resolves to 10.0.0.1"), refused.getMessage());
    }
  }

  @Test
  void theConnectAddressIsTheCheckedOneAndNeedsNoFurtherLookup() throws Exception {
    InetSocketAddress address = await(POLICY.checkAtConnect(Destination.parse("rtmps://live.example.com/app")));
    assertFalse(address.isUnresolved());
    assertEquals("203.0.113.20", address.getAddress().getHostAddress());
    assertEquals(443, address.getPort());
    InetSocketAddress literal = await(POLICY.checkAtConnect(Destination.parse("srt://203.0.113.9:9000?streamid=x")));
    assertEquals(new InetSocketAddress(InetAddress.getByName("203.0.113.9"), 9000), literal);
  }

  @Test
  void forbiddenLiteralsAndLocalNamesAreRefusedAtConnectToo() {
    for (String url : List.of("rtmp://10.0.0.1/live", "rtmp://[::1]/live", "rtmp://localhost/live", "rtmp://rebind.example/live")) {
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> POLICY.checkAtConnect(Destination.parse(url)).toCompletableFuture().get(5, TimeUnit.SECONDS), url);
      assertInstanceOf(RefusedDestinationException.class, e.getCause(), url);
    }
  }

  @Test
  void aHangingLookupNeverBlocksTheCaller() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (DestinationPolicy policy = new DestinationPolicy(
        new RestreamSettings(AllowList.none(), Duration.ofSeconds(30), 1), resolver(Map.of("slow.example", "10.0.0.3"), release))) {
      CompletableFuture<Optional<Refusal>> pending = policy.check(Destination.parse("rtmp://slow.example/live")).toCompletableFuture();
      // check() has returned while the lookup still hangs: the caller's thread (an HTTP dispatcher) is free.
      assertFalse(pending.isDone());
      release.countDown();
      assertEquals(Reason.PRIVATE, pending.get(5, TimeUnit.SECONDS).orElseThrow().reason(), "answered once the lookup returns");
    }
  }

  // ---- helpers

  private static Arguments row(String url, Reason reason) {
    return Arguments.of(url, url, reason);
  }

  private static Optional<Refusal> verdict(DestinationPolicy policy, String url) throws Exception {
    Destination d;
    try {
      d = Destination.parse(url);
    } catch (RefusedDestinationException e) {
      return Optional.of(e.refusal());
    }
    return await(policy.check(d));
  }

  private static <T> T await(java.util.concurrent.CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  /** Answers from {@code names} (literals only, so no DNS); "slow.example" first waits for {@code slow}. */
  private static HostResolver resolver(Map<String, String> names, CountDownLatch slow) {
    return host -> {
      if (host.equals("slow.example")) {
        try {
          slow.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new UnknownHostException(host);
        }
      }
      String answer = names.get(host);
      if (answer == null) throw new UnknownHostException(host);
      InetAddress[] addresses = new InetAddress[answer.split(",").length];
      String[] literals = answer.split(",");
      for (int i = 0; i < literals.length; i++) addresses[i] = InetAddress.getByName(literals[i].trim());
      return addresses;
    };
  }

  static {
    // The literals in DNS must be literals: InetAddress.getByName would otherwise go to real DNS.
    DNS.values().forEach(v -> Arrays.stream(v.split(",")).map(String::trim).forEach(a -> {
      if (IpAddresses.parseLiteral(a) == null) throw new IllegalStateException(a + " is not an IP literal");
    }));
  }
}
