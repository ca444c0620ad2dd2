package io.headwater.load.media;

import io.headwater.media.rtmp.codec.Amf0;
import io.headwater.media.rtmp.codec.ChunkDecoder;
import io.headwater.media.rtmp.codec.ChunkEncoder;
import io.headwater.media.rtmp.codec.ClientHandshake;
import io.headwater.media.rtmp.codec.Handshake;
import io.headwater.media.rtmp.codec.ProtocolControl;
import io.headwater.media.rtmp.codec.RtmpCodecException;
import io.headwater.media.rtmp.codec.RtmpLimits;
import io.headwater.media.rtmp.codec.RtmpMessage;
import io.headwater.media.rtmp.codec.UserControl;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;

/**
 * One RTMP publisher, as an encoder behaves: handshake, connect, releaseStream, FCPublish, createStream,
 * publish, and only after NetStream.Publish.Start the metadata, the sequence headers and the media, each
 * tag sent when its timestamp falls due (no bursts, no encoding). A sender thread (this runnable) writes
 * with blocking I/O, so a server that stops reading shows up as late sends; a reader thread takes the
 * server's messages: acknowledgements (the driver asks for one every {@code ackWindow} bytes, which also
 * shows how far behind the server reads), pings, and a late error or close, which fails the publisher.
 */
final class RtmpPublisher implements Runnable {
  enum State { WAITING, CONNECTING, PUBLISHING, DONE, FAILED }

  /** What every publisher of one run shares; times are System.nanoTime(). */
  static final class Run {
    final String host;
    final int port;
    final String app;
    final FlvFile flv;
    final int chunkSize;
    final long ackWindow;
    final int sendBuffer;
    final int setupTimeoutMillis;
    volatile long windowStart = Long.MAX_VALUE;
    volatile long windowEnd = Long.MAX_VALUE;
    /** Senders stop at the first tag they would write at or after this time. */
    volatile long stopAt = Long.MAX_VALUE;
    volatile boolean stopping;

    Run(String host, int port, String app, FlvFile flv, int chunkSize, long ackWindow, int sendBuffer,
        int setupTimeoutMillis) {
      this.host = host;
      this.port = port;
      this.app = app;
      this.flv = flv;
      this.chunkSize = chunkSize;
      this.ackWindow = ackWindow;
      this.sendBuffer = sendBuffer;
      this.setupTimeoutMillis = setupTimeoutMillis;
    }

    /** A run against {@code rtmp://host[:port]/app}. */
    static Run forUrl(String url, FlvFile flv, int chunkSize, long ackWindow, int sendBuffer, int setupTimeoutMillis) {
      if (!url.startsWith("rtmp://") || url.indexOf('/', "rtmp://".length()) < 0) {
        throw new IllegalArgumentException("the URL must be rtmp://host:port/app, got " + url);
      }
      String rest = url.substring("rtmp://".length());
      String hostPort = rest.substring(0, rest.indexOf('/'));
      String app = rest.substring(rest.indexOf('/') + 1);
      String host = hostPort.contains(":") ? hostPort.substring(0, hostPort.indexOf(':')) : hostPort;
      int port = hostPort.contains(":") ? Integer.parseInt(hostPort.substring(hostPort.indexOf(':') + 1)) : 1935;
      return new Run(host, port, app, flv, chunkSize, ackWindow, sendBuffer, setupTimeoutMillis);
    }

    boolean inWindow(long t) {
      return t >= windowStart && t < windowEnd;
    }
  }

  /** The server refused the publish (an onStatus or _error with level error). */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    final String code;

    Refused(String code, String description) {
      super(code + ": " + description);
      this.code = code;
    }
  }

  private static final int COMMAND_CSID = 3;
  private static final int DATA_CSID = 5;
  private static final int AUDIO_CSID = 4;
  private static final int VIDEO_CSID = 6;
  private static final int STREAM_COMMAND_CSID = 8;
  private static final int MAX_ATTEMPTS = 4;

  final int index;
  final String key;
  private final Run run;
  private final long startDelayMillis;

  volatile State state = State.WAITING;
  volatile String error;
  volatile long publishingSinceNanos;
  /** The sender's clock: a tag with timestamp ts falls due at mediaStartNanos + ts ms. */
  volatile long mediaStartNanos;
  int attempts;

  private Socket socket;
  private OutputStream out;
  private InputStream in;
  private final Object writeLock = new Object();
  private ChunkEncoder encoder;
  private ChunkDecoder decoder;
  private final ArrayDeque<RtmpMessage> inbox = new ArrayDeque<>();
  private final byte[] readBuffer = new byte[16 * 1024];
  private int streamId;
  private Thread reader;

  // Sender statistics (written by the sender, read by the driver after the run).
  /** Bytes written on the socket, handshake included (what the server's acknowledgements count). */
  private long wireBytes;
  volatile long mediaBytesSent;
  long windowMediaBytesSent;
  final LongList latenessMicros = new LongList();
  long maxLatenessMicrosOverall;
  /** How far behind schedule the sender was when the measuring window ended, in ms (set by the driver). */
  volatile long endLagMillis;
  /** Due time of the tag being waited for or written; for the end-of-run lag. */
  private volatile long currentDue;

  // Acknowledgement bookkeeping: (wire bytes after a write, time the write returned), oldest first.
  private final ArrayDeque<long[]> unacknowledged = new ArrayDeque<>();
  final LongList ackDelayMicros = new LongList();
  volatile int acksTotal;

  RtmpPublisher(int index, String key, Run run, long startDelayMillis) {
    this.index = index;
    this.key = key;
    this.run = run;
    this.startDelayMillis = startDelayMillis;
  }

  @Override
  public void run() {
    try {
      Thread.sleep(startDelayMillis);
      state = State.CONNECTING;
      for (attempts = 1; ; attempts++) {
        try {
          setUp();
          break;
        } catch (Refused e) {
          closeQuietly();
          // The server may not have ended the previous run's publish on this input yet.
          boolean retry = e.getMessage().contains("already") && attempts < MAX_ATTEMPTS && !run.stopping;
          if (!retry) throw e;
          Thread.sleep(1000);
        }
      }
      publishingSinceNanos = System.nanoTime();
      state = State.PUBLISHING;
      reader = new Thread(null, this::readLoop, "reader-" + index, 256 * 1024);
      reader.setDaemon(true);
      reader.start();
      stream();
      if (state == State.PUBLISHING) {
        unpublish();
        state = State.DONE;
      }
    } catch (Refused e) {
      fail("refused: " + e.getMessage());
    } catch (IOException | RtmpCodecException | IllegalStateException e) {
      if (run.stopping && state == State.PUBLISHING) {
        state = State.DONE; // the driver closed a socket still blocked at the end of the run
      } else {
        fail(e.getClass().getSimpleName() + ": " + e.getMessage());
      }
    } catch (InterruptedException e) {
      fail("interrupted");
    } finally {
      closeQuietly();
    }
  }

  private void fail(String why) {
    if (state == State.FAILED) return;
    error = why;
    state = State.FAILED;
  }

  /** Closes the socket, which unblocks both threads; the driver calls it for publishers stuck at the end. */
  void closeQuietly() {
    Socket s = socket;
    if (s != null) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  // ---- connection set-up

  private void setUp() throws IOException, Refused {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    if (run.sendBuffer > 0) socket.setSendBufferSize(run.sendBuffer);
    socket.connect(new InetSocketAddress(run.host, run.port), run.setupTimeoutMillis);
    socket.setSoTimeout(run.setupTimeoutMillis);
    out = socket.getOutputStream();
    in = socket.getInputStream();
    encoder = new ChunkEncoder();
    decoder = new ChunkDecoder(RtmpLimits.DEFAULTS);
    inbox.clear();
    wireBytes = 0;

    ClientHandshake handshake = new ClientHandshake(new Random());
    write(handshake.c0c1());
    byte[] s0s1s2 = in.readNBytes(Handshake.S0S1S2_SIZE);
    if (s0s1s2.length != Handshake.S0S1S2_SIZE) throw new IOException("server closed during the handshake");
    write(handshake.answer(s0s1s2).c2());

    write(encoder.changeChunkSize(run.chunkSize));
    send(new ProtocolControl.WindowAckSize(run.ackWindow).toMessage());
    String tcUrl = "rtmp://" + run.host + ":" + run.port + "/" + run.app;
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("app", run.app);
    properties.put("type", "nonprivate");
    properties.put("flashVer", "FMLE/3.0 (compatible; headwater-load)");
    properties.put("tcUrl", tcUrl);
    command(COMMAND_CSID, 0, "connect", 1, properties);
    awaitResult(1);
    command(COMMAND_CSID, 0, "releaseStream", 2, null, key);
    command(COMMAND_CSID, 0, "FCPublish", 3, null, key);
    command(COMMAND_CSID, 0, "createStream", 4, (Object) null);
    List<Object> created = awaitResult(4);
    if (created.size() < 4 || !(created.get(3) instanceof Double id)) {
      throw new IOException("createStream answered without a stream id: " + created);
    }
    streamId = id.intValue();
    command(STREAM_COMMAND_CSID, streamId, "publish", 5, null, key, "live");
    awaitPublishStart();
    socket.setSoTimeout(0); // the reader blocks until the server or the driver closes the socket
  }

  private void command(int csid, int msid, String name, double transaction, Object... args) throws IOException {
    Object[] values = new Object[args.length + 2];
    values[0] = name;
    values[1] = transaction;
    System.arraycopy(args, 0, values, 2, args.length);
    send(new RtmpMessage(csid, RtmpMessage.TYPE_COMMAND_AMF0, 0, msid, Amf0.encode(values)));
  }

  /** Waits for the _result of a transaction; an _error for it refuses. */
  private List<Object> awaitResult(double transaction) throws IOException, Refused {
    while (true) {
      RtmpMessage m = nextMessage();
      if (m.typeId() != RtmpMessage.TYPE_COMMAND_AMF0) continue;
      List<Object> values = Amf0.decodeAll(m.payload(), RtmpLimits.DEFAULTS);
      if (values.size() < 2 || !(values.get(1) instanceof Double t) || t != transaction) {
        refuseIfError(values);
        continue;
      }
      if ("_result".equals(values.get(0))) return values;
      if ("_error".equals(values.get(0))) throw refusal(values);
    }
  }

  private void awaitPublishStart() throws IOException, Refused {
    while (true) {
      RtmpMessage m = nextMessage();
      if (m.typeId() != RtmpMessage.TYPE_COMMAND_AMF0) continue;
      List<Object> values = Amf0.decodeAll(m.payload(), RtmpLimits.DEFAULTS);
      if ("onStatus".equals(values.get(0)) && values.size() > 3 && values.get(3) instanceof Map<?, ?> info) {
        if ("NetStream.Publish.Start".equals(info.get("code"))) return;
      }
      refuseIfError(values);
    }
  }

  private static void refuseIfError(List<Object> values) throws Refused {
    if (values.isEmpty()) return;
    Object name = values.get(0);
    if ("_error".equals(name)) throw refusal(values);
    if ("onStatus".equals(name) && values.size() > 3 && values.get(3) instanceof Map<?, ?> info
        && "error".equals(info.get("level"))) {
      throw refusal(values);
    }
  }

  private static Refused refusal(List<Object> values) {
    for (Object v : values) {
      if (v instanceof Map<?, ?> info && info.get("code") != null) {
        return new Refused(String.valueOf(info.get("code")), String.valueOf(info.get("description")));
      }
    }
    return new Refused(String.valueOf(values.get(0)), String.valueOf(values));
  }

  /** The next non-control message during set-up; answers pings on the way. */
  private RtmpMessage nextMessage() throws IOException {
    while (true) {
      RtmpMessage m = inbox.pollFirst();
      if (m != null) {
        if (!ProtocolControl.isProtocolControl(m.typeId())) return m;
        answerControl(m);
        continue;
      }
      int n = in.read(readBuffer);
      if (n < 0) throw new IOException("server closed the connection during set-up");
      inbox.addAll(decoder.decode(java.nio.ByteBuffer.wrap(readBuffer, 0, n)));
    }
  }

  private void answerControl(RtmpMessage m) throws IOException {
    if (m.typeId() == RtmpMessage.TYPE_USER_CONTROL
        && UserControl.decode(m.payload()) instanceof UserControl.PingRequest ping) {
      send(ping.response().toMessage());
    }
  }

  // ---- media

  private void stream() throws IOException, InterruptedException {
    FlvFile flv = run.flv;
    if (flv.metadata != null) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      body.writeBytes(Amf0.encode("@setDataFrame"));
      body.writeBytes(flv.metadata.body());
      send(new RtmpMessage(DATA_CSID, RtmpMessage.TYPE_DATA_AMF0, 0, streamId, body.toByteArray()));
    }
    for (FlvFile.Tag t : flv.config) sendTag(t, 0);
    long t0 = System.nanoTime();
    mediaStartNanos = t0;
    for (long loop = 0; ; loop++) {
      for (FlvFile.Tag tag : flv.media) {
        long ts = loop * flv.loopMillis + tag.timestamp();
        long due = t0 + ts * 1_000_000L;
        currentDue = due;
        long now;
        while ((now = System.nanoTime()) < due && now < run.stopAt) {
          LockSupport.parkNanos(Math.min(due, run.stopAt) - now);
        }
        if (now >= run.stopAt || run.stopping || state != State.PUBLISHING) return;
        sendTag(tag, ts);
        currentDue = Long.MAX_VALUE; // nothing due is waiting until the loop picks the next tag
        long done = System.nanoTime();
        long lateness = Math.max(0, done - due) / 1000;
        maxLatenessMicrosOverall = Math.max(maxLatenessMicrosOverall, lateness);
        mediaBytesSent += tag.body().length;
        if (run.inWindow(due)) {
          latenessMicros.add(lateness);
          windowMediaBytesSent += tag.body().length;
        }
      }
    }
  }

  /**
   * How far behind schedule the sender is at time {@code t}: how long the tag it is waiting to write (or
   * writing) has been due; 0 while it sleeps until a tag falls due.
   */
  long lagMillisAt(long t) {
    long due = currentDue;
    return due != 0 && due < t ? (t - due) / 1_000_000L : 0;
  }

  private void sendTag(FlvFile.Tag tag, long ts) throws IOException {
    int csid = tag.type() == FlvFile.VIDEO ? VIDEO_CSID : AUDIO_CSID;
    send(new RtmpMessage(csid, tag.type(), ts & 0xFFFF_FFFFL, streamId, tag.body()));
  }

  private void unpublish() {
    try {
      command(COMMAND_CSID, 0, "FCUnpublish", 6, null, key);
      command(COMMAND_CSID, 0, "deleteStream", 7, null, (double) streamId);
      socket.shutdownOutput();
    } catch (IOException ignored) {
      // the run is over either way
    }
  }

  private void send(RtmpMessage message) throws IOException {
    write(encoder.encode(message));
  }

  private void write(byte[] bytes) throws IOException {
    synchronized (writeLock) {
      out.write(bytes);
      wireBytes += bytes.length;
      if (state == State.PUBLISHING) {
        synchronized (unacknowledged) {
          if (unacknowledged.size() < 100_000) unacknowledged.addLast(new long[] {wireBytes, System.nanoTime()});
        }
      }
    }
  }

  // ---- reader

  private void readLoop() {
    try {
      while (true) {
        int n = in.read(readBuffer);
        if (n < 0) {
          if (!run.stopping && state == State.PUBLISHING) fail("server closed the connection");
          return;
        }
        for (RtmpMessage m : decoder.decode(java.nio.ByteBuffer.wrap(readBuffer, 0, n))) onMessage(m);
      }
    } catch (IOException | RtmpCodecException e) {
      if (!run.stopping && state == State.PUBLISHING) fail("read: " + e.getMessage());
    } catch (Refused e) {
      fail("server error while publishing: " + e.getMessage());
    } finally {
      if (state == State.FAILED) closeQuietly(); // unblocks the sender
    }
  }

  private void onMessage(RtmpMessage m) throws IOException, Refused {
    switch (m.typeId()) {
      case RtmpMessage.TYPE_ACKNOWLEDGEMENT -> onAcknowledgement(
          ((ProtocolControl.Acknowledgement) ProtocolControl.decode(m)).sequenceNumber());
      case RtmpMessage.TYPE_USER_CONTROL -> answerControl(m);
      case RtmpMessage.TYPE_COMMAND_AMF0 -> refuseIfError(Amf0.decodeAll(m.payload(), RtmpLimits.DEFAULTS));
      default -> {
        // window ack size, bandwidth, chunk size (applied by the decoder), stream begin...
      }
    }
  }

  /**
   * The server has read {@code sequence} bytes (RTMP 5.4.3). The delay is from the moment our last write
   * wholly inside those bytes returned to now: how long the bytes waited in socket buffers before the server
   * read and processed them (at most one tag interval too long).
   */
  private void onAcknowledgement(long sequence) {
    long now = System.nanoTime();
    long[] last = null;
    synchronized (unacknowledged) {
      while (!unacknowledged.isEmpty() && unacknowledged.peekFirst()[0] <= sequence) {
        last = unacknowledged.pollFirst();
      }
    }
    acksTotal++;
    if (last != null && run.inWindow(now)) ackDelayMicros.add((now - last[1]) / 1000);
  }

  /** A growable list of longs (one per send: no boxing). */
  static final class LongList {
    private long[] values = new long[256];
    private int size;

    synchronized void add(long v) {
      if (size == values.length) values = java.util.Arrays.copyOf(values, size * 2);
      values[size++] = v;
    }

    synchronized long[] toArray() {
      return java.util.Arrays.copyOf(values, size);
    }

    synchronized int size() {
      return size;
    }
  }
}
