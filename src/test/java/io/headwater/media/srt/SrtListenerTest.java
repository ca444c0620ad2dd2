package io.headwater.media.srt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.headwater.TestClock;
import io.headwater.liveinput.GrantedPlayback;
import io.headwater.liveinput.GrantedPublish;
import io.headwater.liveinput.LiveInputException;
import io.headwater.liveinput.MediaKeys;
import io.headwater.liveinput.PublishAuthority;
import io.headwater.liveinput.PublishCredential;
import io.headwater.liveinput.PublishGrant;
import io.headwater.liveinput.Publisher;
import io.headwater.liveinput.PublisherControl;
import io.headwater.media.Codec;
import io.headwater.media.CodecConfig;
import io.headwater.media.MediaFrame;
import io.headwater.media.MediaItem;
import io.headwater.media.MediaKind;
import io.headwater.media.hub.StreamHubs;
import io.headwater.media.ingest.ConnectionGate;
import io.headwater.media.srt.codec.Ack;
import io.headwater.media.srt.codec.ControlBody;
import io.headwater.media.srt.codec.ControlPacket;
import io.headwater.media.srt.codec.DataPacket;
import io.headwater.media.srt.codec.Handshake;
import io.headwater.media.srt.codec.HandshakeExtension;
import io.headwater.media.srt.codec.KeyExchange;
import io.headwater.media.srt.codec.KeyFlags;
import io.headwater.media.srt.codec.KeyMaterial;
import io.headwater.media.srt.codec.PayloadCipher;
import io.headwater.media.srt.codec.RejectReason;
import io.headwater.media.srt.codec.SequenceNumbers;
import io.headwater.media.srt.codec.SessionKeys;
import io.headwater.media.srt.codec.SrtPacket;
import io.headwater.media.srt.codec.SrtVectors;
import io.headwater.media.srt.codec.SynCookie;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The listener as libsrt 1.5.1 callers meet it, driven by their captured packets (srt-vectors): induction,
 * conclusion, the grant, encrypted MPEG-TS into the hub, and every refusal with the code libsrt's own listener
 * sends. The network, the clock, the live input and the session actors are fakes.
 */
class SrtListenerTest {
  private static final ActorTestKit actors = ActorTestKit.create();
  private static final String UID = "0123456789abcdef0123456789abcdef";
  private static final InetSocketAddress CALLER = new InetSocketAddress(InetAddress.getLoopbackAddress(), 50_000);
  /** srt-vectors/README.md: the session key in aes128-passphrase's KMREQ (passphrase 0123456789abcdef). */
  private static final byte[] CAPTURED_SEK = HexFormat.of().parseHex("5d7d5fec31301d611ed63fead129f99a");
  private static final long START_US = 1_000_000_000L;

  private record Sent(byte[] bytes, InetSocketAddress to) {
    ControlPacket control() {
      return (ControlPacket) SrtPacket.decode(bytes);
    }
  }

  private final List<Sent> sent = new ArrayList<>();
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>(); // viewers' media arrives from Pekko
  private final ScriptedAuthority authority = new ScriptedAuthority();
  private final Map<String, Consumer<PublisherControl>> controls = new HashMap<>();
  private final List<ActorRef<PublisherControl>> closedControls = new ArrayList<>();
  private final StreamHubs hubs = new StreamHubs(10_000, 10_000, 64 << 20);
  private long now = START_US;
  private SrtListener listener = listener(settings(100, 20, 12_500_000));

  @AfterAll
  static void stop() {
    actors.shutdownTestKit();
  }

  private static SrtSettings settings(int handshakesInFlight, int perIp, long maxPayloadBytesPerSecond) {
    return new SrtSettings("127.0.0.1", 8890, Duration.ofMillis(120), Duration.ofSeconds(5), Duration.ofSeconds(5),
        handshakesInFlight, 1000, perIp, 3, maxPayloadBytesPerSecond, 8192, 1 << 20);
  }

  private SrtListener listener(SrtSettings settings) {
    SessionControls fake = new SessionControls() {
      @Override
      public ActorRef<PublisherControl> open(String sessionId, Consumer<PublisherControl> onMessage) {
        controls.put(sessionId, onMessage);
        return actors.createTestProbe(PublisherControl.class).ref();
      }

      @Override
      public void close(ActorRef<PublisherControl> control) {
        closedControls.add(control);
      }
    };
    return new SrtListener(settings, authority, hubs, fake, MediaFeed.on(Materializer.matFromSystem(actors.system())),
        new ConnectionGate(settings.maxConnections(), settings.maxConnectionsPerIp(),
            settings.maxBadPassphrasesPerIpPerMinute(), new TestClock(Instant.EPOCH)),
        new SynCookie(new byte[32], SynCookie.DEFAULT_SLOT_MILLIS), (bytes, to) -> sent.add(new Sent(bytes, to)),
        tasks::add, new Random(7), START_US);
  }

  // ---- driving it

  private void receive(byte[] datagram) {
    receive(datagram, CALLER);
  }

  private void receive(byte[] datagram, InetSocketAddress from) {
    listener.onDatagram(datagram, datagram.length, from, now);
  }

  private void runTasks() {
    for (Runnable t = tasks.poll(); t != null; t = tasks.poll()) {
      listener.at(now);
      t.run();
    }
  }

  private void advanceMs(long ms) {
    long until = now + ms * 1000;
    while (now < until) {
      now += SrtServer.TICK_US;
      listener.tick(now);
    }
  }

  private Sent last() {
    return sent.get(sent.size() - 1);
  }

  /** The captured caller's induction; answers our cookie. */
  private int induce(String capture) {
    receive(SrtVectors.packet(capture, 1));
    return ((Handshake) last().control().body()).synCookie();
  }

  /** The captured caller's conclusion (frame 3) with our cookie and, unless null, another stream id. */
  private byte[] conclusion(String capture, String streamId) {
    return conclusion(capture, streamId, CALLER);
  }

  private byte[] conclusion(String capture, String streamId, InetSocketAddress from) {
    receive(SrtVectors.packet(capture, 1), from);
    int cookie = ((Handshake) last().control().body()).synCookie();
    ControlPacket p = (ControlPacket) SrtPacket.decode(SrtVectors.packet(capture, 3));
    Handshake h = (Handshake) p.body();
    List<HandshakeExtension> ext = new ArrayList<>();
    for (HandshakeExtension e : h.extensions()) {
      ext.add(e instanceof HandshakeExtension.Sid && streamId != null ? new HandshakeExtension.Sid(streamId) : e);
    }
    return withCookie(p, h, cookie, ext, h.version());
  }

  private static byte[] withCookie(ControlPacket p, Handshake h, int cookie, List<HandshakeExtension> ext, int version) {
    return new ControlPacket(p.timestamp(), 0, new Handshake(version, h.encryptionField(),
        Handshake.extensionFlagsFor(ext), h.initialSequence(), h.mss(), h.flowWindow(), h.type(), h.socketId(), cookie,
        h.peerIp(), ext)).encode();
  }

  private static Handshake captured(String capture, int frame) {
    return (Handshake) ((ControlPacket) SrtPacket.decode(SrtVectors.packet(capture, frame))).body();
  }

  private Handshake answer() {
    return (Handshake) last().control().body();
  }

  private GrantedPublish grant(ScriptedAuthority.Start start, byte[] keys) {
    return new GrantedPublish(new PublishGrant(new Publisher(start.sessionId(), "node-a", start.remoteAddress(), "srt",
        start.control(), null, Instant.EPOCH), false, Duration.ofSeconds(60), false), new MediaKeys(keys));
  }

  /** The aes128 caller, granted with the captured key; returns the listener's socket id. */
  private int granted() {
    receive(conclusion("aes128-passphrase", UID));
    authority.starts.get(0).reply().complete(grant(authority.starts.get(0), CAPTURED_SEK));
    runTasks();
    return answer().socketId();
  }

  // ---- handshake

  @Test
  void anInductionIsAnsweredAsLibsrtDoesWithOurCookieAndNoState() {
    int cookie = induce("plain-sid-access-control");
    Handshake ours = answer();
    Handshake libsrt = captured("plain-sid-access-control", 2);
    assertEquals(cookie, new SynCookie(new byte[32], SynCookie.DEFAULT_SLOT_MILLIS)
        .cookie(CALLER.getAddress(), CALLER.getPort(), now / 1000));
    assertEquals(new Handshake(libsrt.version(), libsrt.encryptionField(), libsrt.extensionField(),
        libsrt.initialSequence(), libsrt.mss(), libsrt.flowWindow(), libsrt.type(), libsrt.socketId(), cookie,
        libsrt.peerIp(), List.of()), ours, "libsrt's answer but for the cookie");
    assertEquals(libsrt.socketId(), last().control().destinationSocketId(), "sent to the caller's socket id");
    assertEquals(0, listener.connectionCount());
  }

  @Test
  void aConclusionWithoutOurCookieIsDroppedSilently() {
    receive(SrtVectors.packet("aes128-passphrase", 3));
    assertEquals(List.of(), sent);
    assertEquals(List.of(), authority.starts);
  }

  @Test
  void theCapturedCallerIsGrantedAndItsEncryptedMpegTsReachesTheHub() throws Exception {
    byte[] request = conclusion("aes128-passphrase", UID);
    receive(request);
    receive(request); // libsrt repeats every 250 ms until answered
    assertEquals(1, authority.starts.size(), "one ask per caller");
    ScriptedAuthority.Start start = authority.starts.get(0);
    assertEquals(UID, start.liveInputId());
    assertEquals("srt", start.protocol());
    assertEquals("127.0.0.1:50000", start.remoteAddress());
    KeyExchange.Request kmreq = (KeyExchange.Request) captured("aes128-passphrase", 3)
        .extension(HandshakeExtension.TYPE_KMREQ).orElseThrow();
    assertArrayEquals(kmreq.keyMaterial().encode(), ((PublishCredential.SrtKeyMaterial) start.credential()).keyMaterial(),
        "the entity gets the caller's key material, never a passphrase");

    start.reply().complete(grant(start, CAPTURED_SEK));
    runTasks();
    Handshake ours = answer();
    Handshake libsrt = captured("aes128-passphrase", 4);
    assertEquals(new Handshake(libsrt.version(), libsrt.encryptionField(), libsrt.extensionField(),
        libsrt.initialSequence(), libsrt.mss(), libsrt.flowWindow(), libsrt.type(), ours.socketId(), ours.synCookie(),
        libsrt.peerIp(), List.of(HandshakeExtension.SrtOptions.response(0x00010501, 0x3F, 200, 200),
            libsrt.extensions().get(1))), ours,
        "libsrt's answer (200 ms latency, KMRSP echoing KMREQ) but for our socket id, cookie and no packet filter");
    int socketId = ours.socketId();
    var items = hubs.find(UID).orElseThrow().subscribe("test").runWith(Sink.seq(), actors.system());
    byte[] firstAnswer = last().bytes();
    receive(request);
    assertArrayEquals(firstAnswer, last().bytes(), "a repeated conclusion gets the same answer");

    List<byte[]> data = capturedData("aes128-passphrase.pcap", socketId);
    for (byte[] d : data) receive(d);
    advanceMs(2000);
    List<Ack> acks = sent.stream().filter(s -> s.bytes()[0] == (byte) 0x80 && s.bytes()[1] == 2)
        .map(s -> (Ack) s.control().body()).toList();
    assertTrue(acks.size() >= 1);
    DataPacket lastData = (DataPacket) SrtPacket.decode(data.get(data.size() - 1));
    assertEquals(SequenceNumbers.next(lastData.sequenceNumber()), acks.get(acks.size() - 1).nextSequence(),
        "everything acknowledged");
    receive(new ControlPacket(3_000_000, socketId, new ControlBody.Shutdown()).encode());

    List<MediaItem> got = items.toCompletableFuture().get(5, TimeUnit.SECONDS);
    CodecConfig video = (CodecConfig) got.stream().filter(i -> i instanceof CodecConfig c && c.kind() == MediaKind.VIDEO)
        .findFirst().orElseThrow();
    assertEquals(Codec.H264, video.codec());
    assertEquals(320, video.width());
    assertEquals(240, video.height());
    assertTrue(got.stream().anyMatch(i -> i instanceof CodecConfig c && c.codec() == Codec.AAC));
    assertTrue(got.stream().filter(i -> i instanceof MediaFrame f && f.kind() == MediaKind.VIDEO).count() >= 10,
        "the decrypted TS demuxes into frames");
    assertEquals(List.of("encoder disconnected"), authority.ends);
    SrtStats stats = listener.stats(UID).orElseThrow();
    assertEquals(data.size(), stats.packetsReceived());
    assertEquals(0, stats.packetsUndecryptable());
    assertEquals(0, listener.connectionCount());
    assertEquals(1, closedControls.size(), "the session actor is stopped: the entity's death watch backs the end up");
  }

  @Test
  void refusalsBeforeAnyLookupCarryTheCodesLibsrtCallersShow() {
    // caller-without-passphrase frame 4: libsrt's listener with a passphrase answers 1011; so do we.
    receive(conclusion("caller-without-passphrase", UID));
    Handshake libsrt = captured("caller-without-passphrase", 4);
    Handshake ours = answer();
    assertEquals(new Handshake(libsrt.version(), libsrt.encryptionField(), libsrt.extensionField(),
        libsrt.initialSequence(), libsrt.mss(), libsrt.flowWindow(), libsrt.type(), ours.socketId(), ours.synCookie(),
        libsrt.peerIp(), List.of()), ours);

    assertRefused(conclusion("aes128-passphrase", null), 2400, "#!::r=live/abc names no live input");
    assertRefused(conclusion("aes128-passphrase", "#!::r=" + UID + ",m=bidirectional"), 2405, "m=bidirectional");
    assertRefused(conclusion("aes128-passphrase", "#!::r=" + UID + ",m=bogus"), 2400, "a malformed stream id");
    assertRefused(withExtension(new HandshakeExtension.Opaque(HandshakeExtension.TYPE_FILTER, text("fec,cols:10"))),
        1014, "packet filter");
    assertRefused(withExtension(new HandshakeExtension.Opaque(HandshakeExtension.TYPE_GROUP, new byte[8])), 1015, "group");
    assertRefused(withExtension(new HandshakeExtension.Opaque(HandshakeExtension.TYPE_CONGESTION, text("file"))), 1013,
        "file congestion control");
    assertRefused(withHsreq(HandshakeExtension.SrtOptions.request(0x00010501, 0xBF | 0x40, 200, 200)), 1012, "stream mode");
    assertRefused(withHsreq(HandshakeExtension.SrtOptions.request(0x00010501, 0xBF, 200, 6000)), 2406, "latency of 6 s");
    assertRefused(hsv4(), 1008, "an HSv4 conclusion");
    byte[] malformed = conclusion("aes128-passphrase", UID);
    malformed[16 + 48 + 3] = 50; // HSREQ's length in words now runs past the datagram
    assertRefused(malformed, 1004, "a malformed extension");
    assertEquals(List.of(), authority.starts, "none of these reached the live input");
    assertEquals(0, listener.connectionCount());
  }

  @Test
  void refusalsFromTheLiveInputCarryTheirCodes() {
    Map<String, Integer> codes = Map.of(
        LiveInputException.PublishRefused.INVALID_PASSPHRASE, 1010,
        LiveInputException.PublishRefused.DISABLED, 2403,
        LiveInputException.PublishRefused.BUSY, 2409);
    for (var code : codes.entrySet()) {
      receive(conclusion("wrong-passphrase", UID));
      ScriptedAuthority.Start start = authority.starts.get(authority.starts.size() - 1);
      start.reply().completeExceptionally(new LiveInputException.PublishRefused(code.getKey()));
      runTasks();
      assertEquals(code.getValue(), answer().type(), code.getKey());
      assertTrue(closedControls.contains(start.control()), "the session actor of a refused caller is stopped");
    }
    receive(conclusion("wrong-passphrase", UID));
    authority.starts.get(authority.starts.size() - 1).reply().completeExceptionally(new RuntimeException("ask timed out"));
    runTasks();
    assertEquals(2503, answer().type(), "the live input did not answer: try again later");
    // wrong-passphrase frame 4: libsrt's own answer to this caller is 1010 as well.
    assertEquals(captured("wrong-passphrase", 4).type(), 1010);
    assertEquals(0, listener.connectionCount());
  }

  @Test
  void badPassphrasesFromOneAddressAreCutOffAfterTheBudget() {
    for (int i = 0; i < 3; i++) {
      receive(conclusion("wrong-passphrase", UID));
      authority.starts.get(i).reply().completeExceptionally(
          new LiveInputException.PublishRefused(LiveInputException.PublishRefused.INVALID_PASSPHRASE));
      runTasks();
    }
    receive(conclusion("wrong-passphrase", UID));
    assertEquals(2402, answer().type());
    assertEquals(3, authority.starts.size(), "the fourth try never reached the live input");
  }

  @Test
  void handshakesInFlightAndConnectionsPerAddressAreCapped() {
    listener = listener(settings(1, 1, 12_500_000));
    receive(conclusion("aes128-passphrase", UID));
    byte[] other = conclusion("wrong-passphrase", UID); // another caller socket id from the same address
    receive(other);
    assertEquals(1005, answer().type(), "a second handshake in flight");
    authority.starts.get(0).reply().complete(grant(authority.starts.get(0), CAPTURED_SEK));
    runTasks();
    assertEquals(1, listener.connectionCount());
    receive(conclusion("wrong-passphrase", UID));
    assertEquals(2402, answer().type(), "a second connection from the address");
  }

  @Test
  void aKickEndsThePublishWithAShutdown() {
    int socketId = granted();
    controls.get(authority.starts.get(0).sessionId()).accept(new PublisherControl.Kick("live input disabled"));
    runTasks();
    ControlPacket shutdown = last().control();
    assertInstanceOf(ControlBody.Shutdown.class, shutdown.body());
    assertEquals(captured("aes128-passphrase", 3).socketId(), shutdown.destinationSocketId());
    assertEquals(List.of("kicked: live input disabled"), authority.ends);
    assertTrue(hubs.find(UID).isEmpty());
    assertNotEquals(0, socketId);
  }

  @Test
  void aSilentCallerGetsKeepalivesAndIsDroppedAfterThePeerIdleTimeout() {
    granted();
    int before = sent.size();
    advanceMs(1010);
    assertTrue(sent.subList(before, sent.size()).stream().anyMatch(s -> s.control().body() instanceof ControlBody.KeepAlive),
        "a keepalive after a second without sending");
    advanceMs(3980);
    assertEquals(List.of(), authority.ends);
    advanceMs(20);
    assertEquals(List.of("no packets from the caller for 5000 ms"), authority.ends);
    assertInstanceOf(ControlBody.Shutdown.class, last().control().body());
  }

  @Test
  void aCallerOverThePayloadRateIsClosed() throws IOException {
    listener = listener(settings(100, 20, 20_000)); // 160 kbit/s
    int socketId = granted();
    for (byte[] d : capturedData("aes128-passphrase.pcap", socketId)) receive(d);
    assertEquals(List.of("payload rate over 160 kbit/s"), authority.ends);
  }

  @Test
  void anInBandKeyRefreshIsOpenedByTheLiveInputAndAnsweredWithKmrsp() {
    int socketId = granted();
    int isn = captured("aes128-passphrase", 3).initialSequence();
    SessionKeys next = SessionKeys.generate(new SecureRandom(), 16, KeyFlags.BOTH);
    PayloadCipher sender = new PayloadCipher(next);
    receive(oddPacket(sender, isn, socketId));
    advanceMs(500);
    assertEquals(1, listener.stats(UID).orElseThrow().packetsUndecryptable(), "the odd key is not known yet");

    // srt.md 7.6: the pre-announce carries both keys; the entity opens them, the KMRSP echoes the KM.
    KeyMaterial km = next.wrap("a-passphrase-the-entity-holds", KeyFlags.BOTH);
    byte[] kmreq = new ControlPacket(600_000, socketId, new KeyExchange.Request(km)).encode();
    receive(kmreq);
    receive(kmreq);
    assertEquals(1, authority.refreshes.size(), "one ask for a repeated KMREQ");
    authority.refreshes.get(0).complete(new MediaKeys(concat(next.key(KeyFlags.EVEN), next.key(KeyFlags.ODD))));
    runTasks();
    assertEquals(new KeyExchange.Response(km), last().control().body());
    receive(kmreq);
    assertEquals(new KeyExchange.Response(km), last().control().body(), "a KMREQ repeated after the answer");
    assertEquals(1, authority.refreshes.size());

    receive(oddPacket(sender, SequenceNumbers.next(isn), socketId));
    advanceMs(500);
    SrtStats stats = listener.stats(UID).orElseThrow();
    assertEquals(1, stats.packetsUndecryptable());
    assertEquals(2, stats.packetsDelivered());
    assertEquals(1, stats.keyRefreshes());
  }

  // ---- pull playback

  private static final InetSocketAddress VIEWER = new InetSocketAddress(InetAddress.getLoopbackAddress(), 50_001);

  /** The captured publisher's media in the hub, the publish left open; the viewer asks to play. Returns the publish's socket id. */
  private int liveAndAViewerAsks() throws IOException {
    int publisher = granted();
    for (byte[] d : capturedData("aes128-passphrase.pcap", publisher)) receive(d);
    advanceMs(1000);
    receive(conclusion("aes128-passphrase", "play" + UID, VIEWER), VIEWER);
    return publisher;
  }

  private void awaitTasks(String what, java.util.function.BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!done.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, what);
      now += 1_000; // pacing lets packets go as the clock moves
      runTasks();
      listener.pace(now);
      Thread.sleep(1);
    }
  }

  private List<DataPacket> dataTo(InetSocketAddress to) {
    return sent.stream().filter(x -> x.to().equals(to) && (x.bytes()[0] & 0x80) == 0)
        .map(x -> (DataPacket) SrtPacket.decode(x.bytes())).toList();
  }

  @Test
  void aViewerWithThePlaybackPassphraseGetsTheStreamAsEncryptedMpegTsFromTheLatestKeyframe() throws Exception {
    int publisher = liveAndAViewerAsks();
    ScriptedAuthority.Play play = authority.plays.get(0);
    assertEquals(UID, play.liveInputId());
    KeyExchange.Request kmreq = (KeyExchange.Request) captured("aes128-passphrase", 3)
        .extension(HandshakeExtension.TYPE_KMREQ).orElseThrow();
    assertArrayEquals(kmreq.keyMaterial().encode(), ((PublishCredential.SrtKeyMaterial) play.credential()).keyMaterial(),
        "the entity opens the viewer's key material with the playback passphrase");
    play.reply().complete(new GrantedPlayback("node-a", new MediaKeys(CAPTURED_SEK)));
    runTasks();
    Handshake ours = answer();
    assertEquals(Handshake.TYPE_CONCLUSION, ours.type());
    assertEquals(List.of(HandshakeExtension.SrtOptions.response(0x00010501, 0x3F, 200, 200),
        new KeyExchange.Response(kmreq.keyMaterial())), ours.extensions());
    assertEquals(0, last().control().timestamp(), "the connection's clock starts with its answer");
    assertEquals(2, listener.connectionCount());
    assertTrue(hubs.find(UID).orElseThrow().stats().consumers().stream()
        .anyMatch(c -> c.name().startsWith(io.headwater.media.hub.StreamHub.PULL_VIEWER_PREFIX + "srt ")),
        "the viewer counts in /views");

    awaitTasks("the GOP cache reaches the viewer", () -> dataTo(VIEWER).size() > 20);
    for (int i = 0; i < 50; i++) {
      now += 1_000;
      runTasks();
      listener.pace(now);
    }
    List<DataPacket> data = dataTo(VIEWER);
    int viewerSocket = captured("aes128-passphrase", 3).socketId();
    PayloadCipher cipher = new PayloadCipher(SessionKeys.opened(kmreq.keyMaterial(), CAPTURED_SEK));
    io.headwater.media.ts.codec.TsDemuxer demuxer = new io.headwater.media.ts.codec.TsDemuxer();
    List<MediaItem> items = new ArrayList<>();
    for (int i = 0; i < data.size(); i++) {
      DataPacket d = data.get(i);
      assertEquals(viewerSocket, d.destinationSocketId());
      assertEquals(SequenceNumbers.add(ours.initialSequence(), i), d.sequenceNumber(), "srt.md 4.2: the caller's ISN");
      assertEquals(KeyFlags.EVEN, d.key());
      assertTrue(d.payload().length % 188 == 0 && d.payload().length <= 1316);
      items.addAll(demuxer.feed(cipher.decrypt(d).payload()));
    }
    assertEquals(0, demuxer.stats().continuityErrors());
    assertTrue(items.get(0) instanceof CodecConfig c && c.codec() == Codec.H264, "configurations first: " + items.get(0));
    MediaFrame first = (MediaFrame) items.stream().filter(i -> i instanceof MediaFrame f && f.kind() == MediaKind.VIDEO)
        .findFirst().orElseThrow();
    assertTrue(first.keyframe(), "the viewer starts at a keyframe");

    int socketId = ours.socketId();
    receive(new ControlPacket(1_000, socketId, new Ack.Full(1, data.get(data.size() - 1).sequenceNumber() + 1, 1_000,
        500, 8000, 100, 1000, 100_000)).encode(), VIEWER);
    assertEquals(new ControlBody.AckAck(1), last().control().body(), "srt.md 3.3");

    // The publisher leaves: the hub ends, and the viewer is told.
    receive(new ControlPacket(3_000_000, publisher, new ControlBody.Shutdown()).encode());
    awaitTasks("the viewer's SHUTDOWN", () -> sent.stream().anyMatch(x -> x.to().equals(VIEWER)
        && (x.bytes()[0] & 0x80) != 0 && x.control().body() instanceof ControlBody.Shutdown));
    assertEquals(0, listener.connectionCount());
  }

  @Test
  void viewersAreRefusedWithCodesLibsrtCallersShow() throws Exception {
    Map<Object, Integer> codes = new java.util.LinkedHashMap<>();
    codes.put(new LiveInputException.PublishRefused(LiveInputException.PublishRefused.INVALID_PASSPHRASE), 1010);
    codes.put(new LiveInputException.PublishRefused(LiveInputException.PublishRefused.NOT_LIVE), 2404);
    codes.put(new GrantedPlayback("node-b", new MediaKeys(CAPTURED_SEK)), 2503); // no hub here: another node's
    for (var code : codes.entrySet()) {
      receive(conclusion("aes128-passphrase", "#!::r=" + UID + ",m=request", VIEWER), VIEWER);
      ScriptedAuthority.Play play = authority.plays.get(authority.plays.size() - 1);
      if (code.getKey() instanceof GrantedPlayback g) play.reply().complete(g);
      else play.reply().completeExceptionally((Throwable) code.getKey());
      runTasks();
      assertEquals(code.getValue(), answer().type(), code.getKey().toString());
    }
    assertEquals(0, listener.connectionCount());
    assertEquals(List.of(), authority.starts, "a viewer never asks to publish");
  }

  /** A TS null packet encrypted with the odd key, as sent after a key switch. */
  private static byte[] oddPacket(PayloadCipher sender, int seq, int socketId) {
    byte[] ts = new byte[188];
    ts[0] = 0x47;
    ts[1] = 0x1F;
    ts[2] = (byte) 0xFF;
    ts[3] = 0x10;
    return sender.encrypt(DataPacket.live(seq, 1, 20_000, socketId, ts), KeyFlags.ODD).encode();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private void assertRefused(byte[] request, int code, String what) {
    int before = sent.size();
    receive(request);
    assertEquals(before + 1, sent.size(), what);
    Handshake answer = answer();
    assertEquals(code, answer.type(), what);
    assertEquals(List.of(), answer.extensions(), "srt.md 4.6: a rejection carries no extensions");
    assertEquals(RejectReason.fromHandshakeType(code), answer.rejectReason().orElseThrow());
  }

  private byte[] withExtension(HandshakeExtension extra) {
    return rebuilt(ext -> ext.add(extra), Handshake.VERSION_5);
  }

  private byte[] withHsreq(HandshakeExtension.SrtOptions hsreq) {
    return rebuilt(ext -> ext.set(0, hsreq), Handshake.VERSION_5);
  }

  private byte[] hsv4() {
    return rebuilt(List::clear, Handshake.VERSION_UDT4);
  }

  private byte[] rebuilt(Consumer<List<HandshakeExtension>> change, int version) {
    int cookie = induce("aes128-passphrase");
    ControlPacket p = (ControlPacket) SrtPacket.decode(SrtVectors.packet("aes128-passphrase", 3));
    Handshake h = (Handshake) p.body();
    List<HandshakeExtension> ext = new ArrayList<>();
    for (HandshakeExtension e : h.extensions()) {
      ext.add(e instanceof HandshakeExtension.Sid ? new HandshakeExtension.Sid(UID) : e);
    }
    change.accept(ext);
    return withCookie(p, h, cookie, ext, version);
  }

  /** An SRT handshake string (srt.md 4.4): NUL-padded, each 4-byte word reversed. */
  private static byte[] text(String s) {
    return new HandshakeExtension.Sid(s).encodeContents();
  }

  /** The caller's data packets of a capture, addressed to {@code socketId}. */
  private static List<byte[]> capturedData(String pcap, int socketId) throws IOException {
    byte[] file;
    try (InputStream in = SrtListenerTest.class.getResourceAsStream(pcap)) {
      file = in.readAllBytes();
    }
    ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    b.position(24);
    List<byte[]> data = new ArrayList<>();
    int listenerPort = -1;
    while (b.remaining() >= 16) {
      b.position(b.position() + 8);
      int length = b.getInt();
      b.getInt();
      int at = b.position();
      int ip = at + 14; // Ethernet
      int udp = ip + (file[ip] & 0x0F) * 4;
      int dstPort = (file[udp + 2] & 0xFF) << 8 | file[udp + 3] & 0xFF;
      if (listenerPort < 0) listenerPort = dstPort; // the first frame is the caller's induction
      byte[] srt = java.util.Arrays.copyOfRange(file, udp + 8, at + length);
      if (dstPort == listenerPort && (srt[0] & 0x80) == 0) {
        ByteBuffer.wrap(srt).putInt(12, socketId);
        data.add(srt);
      }
      b.position(at + length);
    }
    return data;
  }
}
