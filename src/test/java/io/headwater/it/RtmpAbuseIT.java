package io.headwater.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.headwater.HeadwaterNode;
import io.headwater.media.MediaFrame;
import io.headwater.media.MediaItem;
import io.headwater.media.hub.StreamHub;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * More than 200 malformed sessions replayed against a running RTMP server while a canary encoder
 * publishes: every bad connection is closed within its timeout + 1 s, the server survives all of them,
 * and the canary's frames arrive without a gap.
 */
class RtmpAbuseIT {
  private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration NO_MEDIA_TIMEOUT = Duration.ofSeconds(3);
  private static HeadwaterNode node;
  private static ApiClient api;
  private static int rtmpPort;
  private static Path logs;

  @BeforeAll
  static void startNode() throws Exception {
    TestNodes.Started started = TestNodes.startWithApi("abuse", settings -> {
      settings.put("headwater.rtmp.handshake-timeout", HANDSHAKE_TIMEOUT.toMillis() + "ms");
      settings.put("headwater.rtmp.no-media-timeout", NO_MEDIA_TIMEOUT.toMillis() + "ms");
      settings.put("headwater.rtmp.max-connections-per-ip", 1000);
      settings.put("headwater.rtmp.max-bad-keys-per-ip-per-minute", 1000);
    });
    node = started.node();
    api = started.api();
    logs = started.logs();
    rtmpPort = started.rtmpPort();
  }

  @AfterAll
  static void stopNode() {
    if (node != null) node.stop();
  }

  @Test
  void everyMalformedSessionIsClosedInTimeAndTheCanaryStreamsOn() throws Exception {
    JsonNode input = api.post(api.inputs(), "{\"meta\":{\"name\":\"canary\"}}").result();
    String uid = input.get("uid").asText();
    Process canary = Ffmpeg.publishFlv("rtmp://127.0.0.1:" + rtmpPort + "/live/" + input.at("/rtmps/streamKey").asText(),
        40, logs.resolve("canary.log"));
    try {
      StreamHub hub = awaitHub(uid);
      var frames = hub.subscribe("canary-check").takeWithin(Duration.ofSeconds(25)).runWith(Sink.seq(), node.system());

      List<RtmpAbuseCorpus.Case> corpus = RtmpAbuseCorpus.all();
      assertTrue(corpus.size() >= 200, "corpus has " + corpus.size() + " cases");
      List<String> failures = AbuseRuns.replayAll(corpus, 48, RtmpAbuseIT::replay);
      assertEquals(List.of(), failures);

      List<MediaItem> received = frames.toCompletableFuture().get(40, TimeUnit.SECONDS);
      List<MediaFrame> video = AbuseRuns.video(received);
      assertTrue(video.size() > 400, "canary frames in 25 s: " + video.size());
      long worstGapMillis = AbuseRuns.worstGapMillis(video);
      assertTrue(worstGapMillis <= 100, "the canary's largest gap between frames was " + worstGapMillis + " ms");
      assertEquals(0, hub.stats().consumers().stream().mapToLong(c -> c.dropped()).sum(), "the canary's consumer never fell behind");
      assertTrue(canary.isAlive(), "the canary is still connected");
      assertEquals(200, api.get("/healthz").status());
      System.out.println("abuse corpus: " + corpus.size() + " cases; canary worst gap " + worstGapMillis + " ms");
    } finally {
      canary.destroyForcibly();
    }
  }

  /** Plays one case; null when the server closed the connection in time, else what went wrong. */
  private static String replay(RtmpAbuseCorpus.Case c) {
    Duration allowed = switch (c.ends()) {
      case PROMPTLY -> Duration.ofSeconds(1);
      case HANDSHAKE_TIMEOUT -> HANDSHAKE_TIMEOUT.plusSeconds(1);
      case NO_MEDIA_TIMEOUT -> NO_MEDIA_TIMEOUT.plusSeconds(1);
    };
    // A case that closes promptly may also be ended by a timeout (e.g. garbage read as a partial
    // header): none may outlive the longest timeout that applies to it plus one second.
    Duration limit = c.ends() == RtmpAbuseCorpus.Ends.PROMPTLY ? NO_MEDIA_TIMEOUT.plusSeconds(1) : allowed;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", rtmpPort), 2000);
      socket.setSoTimeout((int) limit.plusSeconds(2).toMillis());
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      if (c.handshake()) handshake(out, in);
      Instant sent = Instant.now();
      try {
        out.write(c.script());
        out.flush();
      } catch (IOException closedWhileWriting) {
        return null; // the server closed on the bytes already read: fine
      }
      byte[] sink = new byte[8192];
      try {
        while (in.read(sink) >= 0) {
          // Replies (onStatus and the like) are allowed; we wait for the close.
        }
      } catch (SocketTimeoutException e) {
        return c.name() + ": still open after " + limit.plusSeconds(2).toMillis() + " ms";
      } catch (IOException reset) {
        // A reset is a close too.
      }
      long took = Duration.between(sent, Instant.now()).toMillis();
      return took <= limit.toMillis() ? null : c.name() + ": closed after " + took + " ms, allowed " + limit.toMillis();
    } catch (IOException e) {
      return c.name() + ": " + e;
    }
  }

  private static void handshake(OutputStream out, InputStream in) throws IOException {
    byte[] c0c1 = new byte[1537];
    c0c1[0] = 3;
    out.write(c0c1);
    out.flush();
    byte[] s0s1s2 = in.readNBytes(3073);
    if (s0s1s2.length != 3073) throw new IOException("short S0+S1+S2: " + s0s1s2.length);
    out.write(s0s1s2, 1, 1536); // C2 echoes S1
    out.flush();
  }

  private static StreamHub awaitHub(String uid) throws InterruptedException {
    return Await.value("the canary goes live", Duration.ofSeconds(20), () -> node.hubs().find(uid));
  }
}
