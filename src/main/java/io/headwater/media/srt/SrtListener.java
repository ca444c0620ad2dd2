package io.headwater.media.srt;

import io.headwater.liveinput.GrantedPlayback;
import io.headwater.liveinput.GrantedPublish;
import io.headwater.liveinput.LiveInputException;
import io.headwater.liveinput.PublishAuthority;
import io.headwater.liveinput.PublishCredential;
import io.headwater.liveinput.PublisherControl;
import io.headwater.media.hub.StreamHub;
import io.headwater.media.hub.StreamHubs;
import io.headwater.media.hub.StreamProfile;
import io.headwater.media.ingest.ConnectionGate;
import io.headwater.media.ingest.SessionMdc;
import io.headwater.media.srt.codec.ControlBody;
import io.headwater.media.srt.codec.ControlPacket;
import io.headwater.media.srt.codec.Handshake;
import io.headwater.media.srt.codec.HandshakeExtension;
import io.headwater.media.srt.codec.KeyExchange;
import io.headwater.media.srt.codec.RejectReason;
import io.headwater.media.srt.codec.SessionKeys;
import io.headwater.media.srt.codec.SrtCodecException;
import io.headwater.media.srt.codec.SrtPacket;
import io.headwater.media.srt.codec.SynCookie;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SRT listener of one UDP port, apart from the socket: demultiplexes datagrams by destination socket id,
 * answers inductions with a SYN cookie and no state, checks conclusions ({@link ConclusionRequest}) and the
 * node's limits, asks the live input for the grant, and runs each accepted publish as an
 * {@link SrtConnection}. Every refusal is a rejection handshake with a code a libsrt caller shows, and one
 * {@code closed: refused: ...} log line.
 *
 * <p>Single-threaded: {@link SrtServer} calls it from its loop thread only, with the time in microseconds of
 * a monotonic clock; answers from the entity and kicks come back through {@code loop}. Tests drive it with
 * a fake clock and network.
 */
final class SrtListener {
  private static final Logger log = LoggerFactory.getLogger(SrtListener.class);
  /** srt.md 1: one datagram is one packet, and none is larger than the 1500-byte MSS. */
  static final int MAX_DATAGRAM = 1500;
  /** srt.md 4.2: socket ids in 1..2^30-1 (bit 30 marks groups in libsrt). */
  private static final int SOCKET_ID_MASK = 0x3FFF_FFFF;
  private static final int RECENT_STATS = 256;
  static final String PROTOCOL = "srt";

  /** Where datagrams go. */
  interface Network {
    void send(byte[] datagram, InetSocketAddress to);
  }

  /** A caller, as its repeated conclusions name it (srt.md 4.2: same source, same caller socket id). */
  record PeerKey(InetSocketAddress address, int callerSocketId) {}

  /** A conclusion whose grant is being asked; the caller repeats it meanwhile, and is not asked for twice. */
  private static final class Pending {
    final PeerKey key;
    final Handshake handshake;
    final ConclusionRequest request;
    final long arrivalUs;
    final int conclusionTimestamp;
    final String sessionId = UUID.randomUUID().toString();
    final String remoteAddress;
    ActorRef<PublisherControl> control;
    String kicked;

    Pending(PeerKey key, Handshake handshake, ConclusionRequest request, long arrivalUs, int conclusionTimestamp) {
      this.key = key;
      this.handshake = handshake;
      this.request = request;
      this.arrivalUs = arrivalUs;
      this.conclusionTimestamp = conclusionTimestamp;
      this.remoteAddress = remoteAddress(key.address());
    }
  }

  private final SrtSettings settings;
  private final PublishAuthority authority;
  private final StreamHubs hubs;
  private final SessionControls controls;
  private final MediaFeed.Opener feeds;
  private final ConnectionGate gate;
  private final SynCookie cookies;
  private final Network network;
  private final Executor loop;
  private final Random random;
  private final long startUs;

  private final Map<Integer, SrtSession> connections = new HashMap<>();
  private final Map<PeerKey, SrtSession> byPeer = new HashMap<>();
  private final Set<SrtPlayback> playbacks = new HashSet<>();
  private final Map<String, SrtConnection> bySession = new HashMap<>();
  private final Map<PeerKey, Pending> pending = new HashMap<>();
  private final Map<String, Pending> pendingBySession = new HashMap<>();
  private final Map<String, SrtStats> stats = recent();
  private final Map<String, SrtSenderStats> playbackStats = recent();
  private long strayPackets;
  private long nowUs;
  private boolean closing;

  SrtListener(SrtSettings settings, PublishAuthority authority, StreamHubs hubs, SessionControls controls,
      MediaFeed.Opener feeds, ConnectionGate gate, SynCookie cookies, Network network, Executor loop, Random random, long startUs) {
    this.settings = settings;
    this.authority = authority;
    this.hubs = hubs;
    this.controls = controls;
    this.feeds = feeds;
    this.gate = gate;
    this.cookies = cookies;
    this.network = network;
    this.loop = loop;
    this.random = random;
    this.startUs = startUs;
    this.nowUs = startUs;
  }

  // ---- input

  /** One datagram from {@code from}: {@code buf[0..length)}, which may be reused once this returns. */
  void onDatagram(byte[] buf, int length, InetSocketAddress from, long nowUs) {
    this.nowUs = nowUs;
    if (length < SrtPacket.HEADER_SIZE || length > MAX_DATAGRAM) {
      strayPackets++;
      return;
    }
    int destination = SrtPacket.destinationSocketId(buf, 0, length);
    if (destination == 0) {
      onHandshakeRequest(buf, length, from);
      return;
    }
    SrtSession connection = connections.get(destination);
    if (connection == null || !connection.peer().equals(from)) {
      strayPackets++; // srt.md 8.9: an unknown socket id, or someone else's: dropped
      return;
    }
    SrtPacket packet;
    try {
      packet = SrtPacket.decode(buf, 0, length);
    } catch (SrtCodecException e) {
      connection.malformed();
      return;
    }
    try {
      connection.onPacket(packet, nowUs);
    } catch (RuntimeException e) {
      log.error("SRT connection {} failed on a packet", Integer.toHexString(destination), e);
      connection.close("internal error: " + e, false);
    }
  }

  /** The 10 ms timers of every connection. */
  void tick(long nowUs) {
    this.nowUs = nowUs;
    for (SrtSession c : new ArrayList<>(connections.values())) {
      try {
        c.tick(nowUs);
      } catch (RuntimeException e) {
        log.error("SRT connection {} failed on its timer", Integer.toHexString(c.socketId()), e);
        c.close("internal error: " + e, false);
      }
    }
  }

  /** The node is stopping: every connection ends with a SHUTDOWN, handshakes in flight are refused. */
  void shutdown(long nowUs) {
    this.nowUs = nowUs;
    closing = true;
    for (SrtSession c : new ArrayList<>(connections.values())) c.close("node shutting down", false);
  }

  /** When a pull viewer next has a paced packet to send; {@code Long.MAX_VALUE} for none. */
  long nextSendUs() {
    long next = Long.MAX_VALUE;
    for (SrtPlayback p : playbacks) next = Math.min(next, p.nextSendUs());
    return next;
  }

  /** Sends the pull viewers' packets that pacing allows by now. */
  void pace(long nowUs) {
    this.nowUs = nowUs;
    for (SrtPlayback p : new ArrayList<>(playbacks)) {
      if (p.nextSendUs() > nowUs) continue;
      try {
        p.pace(nowUs);
      } catch (RuntimeException e) {
        log.error("SRT connection {} failed sending", Integer.toHexString(p.socketId()), e);
        p.close("internal error: " + e, false);
      }
    }
  }

  /** The latest counts of the input's SRT publish on this node, live or recently ended; any thread. */
  Optional<SrtStats> stats(String liveInputId) {
    synchronized (stats) {
      return Optional.ofNullable(stats.get(liveInputId));
    }
  }

  /** The counts of the input's latest pull viewer on this node to have ended; any thread. */
  Optional<SrtSenderStats> playbackStats(String liveInputId) {
    synchronized (playbackStats) {
      return Optional.ofNullable(playbackStats.get(liveInputId));
    }
  }

  /** The last {@link #RECENT_STATS} inputs' counts, in access order. */
  private static <T> Map<String, T> recent() {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, T> eldest) {
        return size() > RECENT_STATS;
      }
    };
  }

  /** Conclusions waiting for their live input's answer. */
  int handshakesInFlight() {
    return pending.size();
  }

  int connectionCount() {
    return connections.size();
  }

  long strayPackets() {
    return strayPackets;
  }

  // ---- handshake

  private void onHandshakeRequest(byte[] buf, int length, InetSocketAddress from) {
    if (!SrtPacket.isControl(buf, 0)) {
      strayPackets++;
      return;
    }
    ControlPacket packet;
    try {
      packet = (ControlPacket) SrtPacket.decode(buf, 0, length);
    } catch (SrtCodecException e) {
      onMalformedHandshake(buf, length, from, e);
      return;
    }
    if (!(packet.body() instanceof Handshake hs)) {
      strayPackets++;
      return;
    }
    if (hs.isInduction()) {
      // srt.md 4.2: the request echoed as v5 with the magic and a cookie; no state is kept. The key length
      // is not advertised: the stream id, hence the input, is not known yet (srt.md 5.3).
      int cookie = cookies.cookie(from.getAddress(), from.getPort(), nowUs / 1000);
      send(hs.inductionResponse(cookie, 0), hs.socketId(), from);
    } else if (hs.isConclusion()) {
      onConclusion(hs, packet.timestamp(), from);
    } else {
      strayPackets++; // rendezvous (WAVEAHAND, AGREEMENT) is not offered
    }
  }

  /**
   * A handshake whose extensions do not parse: if the 48-byte CIF carries a valid cookie it is a caller
   * that passed induction, and it is refused as malformed (ROGUE) rather than left to time out.
   */
  private void onMalformedHandshake(byte[] buf, int length, InetSocketAddress from, SrtCodecException e) {
    try {
      int cifEnd = SrtPacket.HEADER_SIZE + Handshake.CIF_SIZE;
      if (length >= cifEnd && ((ControlPacket) SrtPacket.decode(buf, 0, cifEnd)).body() instanceof Handshake hs
          && hs.isConclusion() && cookies.verify(hs.synCookie(), from.getAddress(), from.getPort(), nowUs / 1000)) {
        refuse(hs, from, null, RejectReason.ROGUE, "malformed handshake: " + e.getMessage());
        return;
      }
    } catch (SrtCodecException | ClassCastException ignored) {
      // not even a handshake CIF
    }
    strayPackets++;
  }

  private void onConclusion(Handshake hs, int timestamp, InetSocketAddress from) {
    if (!cookies.verify(hs.synCookie(), from.getAddress(), from.getPort(), nowUs / 1000)) {
      strayPackets++; // srt.md 4.2: dropped silently, as libsrt does
      return;
    }
    PeerKey key = new PeerKey(from, hs.socketId());
    SrtSession accepted = byPeer.get(key);
    if (accepted != null) {
      accepted.resendConclusionResponse(); // srt.md 4.2: a repeat gets the same answer
      return;
    }
    if (pending.containsKey(key)) return; // asked already; the answer follows
    if (closing) {
      refuse(hs, from, null, RejectReason.CLOSE, "node shutting down");
      return;
    }
    ConclusionRequest request;
    try {
      request = ConclusionRequest.read(hs, settings);
    } catch (ConclusionRequest.Refused refused) {
      refuse(hs, from, null, refused.reason(), refused.getMessage());
      return;
    }
    String ip = from.getAddress().getHostAddress();
    if (pending.size() >= settings.maxHandshakesInFlight()) {
      refuse(hs, from, request.liveInputId(), RejectReason.BACKLOG,
          "too many handshakes in flight (" + settings.maxHandshakesInFlight() + ")");
      return;
    }
    String overLimit = gate.admit(ip);
    if (overLimit != null) {
      refuse(hs, from, request.liveInputId(), RejectReason.X_OVERLOAD, overLimit);
      return;
    }
    if (!gate.mayTryKey(ip)) {
      gate.release(ip);
      refuse(hs, from, request.liveInputId(), RejectReason.X_OVERLOAD, "too many bad passphrases from this address");
      return;
    }
    Pending p = new Pending(key, hs, request, nowUs, timestamp);
    if (request.playback()) {
      pending.put(key, p);
      authority.authorizePlayback(request.liveInputId(), new PublishCredential.SrtKeyMaterial(request.keyMaterial().encode()))
          .whenComplete((granted, failure) -> loop.execute(() -> onPlaybackGrant(p, granted, failure)));
      return;
    }
    p.control = controls.open(p.sessionId, message -> loop.execute(() -> onControl(p.sessionId, message)));
    pending.put(key, p);
    pendingBySession.put(p.sessionId, p);
    authority.startPublish(request.liveInputId(), new PublishCredential.SrtKeyMaterial(request.keyMaterial().encode()),
            p.sessionId, p.remoteAddress, PROTOCOL, p.control)
        .whenComplete((granted, failure) -> loop.execute(() -> onGrant(p, granted, failure)));
  }

  private void onGrant(Pending p, GrantedPublish granted, Throwable failure) {
    pending.remove(p.key, p);
    pendingBySession.remove(p.sessionId);
    String ip = p.key.address().getAddress().getHostAddress();
    String liveInputId = p.request.liveInputId();
    if (granted == null) {
      controls.close(p.control);
      gate.release(ip);
      Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
      if (cause instanceof LiveInputException.PublishRefused refused) {
        if (LiveInputException.PublishRefused.INVALID_PASSPHRASE.equals(refused.getMessage())) gate.recordBadKey(ip);
        refuse(p.handshake, p.key.address(), liveInputId, rejectReason(refused), refused.getMessage());
      } else {
        refuse(p.handshake, p.key.address(), liveInputId, RejectReason.X_UNAVAILABLE, "grant failed: " + cause);
      }
      return;
    }
    SessionKeys keys = null;
    String unusable = closing ? "node shutting down" : p.kicked != null ? "kicked: " + p.kicked : null;
    if (unusable == null) {
      try {
        keys = SessionKeys.opened(p.request.keyMaterial(), granted.mediaKeys().keys());
      } catch (IllegalArgumentException | NullPointerException e) {
        unusable = "grant without usable media keys";
      }
    }
    if (unusable != null) {
      // The grant is recorded: end it at once, or the input would stay live with no one publishing.
      authority.endPublish(liveInputId, p.sessionId, unusable);
      controls.close(p.control);
      gate.release(ip);
      refuse(p.handshake, p.key.address(), liveInputId, closing ? RejectReason.CLOSE : RejectReason.X_UNAVAILABLE, unusable);
      return;
    }
    int socketId = newSocketId();
    StreamHub hub = hubs.open(liveInputId, new StreamProfile(p.sessionId,
        granted.grant().lowLatency(), granted.grant().reconnectWindow(), granted.grant().resumesBroadcast()));
    byte[] response = new ControlPacket(timestamp(nowUs), p.handshake.socketId(), conclusionResponse(p, socketId)).encode();
    SrtConnection c = new SrtConnection(this, socketId, p.handshake.socketId(), p.key, liveInputId, p.sessionId,
        p.remoteAddress, p.control, hub, keys, p.handshake.initialSequence(), p.request.receiveLatencyMs() * 1000L,
        p.arrivalUs, p.conclusionTimestamp, response, nowUs);
    connections.put(socketId, c);
    byPeer.put(p.key, c);
    bySession.put(p.sessionId, c);
    c.resendConclusionResponse();
    SessionMdc.run(liveInputId, p.remoteAddress, () -> log.info("publishing (socket 0x{}, latency {} ms, AES-{})",
        Integer.toHexString(socketId), p.request.receiveLatencyMs(), p.request.keyMaterial().keyLength() * 8));
  }

  /**
   * The live input's answer to a pull viewer: refused as a publisher would be (a wrong playback passphrase as
   * BADSECRET, unknown and deleted inputs alike), 2404 when nothing is live, 2503 when it is live on another
   * node (cross-node playback arrives with the cluster); else the playback starts at the hub's latest keyframe.
   */
  private void onPlaybackGrant(Pending p, GrantedPlayback granted, Throwable failure) {
    pending.remove(p.key, p);
    String ip = p.key.address().getAddress().getHostAddress();
    String liveInputId = p.request.liveInputId();
    String refusal = null;
    RejectReason reason = RejectReason.X_UNAVAILABLE;
    StreamHub hub = null;
    SessionKeys keys = null;
    if (granted == null) {
      Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
      if (cause instanceof LiveInputException.PublishRefused refused) {
        if (LiveInputException.PublishRefused.INVALID_PASSPHRASE.equals(refused.getMessage())) gate.recordBadKey(ip);
        reason = LiveInputException.PublishRefused.NOT_LIVE.equals(refused.getMessage()) ? RejectReason.X_NOT_FOUND
            : rejectReason(refused);
        refusal = "playback: " + refused.getMessage();
      } else {
        refusal = "playback check failed: " + cause;
      }
    } else if (closing) {
      reason = RejectReason.CLOSE;
      refusal = "node shutting down";
    } else if ((hub = hubs.find(liveInputId).orElse(null)) == null) {
      refusal = "playback: live on another node; play from that node";
    } else {
      try {
        keys = SessionKeys.opened(p.request.keyMaterial(), granted.mediaKeys().keys());
      } catch (IllegalArgumentException | NullPointerException e) {
        refusal = "playback grant without usable media keys";
      }
    }
    if (refusal != null) {
      gate.release(ip);
      refuse(p.handshake, p.key.address(), liveInputId, reason, refusal);
      return;
    }
    int socketId = newSocketId();
    // srt.md 8.7: the caller's TSBPD base is the arrival of this answer less its timestamp, so it carries the
    // clock of the data that follows: the connection's own, from 0.
    long epochUs = nowUs;
    byte[] response = new ControlPacket(0, p.handshake.socketId(), conclusionResponse(p, socketId)).encode();
    SrtPlayback playback = new SrtPlayback(this, socketId, p.key, liveInputId, p.remoteAddress, response);
    connections.put(socketId, playback);
    byPeer.put(p.key, playback);
    playbacks.add(playback);
    playback.resendConclusionResponse();
    playback.start(new SrtMediaSender(playback, p.handshake.initialSequence(), p.handshake.socketId(),
        p.request.sendLatencyMs() * 1000L, p.handshake.flowWindow(), settings.receiveBufferPackets(), keys, epochUs,
        settings.peerIdleTimeout().toNanos() / 1000,
        feeds.open(hub, StreamHub.PULL_VIEWER_PREFIX + PROTOCOL + " " + p.sessionId)));
    SessionMdc.run(liveInputId, p.remoteAddress, () -> log.info("playing (socket 0x{}, latency {} ms, AES-{})",
        Integer.toHexString(socketId), p.request.sendLatencyMs(), p.request.keyMaterial().keyLength() * 8));
  }

  /**
   * srt.md 4.2: the acceptance: our socket id, HSRSP with the negotiated latencies, KMRSP echoing the caller's
   * key material.
   */
  private Handshake conclusionResponse(Pending p, int socketId) {
    return p.handshake.conclusionResponse(socketId, p.request.keyMaterial().keyLength() / 8,
        Math.min(MAX_DATAGRAM, p.handshake.mss()), settings.receiveBufferPackets(), p.key.address().getAddress(), List.of(
            HandshakeExtension.SrtOptions.response(ConclusionRequest.SRT_VERSION, ConclusionRequest.LISTENER_FLAGS,
                p.request.receiveLatencyMs(), p.request.sendLatencyMs()),
            new KeyExchange.Response(p.request.keyMaterial())));
  }

  /** A pull viewer ended: its admission slot is released. */
  void playbackClosed(SrtPlayback p, String reason, SrtSenderStats last) {
    connections.remove(p.socketId());
    byPeer.remove(p.key(), p);
    playbacks.remove(p);
    gate.release(p.key().address().getAddress().getHostAddress());
    synchronized (playbackStats) {
      playbackStats.put(p.liveInputId(), last);
    }
    SessionMdc.run(p.liveInputId(), p.remoteAddress(), () -> log.info("closed: playback: {}; {}", reason, last.summary()));
  }

  /** srt.md 4.6: refusals libsrt callers can show; unknown, deleted and wrong-passphrase inputs alike. */
  static RejectReason rejectReason(LiveInputException.PublishRefused refused) {
    return switch (refused.getMessage()) {
      case LiveInputException.PublishRefused.INVALID_PASSPHRASE -> RejectReason.BADSECRET;
      case LiveInputException.PublishRefused.DISABLED -> RejectReason.X_FORBIDDEN;
      case LiveInputException.PublishRefused.BUSY -> RejectReason.X_CONFLICT;
      default -> RejectReason.X_FORBIDDEN;
    };
  }

  private void onControl(String sessionId, PublisherControl message) {
    if (!(message instanceof PublisherControl.Kick kick)) return;
    SrtConnection c = bySession.get(sessionId);
    if (c != null) {
      c.close("kicked: " + kick.reason(), false);
      return;
    }
    Pending p = pendingBySession.get(sessionId);
    if (p != null) p.kicked = kick.reason(); // the grant is on its way; it will be ended at once
  }

  /** srt.md 4.6: the caller's conclusion with only the type (1000 + code) and a socket id changed. */
  private void refuse(Handshake hs, InetSocketAddress to, String liveInputId, RejectReason reason, String why) {
    send(hs.rejection(newSocketId(), reason), hs.socketId(), to);
    SessionMdc.run(liveInputId, remoteAddress(to), () -> log.info("closed: refused: {} ({} on the wire, {})", why,
        reason.handshakeType(), reason));
  }

  // ---- what connections use

  void send(ControlBody body, int destinationSocketId, InetSocketAddress to) {
    network.send(new ControlPacket(timestamp(nowUs), destinationSocketId, body).encode(), to);
  }

  void sendRaw(byte[] datagram, InetSocketAddress to) {
    network.send(datagram, to);
  }

  /** Sets the time for tasks run on the loop (answers from the entity, kicks). */
  void at(long nowUs) {
    this.nowUs = nowUs;
  }

  /** The time of the datagram, tick or task being handled. */
  long now() {
    return nowUs;
  }

  /** srt.md 1.3: our packets carry microseconds since the listener started. */
  int timestamp(long atUs) {
    return (int) (atUs - startUs);
  }

  SrtSettings settings() {
    return settings;
  }

  PublishAuthority authority() {
    return authority;
  }

  Executor loop() {
    return loop;
  }

  /** A connection ended: its hub, publish, session actor and admission slot are released. */
  void closed(SrtConnection c, String reason, SrtStats last) {
    connections.remove(c.socketId());
    byPeer.remove(c.key(), c);
    bySession.remove(c.sessionId(), c);
    hubs.close(c.hub(), null);
    authority.endPublish(c.liveInputId(), c.sessionId(), reason);
    controls.close(c.control());
    gate.release(c.key().address().getAddress().getHostAddress());
    publishStats(c.liveInputId(), last);
    SessionMdc.run(c.liveInputId(), c.remoteAddress(), () -> log.info("closed: {}; {}", reason, last.summary()));
  }

  void publishStats(String liveInputId, SrtStats snapshot) {
    synchronized (stats) {
      stats.put(liveInputId, snapshot);
    }
  }

  private int newSocketId() {
    while (true) {
      int id = random.nextInt() & SOCKET_ID_MASK;
      if (id != 0 && !connections.containsKey(id)) return id;
    }
  }

  static String remoteAddress(InetSocketAddress a) {
    return a.getAddress().getHostAddress() + ":" + a.getPort();
  }
}
