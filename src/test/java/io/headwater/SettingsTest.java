package io.headwater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.headwater.account.BootstrapSettings;
import io.headwater.api.ApiSettings;
import io.headwater.cluster.CassandraSettings;
import io.headwater.liveinput.IngestSettings;
import io.headwater.restream.AllowList;
import io.headwater.restream.RestreamSettings;
import io.headwater.restream.push.PushSettings;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import io.headwater.media.hls.HlsSettings;
import io.headwater.media.srt.SrtSettings;
import io.headwater.media.transcode.TranscodeSettings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The shipped configuration loads into valid settings, and each bad value is refused by name. */
class SettingsTest {

  private static Config shipped() {
    return ConfigFactory.parseResources("application.conf").withFallback(ConfigFactory.defaultReference()).resolve();
  }

  private static Config with(String hocon) {
    return ConfigFactory.parseString(hocon)
        .withFallback(ConfigFactory.parseResources("application.conf"))
        .withFallback(ConfigFactory.defaultReference())
        .resolve();
  }

  @Test
  void shippedDefaultsAreTheDocumentedOnes() {
    Config config = shipped();
    NodeSettings node = NodeSettings.fromConfig(config);
    assertEquals(8080, node.httpPort());
    assertEquals(1935, node.rtmpPort());
    assertEquals(1936, node.rtmpsPort());
    assertEquals(8890, node.srtPort());
    assertTrue(node.dataDir().isAbsolute());
    assertEquals("http://" + node.publicHost() + ":8080", node.publicHttpUrl(8080));

    CassandraSettings cassandra = CassandraSettings.fromConfig(config);
    assertTrue(cassandra.embedded(), "no contact points means embedded Cassandra");
    assertEquals("headwater_journal", cassandra.journalKeyspace());
    assertEquals("headwater_journal", config.getString("pekko.persistence.cassandra.journal.keyspace"));
    assertEquals("headwater_snapshot", config.getString("pekko.persistence.cassandra.snapshot.keyspace"));

    ApiSettings api = ApiSettings.fromConfig(config);
    assertEquals(50, api.maxOutputsPerInput());
    assertEquals(Duration.ofHours(6), api.idempotencyKeyTtl());
    assertEquals(2, api.retryAfterSeconds());

    HlsSettings hls = HlsSettings.fromConfig(config);
    assertEquals(Duration.ofSeconds(2), hls.segmentTarget());
    assertEquals(6, hls.windowSegments());
    assertEquals(Duration.ofMillis(500), hls.partTarget());
    assertEquals(Duration.ofSeconds(60), IngestSettings.fromConfig(config).reconnectWindow());
    SrtSettings srt = SrtSettings.fromConfig(config);
    assertEquals(8890, srt.port());
    assertEquals(Duration.ofMillis(120), srt.latency());
    assertEquals(Duration.ofSeconds(5), srt.peerIdleTimeout());
    assertEquals(100_000_000 / 8, srt.maxPayloadBytesPerSecond());
    assertEquals(8192, srt.receiveBufferPackets());
    assertEquals(32 << 20, srt.socketReceiveBufferBytes());
    assertEquals(Optional.empty(), srt.socketBufferShortfall(32 << 20), "a buffer granted whole needs no warning");
    assertEquals(Optional.empty(), srt.socketBufferShortfall(64 << 20), "Linux reports twice what it grants");
    String warning = srt.socketBufferShortfall(416 << 10).orElseThrow();
    assertTrue(warning.contains("416 KiB") && warning.contains("net.core.rmem_max=33554432"),
        "a stock kernel's cap is named with the sysctl that lifts it: " + warning);
    RestreamSettings restream = RestreamSettings.fromConfig(config);
    assertTrue(restream.allow().isEmpty(), "no destination is allowed past the private-range refusal by default");
    assertEquals(Duration.ofSeconds(2), restream.resolveTimeout());

    TranscodeSettings transcode = TranscodeSettings.fromConfig(config);
    assertTrue(transcode.enabled());
    assertEquals("veryfast", transcode.preset());
    assertEquals(List.of(new TranscodeSettings.Rung("1080p", 1080, 4500), new TranscodeSettings.Rung("720p", 720, 2500),
        new TranscodeSettings.Rung("480p", 480, 1200), new TranscodeSettings.Rung("360p", 360, 700)), transcode.ladder());
    assertEquals(Duration.ofSeconds(3), transcode.maxLag());
    assertTrue(config.hasPath(transcode.dispatcher() + ".type"), "the transcode dispatcher is defined");

    BootstrapSettings bootstrap = BootstrapSettings.fromConfig(config);
    assertTrue(Secrets.isId(bootstrap.accountId()));
    assertFalse(bootstrap.apiToken().isPresent());
    assertEquals(bootstrap.accountId(), BootstrapSettings.fromConfig(shipped()).accountId(),
        "every node derives the same default account id");
  }

  @Test
  void overridesReachTheTypedSettings() {
    Config config = with("headwater.http.port = 9090\nheadwater.node.public-host = \"video.example.com\"\n"
        + "headwater.http.public-url = \"https://video.example.com/\"\n"
        + "headwater.cassandra.contact-points = \"10.0.0.1:9042, cass-2\"\nheadwater.cassandra.keyspace-prefix = tenant_a");
    NodeSettings node = NodeSettings.fromConfig(config);
    assertEquals(9090, node.httpPort());
    assertEquals("https://video.example.com", node.publicHttpUrl(9090));
    CassandraSettings cassandra = CassandraSettings.fromConfig(config);
    assertFalse(cassandra.embedded());
    assertEquals(2, cassandra.contactPoints().size());
    assertEquals(9042, cassandra.contactPoints().get(1).getPort());
    assertEquals(Duration.ofSeconds(5), IngestSettings.fromConfig(with("headwater.ingest.reconnect-window = 5s")).reconnectWindow());
    assertEquals("tenant_a_journal", config.getString("pekko.persistence.cassandra.journal.keyspace"));
  }

  @Test
  void theRestreamAllowListIsAListOrACommaSeparatedString() {
    // HEADWATER_RESTREAM_ALLOW arrives as one string; a config file may use a list.
    for (String hocon : List.of("headwater.restream.allow = \" Sink.Test., 127.0.0.1/32 ,fd00:1::/64,\"",
        "headwater.restream.allow = [\"sink.test\", \"127.0.0.1\", \"[fd00:1::]/64\"]")) {
      AllowList allow = RestreamSettings.fromConfig(with(hocon)).allow();
      assertEquals("sink.test, 127.0.0.1/32, fd00:1::/64", allow.toString(), hocon);
      assertTrue(allow.admitsHost("sink.test"), hocon);
      assertFalse(allow.admitsHost("other.test"), hocon);
    }
  }

  static Stream<Arguments> badValues() {
    Function<Config, ?> node = NodeSettings::fromConfig;
    Function<Config, ?> cassandra = CassandraSettings::fromConfig;
    Function<Config, ?> api = ApiSettings::fromConfig;
    Function<Config, ?> bootstrap = BootstrapSettings::fromConfig;
    Function<Config, ?> hls = HlsSettings::fromConfig;
    Function<Config, ?> ingest = IngestSettings::fromConfig;
    Function<Config, ?> restream = RestreamSettings::fromConfig;
    Function<Config, ?> push = PushSettings::fromConfig;
    Function<Config, ?> srt = SrtSettings::fromConfig;
    Function<Config, ?> transcode = TranscodeSettings::fromConfig;
    return Stream.of(
        Arguments.of("headwater.transcode.preset = turbo", transcode, "headwater.transcode.preset: 'turbo' is not one of "
            + "ultrafast, superfast, veryfast, faster, fast, medium, slow, slower, veryslow (HEADWATER_TRANSCODE_PRESET)"),
        Arguments.of("headwater.transcode.max-lag = 100ms", transcode,
            "headwater.transcode.max-lag: must be between 500ms and 60s, was PT0.1S"),
        Arguments.of("headwater.transcode.codec-threads = -1", transcode,
            "headwater.transcode.codec-threads: must be between 0 and 64, was -1"),
        Arguments.of("headwater.transcode.ladder = 720p", transcode,
            "headwater.transcode.ladder: must be a list of {name, height, video-kbps}"),
        Arguments.of("headwater.transcode.ladder = [{name = 720p, height = 720}]", transcode,
            "headwater.transcode.ladder[0]: needs name, height and video-kbps (String: 1: No configuration setting found for key 'video-kbps')"),
        Arguments.of("headwater.transcode.ladder = [{name = \"7 20\", height = 720, video-kbps = 2500}]", transcode,
            "headwater.transcode.ladder[0].name: '7 20' must be 1-16 lowercase letters or digits, not src"),
        Arguments.of("headwater.transcode.ladder = [{name = src, height = 720, video-kbps = 2500}]", transcode,
            "headwater.transcode.ladder[0].name: 'src' must be 1-16 lowercase letters or digits, not src"),
        Arguments.of("headwater.transcode.ladder = [{name = a, height = 720, video-kbps = 2500}, {name = a, height = 360, video-kbps = 700}]",
            transcode, "headwater.transcode.ladder[1].name: 'a' is used twice"),
        Arguments.of("headwater.transcode.ladder = [{name = odd, height = 721, video-kbps = 2500}]", transcode,
            "headwater.transcode.ladder[0].height: must be an even number of pixels from 64 to 4320, was 721"),
        Arguments.of("headwater.transcode.ladder = [{name = low, height = 360, video-kbps = 10}]", transcode,
            "headwater.transcode.ladder[0].video-kbps: must be between 50 and 100000, was 10"),
        Arguments.of("headwater.ingest.srt-port = 0", srt, "headwater.ingest.srt-port: 0 is not a TCP/UDP port"),
        Arguments.of("headwater.srt.latency = 70s", srt, "headwater.srt.latency: must be between 0 and 65535ms, was PT1M10S"),
        Arguments.of("headwater.srt.max-latency = 100ms", srt,
            "headwater.srt.max-latency: must be between headwater.srt.latency and 65535ms, was PT0.1S"),
        Arguments.of("headwater.srt.peer-idle-timeout = 500ms", srt,
            "headwater.srt.peer-idle-timeout: must be at least 1s, was PT0.5S"),
        Arguments.of("headwater.srt.max-handshakes-in-flight = 0", srt,
            "headwater.srt.max-handshakes-in-flight: must be at least 1, was 0"),
        Arguments.of("headwater.srt.max-connections-per-ip = 0", srt, "headwater.srt.max-connections-per-ip: must be at least 1, was 0"),
        Arguments.of("headwater.srt.max-bad-passphrases-per-ip-per-minute = 0", srt,
            "headwater.srt.max-bad-passphrases-per-ip-per-minute: must be at least 1, was 0"),
        Arguments.of("headwater.srt.max-payload-rate-mbps = 0", srt, "headwater.srt.max-payload-rate-mbps: must be at least 1, was 0"),
        Arguments.of("headwater.srt.receive-buffer-packets = 16", srt,
            "headwater.srt.receive-buffer-packets: must be between 32 and 1048576, was 16"),
        Arguments.of("headwater.srt.socket-receive-buffer = 1KiB", srt,
            "headwater.srt.socket-receive-buffer: must be between 64KiB and 2GiB, was 1024"),
        Arguments.of("headwater.hls.window-segments = 2", hls, "headwater.hls.window-segments: must be between 3 and 1000"),
        Arguments.of("headwater.hls.part-target = 2s", hls,
            "headwater.hls.part-target: must be at least 100ms and below segment-target"),
        Arguments.of("headwater.hls.total-budget = 1MiB", hls,
            "headwater.hls.total-budget: must be at least headwater.hls.stream-budget"),
        Arguments.of("headwater.http.port = 70000", node, "headwater.http.port: 70000 is not a TCP/UDP port"),
        Arguments.of("headwater.ingest.rtmp-port = 0", node, "headwater.ingest.rtmp-port: 0 is not a TCP/UDP port"),
        Arguments.of("headwater.node.public-host = \"bad host\"", node, "headwater.node.public-host: 'bad host' is not a host name"),
        Arguments.of("headwater.http.public-url = \"ftp://x\"", node, "headwater.http.public-url: 'ftp://x' is not an http(s) URL"),
        Arguments.of("headwater.node.data-dir = \"\"", node, "headwater.node.data-dir: must not be empty"),
        Arguments.of("headwater.cassandra.contact-points = \"host:notaport\"", cassandra,
            "headwater.cassandra.contact-points: 'host:notaport' is not host:port"),
        Arguments.of("headwater.cassandra.keyspace-prefix = \"Bad-Prefix\"", cassandra,
            "headwater.cassandra.keyspace-prefix: 'Bad-Prefix' must be 1-31 lowercase letters, digits or '_', starting with a letter"),
        Arguments.of("headwater.cassandra.embedded.heap = \"lots\"", cassandra,
            "headwater.cassandra.embedded.heap: 'lots' is not a heap size such as 384m"),
        Arguments.of("headwater.api.ask-timeout = 0s", api, "headwater.api.ask-timeout: must be positive, was PT0S"),
        Arguments.of("headwater.api.max-outputs-per-input = 0", api, "headwater.api.max-outputs-per-input: must be at least 1, was 0"),
        Arguments.of("headwater.ingest.reconnect-window = 500ms", ingest,
            "headwater.ingest.reconnect-window: must be between 1s and 24h, was PT0.5S"),
        Arguments.of("headwater.ingest.reconnect-window = 2d", ingest,
            "headwater.ingest.reconnect-window: must be between 1s and 24h, was PT48H"),
        Arguments.of("headwater.api.max-output-url-length = 4096", api,
            "headwater.api.max-output-url-length: must be at most 2048, was 4096"),
        Arguments.of("headwater.restream.allow = [\"10.0.0.0/33\"]", restream,
            "headwater.restream.allow: '10.0.0.0/33' has a prefix length outside 0..32 (HEADWATER_RESTREAM_ALLOW)"),
        Arguments.of("headwater.restream.allow = \"10.0.0.1/8\"", restream,
            "headwater.restream.allow: '10.0.0.1/8' has bits set past its /8 prefix (the block is 10.0.0.0/8) (HEADWATER_RESTREAM_ALLOW)"),
        Arguments.of("headwater.restream.allow = \"sink.test, 127.1\"", restream,
            "headwater.restream.allow: '127.1' is not a host name, IP address or CIDR block (HEADWATER_RESTREAM_ALLOW)"),
        Arguments.of("headwater.restream.allow = \"rtmp://sink.test/app\"", restream,
            "headwater.restream.allow: 'rtmp://sink.test/app' is not a host name, IP address or CIDR block (HEADWATER_RESTREAM_ALLOW)"),
        Arguments.of("headwater.restream.allow = \"fe80::/129\"", restream,
            "headwater.restream.allow: 'fe80::/129' has a prefix length outside 0..128 (HEADWATER_RESTREAM_ALLOW)"),
        Arguments.of("headwater.restream.allow = \"::ffff:127.0.0.1\"", restream,
            "headwater.restream.allow: '::ffff:127.0.0.1' is IPv4-mapped; write the IPv4 address or block instead (HEADWATER_RESTREAM_ALLOW)"),
        Arguments.of("headwater.restream.allow = [{host = x}]", restream,
            "headwater.restream.allow: must be a list of host names and CIDR blocks, or one comma-separated string of them (HEADWATER_RESTREAM_ALLOW)"),
        Arguments.of("headwater.restream.push.backoff-max = 100ms", push,
            "headwater.restream.push.backoff-max: must be at least backoff-initial"),
        Arguments.of("headwater.restream.push.backoff-jitter = 1.5", push, "headwater.restream.push.backoff-jitter: must be in [0, 1)"),
        Arguments.of("headwater.restream.resolve-timeout = 0s", restream, "headwater.restream.resolve-timeout: must be positive, was PT0S"),
        Arguments.of("headwater.restream.resolver-threads = 0", restream, "headwater.restream.resolver-threads: must be 1..64, was 0"),
        Arguments.of("headwater.bootstrap.api-token = \"short\"", bootstrap,
            "headwater.bootstrap.api-token: must be at least 20 printable characters without spaces (HEADWATER_API_TOKEN)"),
        Arguments.of("headwater.bootstrap.account-id = \"XYZ\"", bootstrap,
            "headwater.bootstrap.account-id: must be 32 lowercase hex characters"),
        Arguments.of("headwater.bootstrap.account-email = \"nobody\"", bootstrap,
            "headwater.bootstrap.account-email: 'nobody' is not an e-mail address"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badValues")
  void badValuesAreRefusedWithTheKeyAndTheProblem(String hocon, Function<Config, ?> read, String message) {
    SettingsException e = assertThrows(SettingsException.class, () -> read.apply(with(hocon)));
    assertEquals(message, e.getMessage());
  }
}
