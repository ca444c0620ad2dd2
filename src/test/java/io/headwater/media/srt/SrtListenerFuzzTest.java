package io.headwater.media.srt;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.headwater.TestClock;
import io.headwater.liveinput.GrantedPublish;
import io.headwater.liveinput.MediaKeys;
import io.headwater.liveinput.PublishGrant;
import io.headwater.liveinput.Publisher;
import io.headwater.media.hub.StreamHubs;
import io.headwater.media.ingest.ConnectionGate;
import io.headwater.media.srt.codec.ControlPacket;
import io.headwater.media.srt.codec.Handshake;
import io.headwater.media.srt.codec.HandshakeExtension;
import io.headwater.media.srt.codec.SrtPacket;
import io.headwater.media.srt.codec.SrtVectors;
import io.headwater.media.srt.codec.SynCookie;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Jazzer targets for the listener: whatever a caller sends, in its conclusion or once connected, is dropped,
 * refused with a rejection handshake or handled; no exception escapes and no connection ends in an internal
 * error. Committed inputs under SrtListenerFuzzTestInputs/ (captured libsrt packets) run in every
 * {@code mvn test}; {@code JAZZER_FUZZ=1 mvn -B -o test -Dtest=SrtListenerFuzzTest#conclusion} fuzzes one target.
 */
class SrtListenerFuzzTest {
  private static final InetSocketAddress CALLER = new InetSocketAddress(InetAddress.getLoopbackAddress(), 40_000);
  private static final long NOW_US = 5_000_000_000L;
  private static final byte[] SECRET = new byte[32];
  /** srt-vectors/README.md: the session key aes128-passphrase frame 3 carries. */
  private static final byte[] SEK = HexFormat.of().parseHex("5d7d5fec31301d611ed63fead129f99a");

  /** A listener on fakes; the network only records. */
  private static final class Fixture {
    final List<byte[]> sent = new ArrayList<>();
    final ScriptedAuthority authority = new ScriptedAuthority();
    final List<Runnable> tasks = new ArrayList<>();
    final SrtSettings settings = new SrtSettings("127.0.0.1", 8890, Duration.ofMillis(120), Duration.ofSeconds(5),
        Duration.ofSeconds(5), 10, 10, 10, 10, 12_500_000, 256, 1 << 20);
    final SrtListener listener = new SrtListener(settings, authority, new StreamHubs(100, 100, 1 << 20),
        ListenerFakes.noControls(), ListenerFakes.noFeeds(),
        new ConnectionGate(10, 10, 10, new TestClock(Instant.EPOCH)), new SynCookie(SECRET, SynCookie.DEFAULT_SLOT_MILLIS),
        (bytes, to) -> sent.add(bytes), tasks::add, new Random(1), NOW_US);

    void receive(byte[] datagram) {
      listener.onDatagram(datagram, datagram.length, CALLER, NOW_US);
    }

    /** aes128-passphrase's caller, asking for a uid, granted with its own key; the listener's socket id. */
    int connect() {
      Handshake captured = (Handshake) ((ControlPacket) SrtPacket.decode(SrtVectors.packet("aes128-passphrase", 3))).body();
      List<HandshakeExtension> ext = List.of(captured.srtRequest().orElseThrow(),
          new HandshakeExtension.Sid("0123456789abcdef0123456789abcdef"),
          captured.extension(HandshakeExtension.TYPE_KMREQ).orElseThrow());
      receive(new ControlPacket(1_000, 0, new Handshake(5, 2, Handshake.extensionFlagsFor(ext), 1000, 1500, 8192,
          Handshake.TYPE_CONCLUSION, 77, cookie(), new byte[16], ext)).encode());
      ScriptedAuthority.Start start = authority.starts.get(0);
      start.reply().complete(new GrantedPublish(new PublishGrant(new Publisher(start.sessionId(), "node", "caller", "srt",
          null, null, Instant.EPOCH), false, Duration.ofSeconds(1), false), new MediaKeys(SEK)));
      tasks.forEach(Runnable::run);
      return ((Handshake) ((ControlPacket) SrtPacket.decode(sent.get(sent.size() - 1))).body()).socketId();
    }
  }

  private static int cookie() {
    return new SynCookie(SECRET, SynCookie.DEFAULT_SLOT_MILLIS).cookie(CALLER.getAddress(), CALLER.getPort(), NOW_US / 1000);
  }

  /** The bytes as a conclusion's CIF and extensions, with a valid cookie so the checks behind it are reached. */
  @FuzzTest(maxDuration = "60s")
  void conclusion(byte[] cif) {
    Fixture f = new Fixture();
    ByteBuffer datagram = ByteBuffer.allocate(SrtPacket.HEADER_SIZE + cif.length);
    datagram.putInt(0x8000_0000).putInt(0).putInt(1_000).putInt(0).put(cif); // a handshake to socket id 0
    if (cif.length >= 32) datagram.putInt(SrtPacket.HEADER_SIZE + 28, cookie());
    f.receive(datagram.array());
    for (byte[] answer : f.sent) {
      assertInstanceOf(Handshake.class, ((ControlPacket) SrtPacket.decode(answer)).body(), "only handshakes answer a handshake");
    }
  }

  /** The bytes as a datagram to an accepted connection, then its timers. */
  @FuzzTest(maxDuration = "60s")
  void connection(byte[] datagram) {
    Fixture f = new Fixture();
    int socketId = f.connect();
    if (datagram.length >= SrtPacket.HEADER_SIZE) ByteBuffer.wrap(datagram).putInt(12, socketId);
    f.receive(datagram);
    f.listener.tick(NOW_US + 1_000_000);
    assertTrue(f.authority.ends.stream().noneMatch(e -> e.startsWith("internal error")), f.authority.ends.toString());
  }
}
