package io.headwater.media.transcode;

import io.headwater.media.Codec;
import io.headwater.media.CodecConfig;
import io.headwater.media.MediaFrame;
import io.headwater.media.MediaItem;
import io.headwater.media.MediaKind;
import io.headwater.media.StreamMetadata;
import io.headwater.media.Timebase;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One publish's ladder: decodes the source video once and scales and encodes every picture into each rung
 * strictly below the source, with the source's audio passed through. Owns the decoder and the rung
 * encoders and closes them in {@link #close()}; single-threaded (one stream stage drives it).
 *
 * <p>Timing, so that the HLS packager cuts every rung exactly where it cuts the source:
 * <ul>
 *   <li>A rung picture keeps its source picture's presentation time; its decode time is that minus the
 *       source's decode delay (its first keyframe's pts - dts), so a rung keyframe's decode time equals the
 *       source keyframe's, and the packager rebases both renditions alike.
 *   <li>A rung keyframe is forced on the picture of every source keyframe (or the first picture after one
 *       that could not be decoded), and only there.
 *   <li>Source keyframes the {@link LagGate} dropped become repeats of the last picture as keyframes.
 * </ul>
 * A source that the decoder keeps rejecting fails with a {@link TranscodeException}; a single bad frame
 * only skips to the next keyframe.
 */
final class Transcoder implements AutoCloseable {
  /** Rejected frames in a row, or frames without any picture at the start, after which the source counts as undecodable. */
  static final int MAX_BAD_FRAMES = 60;
  /** Audio without a video configuration for this long (90 kHz) makes an audio-only stream. */
  static final long AUDIO_ONLY_AFTER = 10L * Timebase.TICKS_PER_SECOND;

  private static final Logger log = LoggerFactory.getLogger(Transcoder.class);

  private final TranscodeSettings settings;
  private final String label;
  private final AudioInterleave audio = new AudioInterleave();
  private final ArrayDeque<Long> keyframes = new ArrayDeque<>();
  private final List<RungItem> out = new ArrayList<>();
  private CodecConfig videoConfig;
  private CodecConfig audioConfig;
  private double frameRate = 30;
  private VideoDecoder decoder;
  private RungEncoder[] encoders;
  private boolean noRung;
  private boolean delayKnown;
  private long decodeDelay;
  private long lastPts = Long.MIN_VALUE;
  private long firstAudioDts = Long.MIN_VALUE;
  private boolean skipping;
  private int badInARow;
  private long framesSinceStart;
  private long pictures;
  private long undecodable;
  private boolean closed;

  /** @param label names the stream in log lines ("live input …") */
  Transcoder(TranscodeSettings settings, String label) {
    this.settings = settings;
    this.label = label;
  }

  /** Whether it knows already that this source gets no rung (too small, or no video): its stream may end. */
  boolean idle() {
    return noRung;
  }

  /** The rung items {@code work} produces, in order. */
  List<RungItem> accept(Work work) {
    out.clear();
    if (noRung) return List.of();
    MediaItem item = work.item();
    if (work.skipped()) {
      skippedKeyframe((MediaFrame) item);
    } else if (item instanceof CodecConfig c) {
      config(c);
    } else if (item instanceof StreamMetadata m) {
      if (m.values().get("framerate") instanceof Number n && n.doubleValue() > 0 && n.doubleValue() <= 240) {
        frameRate = n.doubleValue();
      }
    } else if (item instanceof MediaFrame f) {
      if (f.kind() == MediaKind.VIDEO) video(f);
      else audioFrame(f);
    }
    return List.copyOf(out);
  }

  /** The source ended: what the decoder and encoders still hold, then the audio held back. */
  List<RungItem> finish() {
    out.clear();
    if (decoder != null) decoder.drain(this::picture);
    if (encoders != null) {
      for (int i = 0; i < encoders.length; i++) {
        int rung = i;
        if (encoders[i] != null) encoders[i].flush(e -> emitVideo(rung, e));
      }
    }
    audio.flush(this::emitAudio);
    return List.copyOf(out);
  }

  private void config(CodecConfig c) {
    if (c.kind() == MediaKind.AUDIO) {
      if (c.equals(audioConfig)) return;
      audioConfig = c;
      // A rung announces its audio configuration when it begins; a change reaches the rungs begun already.
      if (encoders != null) forEachRung(rung -> out.add(new RungItem(rung, c)));
      return;
    }
    if (c.equals(videoConfig)) return;
    if (c.width() > 0 && c.height() > 0 && LadderPlan.sizes(settings.ladder(), c.width(), c.height()).isEmpty()
        && encoders == null) {
      noRungFor(c.width(), c.height());
      return;
    }
    if (decoder != null) {
      decoder.drain(this::picture);
      decoder.close();
      decoder = null;
    }
    videoConfig = c;
    if (VideoDecoder.decodes(c.codec())) FfmpegLibraries.load();
    decoder = VideoDecoder.open(c, settings.codecThreads());
    skipping = true; // a new configuration starts at its keyframe
  }

  private void audioFrame(MediaFrame frame) {
    if (videoConfig == null) {
      // No video announced for this long: an audio-only stream, which gets no rung.
      if (firstAudioDts == Long.MIN_VALUE) firstAudioDts = frame.dts();
      else if (frame.dts() - firstAudioDts > AUDIO_ONLY_AFTER) noRung = true;
      return;
    }
    audio.audio(frame, this::emitAudio);
  }

  private void video(MediaFrame frame) {
    if (decoder == null || frame.codec() != videoConfig.codec()) return;
    if (framesSinceStart > 0 || frame.keyframe()) framesSinceStart++;
    if (pictures == 0 && framesSinceStart > MAX_BAD_FRAMES) {
      throw new TranscodeException("the " + name(videoConfig.codec()) + " source cannot be decoded: no picture from "
          + MAX_BAD_FRAMES + " frames");
    }
    if (skipping && !frame.keyframe()) {
      undecodable++;
      return;
    }
    if (frame.keyframe()) {
      skipping = false;
      keyframes.addLast(frame.pts());
      if (!delayKnown) {
        decodeDelay = frame.pts() - frame.dts();
        delayKnown = true;
      }
    }
    int rc = decoder.decode(frame, this::picture);
    if (rc >= 0) {
      badInARow = 0;
      return;
    }
    undecodable++;
    skipping = true;
    if (++badInARow >= MAX_BAD_FRAMES) {
      throw new TranscodeException("the " + name(videoConfig.codec()) + " source cannot be decoded: "
          + FfmpegLibraries.error(rc));
    }
  }

  private void skippedKeyframe(MediaFrame keyframe) {
    if (decoder == null) return;
    // Pictures the decoder still holds come before the mark (the first picture, too, which opens the rungs),
    // and whatever it held of the skipped GOP is gone.
    decoder.drain(this::picture);
    if (encoders == null) return;
    keyframes.clear();
    skipping = true;
    long pts = keyframe.pts();
    if (pts <= lastPts) return;
    audio.beforeVideo(pts - decodeDelay, this::emitAudio);
    lastPts = pts;
    forEachRung(rung -> encoders[rung].repeatAsKeyframe(pts, e -> emitVideo(rung, e)));
  }

  /** One decoded picture: every rung gets it, as a keyframe where the source has one. */
  private void picture(AVFrame picture) {
    long pts = picture.pts();
    if (pts <= lastPts) return; // never back in time, whatever the decoder hands out
    if (encoders == null && !plan(picture.width(), picture.height())) return;
    pictures++;
    boolean keyframe = pictures == 1;
    while (!keyframes.isEmpty() && keyframes.peekFirst() <= pts) {
      keyframes.pollFirst();
      keyframe = true;
    }
    lastPts = pts;
    audio.beforeVideo(pts - decodeDelay, this::emitAudio);
    boolean key = keyframe;
    forEachRung(rung -> encoders[rung].encode(picture, pts, key, e -> emitVideo(rung, e)));
  }

  /** Opens the encoders of the rungs below a source of this size, which announce their configurations. */
  private boolean plan(int width, int height) {
    List<LadderPlan.Size> sizes = LadderPlan.sizes(settings.ladder(), width, height);
    if (sizes.isEmpty()) {
      noRungFor(width, height);
      return false;
    }
    FfmpegLibraries.load();
    encoders = new RungEncoder[settings.ladder().size()];
    for (LadderPlan.Size s : sizes) {
      encoders[s.index()] = RungEncoder.open(s.width(), s.height(), settings.ladder().get(s.index()).videoKbps(),
          frameRate, settings.preset(), settings.codecThreads());
      out.add(new RungItem(s.index(), encoders[s.index()].config()));
      if (audioConfig != null) out.add(new RungItem(s.index(), audioConfig));
    }
    log.info("{}: transcoding the {}x{} source to {}", label, width, height,
        sizes.stream().map(s -> s.width() + "x" + s.height()).toList());
    return true;
  }

  private void noRungFor(int width, int height) {
    log.info("{}: no rung of the ladder is below the {}x{} source", label, width, height);
    noRung = true;
  }

  private void emitVideo(int rung, RungEncoder.Encoded e) {
    out.add(new RungItem(rung, new MediaFrame(Codec.H264, e.pts() - decodeDelay, e.pts(), e.keyframe(), e.data())));
  }

  private void emitAudio(MediaFrame frame) {
    forEachRung(rung -> out.add(new RungItem(rung, frame)));
  }

  private void forEachRung(java.util.function.IntConsumer action) {
    if (encoders == null) return;
    for (int i = 0; i < encoders.length; i++) if (encoders[i] != null) action.accept(i);
  }

  private static String name(Codec codec) {
    return codec == Codec.H264 ? "H.264" : codec == Codec.HEVC ? "HEVC" : codec.toString();
  }

  /** Frees the decoder and the encoders; safe to call again. */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    noRung = true; // nothing more is accepted
    if (pictures > 0 || undecodable > 0) {
      log.info("{}: transcoding ended after {} pictures ({} frames skipped as undecodable)", label, pictures, undecodable);
    }
    if (decoder != null) decoder.close();
    decoder = null;
    if (encoders != null) for (RungEncoder e : encoders) if (e != null) e.close();
  }
}
