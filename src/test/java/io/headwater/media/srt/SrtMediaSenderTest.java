package io.headwater.media.srt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.headwater.media.Codec;
import io.headwater.media.CodecConfig;
import io.headwater.media.MediaFrame;
import io.headwater.media.MediaItem;
import io.headwater.media.srt.codec.Ack;
import io.headwater.media.srt.codec.ControlBody;
import io.headwater.media.srt.codec.ControlPacket;
import io.headwater.media.srt.codec.DataPacket;
import io.headwater.media.srt.codec.SrtPacket;
import io.headwater.media.ts.codec.TsDemuxer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/**
 * The connected sending side on a fake clock and feed: media is pulled only while the send buffer has room
 * (so a stalled receiver leaves the hub's queue to fill and skip to the next keyframe), arrives as MPEG-TS in
 * payloads of at most seven TS packets, and the end of the stream gives what is in flight its latency before
 * the SHUTDOWN.
 */
class SrtMediaSenderTest {
  private static final long EPOCH_US = 1_000_000;
  private static final long LATENCY_US = 120_000;
  private static final CodecConfig AAC = new CodecConfig(Codec.AAC, new byte[] {0x11, (byte) 0x90}, 0, 0, 48000, 2,
      "mp4a.40.2");

  private final List<byte[]> sent = new ArrayList<>();
  private final List<CompletableFuture<Optional<MediaItem>>> pulls = new ArrayList<>();
  private String closedWith;
  private boolean streamEnded;
  private long now = EPOCH_US;
  private int frames;

  private final SrtMediaSender.Owner owner = new SrtMediaSender.Owner() {
    @Override
    public void send(byte[] datagram) {
      sent.add(datagram);
    }

    @Override
    public Executor loop() {
      return Runnable::run;
    }

    @Override
    public long now() {
      return now;
    }

    @Override
    public void closed(String reason, boolean ended, SrtSenderStats stats) {
      closedWith = reason;
      streamEnded = ended;
    }
  };

  private final MediaFeed feed = new MediaFeed() {
    @Override
    public CompletionStage<Optional<MediaItem>> pull() {
      CompletableFuture<Optional<MediaItem>> pull = new CompletableFuture<>();
      pulls.add(pull);
      return pull;
    }

    @Override
    public void cancel() {}
  };

  /** A receiver whose flow window admits two packets in flight. */
  private final SrtMediaSender media = new SrtMediaSender(owner, 100, 0x4242, LATENCY_US, 2, 8192, null, EPOCH_US,
      5_000_000, feed);

  /** Answers the outstanding pull with an AAC frame of about ten TS packets. */
  private void answer(MediaItem item) {
    pulls.get(pulls.size() - 1).complete(Optional.ofNullable(item));
  }

  private MediaFrame frame() {
    return new MediaFrame(Codec.AAC, 90_000 + frames++ * 1920L, 90_000 + (frames - 1) * 1920L, true, new byte[1700]);
  }

  private List<DataPacket> data() {
    return sent.stream().filter(b -> (b[0] & 0x80) == 0).map(b -> (DataPacket) SrtPacket.decode(b)).toList();
  }

  @Test
  void aStalledReceiverStopsThePullsSoTheHubSkipsForIt() {
    media.start();
    answer(AAC);
    int before;
    do {
      before = pulls.size();
      now += 1_000;
      answer(frame());
    } while (pulls.size() > before && pulls.size() < 1000);
    assertTrue(pulls.size() < 1000, "the pulls stop");
    assertEquals(2, data().size(), "two packets in flight, the rest wait");
    int pulled = pulls.size();
    for (int i = 0; i < 10; i++) {
      now += 10_000;
      media.tick(now);
    }
    assertEquals(pulled, pulls.size(), "no pull while the backlog stands, whatever the timers do");

    // The receiver takes everything again: the backlog drains and the pulls resume.
    for (int i = 0; i < 30; i++) {
      media.onPacket(new ControlPacket(0, 0x4242, new Ack.Full(i + 1, data().get(data().size() - 1).sequenceNumber() + 1,
          1_000, 500, 8192, 100, 1000, 100_000)), now);
      now += 2_000;
      media.tick(now);
    }
    assertTrue(pulls.size() > pulled, "pulling again once there is room");
  }

  @Test
  void theStreamArrivesAsMpegTsInSevenPacketPayloadsAndTheEndWaitsForWhatIsInFlight() throws Exception {
    SrtMediaSender roomy = new SrtMediaSender(owner, 100, 0x4242, LATENCY_US, 8192, 8192, null, EPOCH_US, 5_000_000, feed);
    roomy.start();
    answer(AAC);
    for (int i = 0; i < 20; i++) {
      now += 20_000;
      answer(frame());
      roomy.tick(now);
    }
    answer(null); // the publish ended
    assertEquals(null, closedWith, "what is in flight gets its chance first");
    now += LATENCY_US;
    roomy.tick(now);
    assertEquals("the publisher ended", closedWith);
    assertTrue(streamEnded);
    assertInstanceOf(ControlBody.Shutdown.class, ((ControlPacket) SrtPacket.decode(sent.get(sent.size() - 1))).body());

    TsDemuxer demuxer = new TsDemuxer();
    List<MediaItem> items = new ArrayList<>();
    for (DataPacket d : data()) {
      assertTrue(d.payload().length % 188 == 0 && d.payload().length <= SrtMediaSender.PAYLOAD_BYTES, d.toString());
      items.addAll(demuxer.feed(d.payload()));
    }
    items.addAll(demuxer.flush());
    assertEquals(20, items.stream().filter(MediaFrame.class::isInstance).count(), "every frame demuxes back");
    assertEquals(0, demuxer.stats().continuityErrors());
  }
}
