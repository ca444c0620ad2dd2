package io.headwater.media.srt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.headwater.TestClock;
import io.headwater.liveinput.GrantedPublish;
import io.headwater.liveinput.MediaKeys;
import io.headwater.liveinput.PublishCredential;
import io.headwater.liveinput.PublishGrant;
import io.headwater.liveinput.Publisher;
import io.headwater.media.hub.StreamHubs;
import io.headwater.media.ingest.ConnectionGate;
import io.headwater.media.srt.codec.ControlPacket;
import io.headwater.media.srt.codec.Handshake;
import io.headwater.media.srt.codec.HandshakeExtension;
import io.headwater.media.srt.codec.KeyExchange;
import io.headwater.media.srt.codec.KeyFlags;
import io.headwater.media.srt.codec.RejectReason;
import io.headwater.media.srt.codec.SrtPacket;
import io.headwater.media.srt.codec.SrtVectors;
import io.headwater.media.srt.codec.SynCookie;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The caller side of the HSv5 handshake: what it sends matches libsrt's captured caller (but for its random
 * ids and keys), it repeats and times out as libsrt does, reads refusals, and completes against our own
 * listener, whose live input opens its key material with the passphrase.
 */
class SrtCallerTest {
  private static final InetAddress DESTINATION = InetAddress.getLoopbackAddress();
  private static final String PASSPHRASE = "0123456789abcdef";
  private static final long START_US = 3_000_000;
  private static final long TIMEOUT_US = 3_000_000;

  private final List<Handshake> sent = new ArrayList<>();
  private Consumer<Handshake> wire = sent::add;
  private SrtCaller.Connection connection;
  private String failure;
  private long now = START_US;
  private final SrtCaller.Output output = new SrtCaller.Output() {
    @Override
    public void send(Handshake handshake) {
      wire.accept(handshake);
    }

    @Override
    public void connected(SrtCaller.Connection c) {
      connection = c;
    }

    @Override
    public void failed(String reason) {
      failure = reason;
    }
  };

  private SrtCaller caller(String streamId, String passphrase) {
    return new SrtCaller(new SecureRandom(), streamId, passphrase, 16, 120, DESTINATION, now, TIMEOUT_US, output);
  }

  private static Handshake captured(String capture, int frame) {
    return (Handshake) ((ControlPacket) SrtPacket.decode(SrtVectors.packet(capture, frame))).body();
  }

  /** The captured listener's induction response, addressed to our caller. */
  private static Handshake inductionResponse(Handshake ours, int cookie) {
    return ours.inductionResponse(cookie, 2);
  }

  @Test
  void theInductionAndConclusionAreLibsrtsButForIdsAndKeys() {
    SrtCaller caller = caller("#!::r=live/abc,m=publish", PASSPHRASE);
    caller.start(now);
    Handshake induction = sent.get(0);
    Handshake libsrt = captured("aes128-passphrase", 1);
    assertEquals(new Handshake(libsrt.version(), libsrt.encryptionField(), libsrt.extensionField(),
        induction.initialSequence(), libsrt.mss(), libsrt.flowWindow(), libsrt.type(), caller.socketId(), 0,
        Handshake.peerIpOf(DESTINATION), List.of()), induction, "srt.md 4.2: version 4, UDT_DGRAM, no cookie");

    caller.onHandshake(inductionResponse(induction, 0x1234abcd), now);
    Handshake conclusion = sent.get(1);
    Handshake libsrtConclusion = captured("aes128-passphrase", 3);
    assertEquals(Handshake.VERSION_5, conclusion.version());
    assertEquals(Handshake.TYPE_CONCLUSION, conclusion.type());
    assertEquals(0x1234abcd, conclusion.synCookie(), "the listener's cookie echoed");
    assertEquals(induction.initialSequence(), conclusion.initialSequence());
    assertEquals(libsrtConclusion.extensionField(), conclusion.extensionField(), "HSREQ | KMREQ | CONFIG");
    assertEquals(List.of(HandshakeExtension.TYPE_HSREQ, HandshakeExtension.TYPE_SID, HandshakeExtension.TYPE_KMREQ),
        conclusion.extensions().stream().map(HandshakeExtension::extensionType).toList(), "libsrt's order");
    assertEquals(HandshakeExtension.SrtOptions.request(0x00010501, 0x3F, 120, 120), conclusion.srtRequest().orElseThrow());
    assertEquals("#!::r=live/abc,m=publish", conclusion.streamId().orElseThrow());
    KeyExchange.Request kmreq = (KeyExchange.Request) conclusion.extension(HandshakeExtension.TYPE_KMREQ).orElseThrow();
    assertEquals(KeyFlags.EVEN, kmreq.keyMaterial().keys());
    assertTrue(new SrtKeyMaterialOpener().open(PASSPHRASE, kmreq.keyMaterial().encode()).isPresent(),
        "the session key wrapped under the passphrase");
    assertTrue(new SrtKeyMaterialOpener().open("another passphrase", kmreq.keyMaterial().encode()).isEmpty());
  }

  @Test
  void theHandshakeIsRepeatedEvery250MsAndGivenUpAtTheConnectTimeout() {
    SrtCaller caller = caller(null, null);
    caller.start(now);
    for (int i = 0; i < 11; i++) {
      now += 250_000;
      caller.tick(now);
    }
    assertEquals(12, sent.size());
    assertNull(failure);
    now += 250_000;
    caller.tick(now);
    assertEquals("no answer from the destination within 3.0 s", failure);
  }

  @Test
  void refusalsAndKeyMaterialProblemsSayWhatHappenedWithoutThePassphrase() {
    SrtCaller caller = caller("key", PASSPHRASE);
    caller.start(now);
    caller.onHandshake(inductionResponse(sent.get(0), 7), now);
    caller.onHandshake(sent.get(1).rejection(99, RejectReason.BADSECRET), now);
    assertEquals("the destination refused the connection: BADSECRET(10), 1010 on the wire", failure);

    failure = null;
    sent.clear();
    caller = caller("key", PASSPHRASE);
    caller.start(now);
    caller.onHandshake(inductionResponse(sent.get(0), 7), now);
    caller.onHandshake(sent.get(1).conclusionResponse(99, 2, 1500, 8192, DESTINATION, List.of(
        HandshakeExtension.SrtOptions.response(0x00010501, 0x3F, 120, 120),
        new KeyExchange.Failure(KeyExchange.KM_BADSECRET))), now);
    assertEquals("the destination did not accept the key material (KM state 4, BADSECRET: the passphrases differ)", failure);
    assertTrue(!failure.contains(PASSPHRASE));
  }

  @Test
  void againstOurListenerTheCallerConnectsWithTheLatencyTheListenerApplies() {
    InetSocketAddress callerAddress = new InetSocketAddress(DESTINATION, 40_000);
    List<byte[]> toCaller = new ArrayList<>();
    List<Runnable> tasks = new ArrayList<>();
    ScriptedAuthority authority = new ScriptedAuthority();
    SrtSettings settings = new SrtSettings("127.0.0.1", 8890, Duration.ofMillis(200), Duration.ofSeconds(5),
        Duration.ofSeconds(5), 10, 10, 10, 10, 12_500_000, 8192, 1 << 20);
    SrtListener listener = new SrtListener(settings, authority, new StreamHubs(100, 100, 1 << 20),
        ListenerFakes.noControls(), ListenerFakes.noFeeds(),
        new ConnectionGate(10, 10, 10, new TestClock(Instant.EPOCH)), new SynCookie(new byte[32], 60_000),
        (bytes, to) -> toCaller.add(bytes), tasks::add, new Random(3), START_US);

    wire = handshake -> {
      byte[] d = new ControlPacket(0, 0, handshake).encode();
      listener.onDatagram(d, d.length, callerAddress, now);
    };
    SrtCaller caller = new SrtCaller(new SecureRandom(), "0123456789abcdef0123456789abcdef", PASSPHRASE, 32, 120,
        DESTINATION, now, TIMEOUT_US, output);
    caller.start(now);
    deliver(toCaller, caller);
    ScriptedAuthority.Start start = authority.starts.get(0);
    byte[] km = ((PublishCredential.SrtKeyMaterial) start.credential()).keyMaterial();
    byte[] keys = new SrtKeyMaterialOpener().open(PASSPHRASE, km).orElseThrow();
    assertEquals(32, keys.length, "pbkeylen 32: AES-256");
    start.reply().complete(new GrantedPublish(new PublishGrant(new Publisher(start.sessionId(), "node-a",
        start.remoteAddress(), "srt", null, null, Instant.EPOCH), false, Duration.ofSeconds(60), false),
        new MediaKeys(keys)));
    tasks.forEach(Runnable::run);
    deliver(toCaller, caller);

    assertNull(failure);
    assertNotNull(connection);
    assertEquals(200_000, connection.latencyUs(), "the listener's 200 ms, more than the 120 asked");
    assertEquals(listener.connectionCount(), 1);
    assertArrayEquals(keys, connection.keys().key(KeyFlags.EVEN), "both sides hold the same session key");
  }

  private void deliver(List<byte[]> datagrams, SrtCaller caller) {
    for (byte[] d : new ArrayList<>(datagrams)) {
      caller.onHandshake((Handshake) ((ControlPacket) SrtPacket.decode(d)).body(), now);
    }
    datagrams.clear();
  }
}
