package io.headwater.media.transcode;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_I;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_NONE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BICUBIC;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import io.headwater.media.CodecConfig;
import io.headwater.media.Timebase;
import io.headwater.media.flv.codec.AvcDecoderConfig;
import io.headwater.media.flv.codec.FlvCodecException;
import io.headwater.media.ts.codec.AnnexB;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.DoublePointer;

/**
 * One rung's scaler and libx264 encoder: owns the scaling context, the scaled picture, the codec context
 * and its packet, and frees them in {@link #close()}. Keyframes come only where the caller forces them
 * (x264's own scene cuts and GOP limit are off), so a rung's segments can be cut where the source's are; no
 * B-frames, so decode time equals presentation time. Single-threaded.
 */
final class RungEncoder implements AutoCloseable {
  /** One encoded picture: 90 kHz presentation time and 4-byte length-prefixed NAL units. */
  record Encoded(long pts, boolean keyframe, byte[] data) {}

  private final int width;
  private final int height;
  private AVCodecContext context;
  private AVPacket packet;
  private AVFrame scaled;
  private SwsContext scaler;
  private CodecConfig config;
  private boolean hasPicture;

  private RungEncoder(int width, int height) {
    this.width = width;
    this.height = height;
  }

  /**
   * An encoder of {@code width}x{@code height} pictures at about {@code videoKbps}.
   *
   * @param frameRate the source's frame rate as far as known (x264 plans its rate control with it; timing
   *     itself follows the timestamps)
   */
  static RungEncoder open(int width, int height, int videoKbps, double frameRate, String preset, int threads) {
    RungEncoder e = new RungEncoder(width, height);
    try {
      AVCodec codec = avcodec_find_encoder_by_name("libx264");
      if (codec == null) throw new TranscodeException("FFmpeg has no libx264 encoder");
      e.context = avcodec_alloc_context3(codec);
      e.packet = av_packet_alloc();
      e.scaled = av_frame_alloc();
      if (e.context == null || e.packet == null || e.scaled == null) throw new TranscodeException("out of native memory");
      long bitrate = videoKbps * 1000L;
      e.context.width(width).height(height).pix_fmt(AV_PIX_FMT_YUV420P)
          .time_base(av_make_q(1, Timebase.TICKS_PER_SECOND))
          .framerate(av_make_q((int) Math.round(frameRate * 1000), 1000))
          .bit_rate(bitrate).rc_max_rate(bitrate * 3 / 2).rc_buffer_size((int) Math.min(Integer.MAX_VALUE, bitrate * 2))
          .gop_size(1 << 30).max_b_frames(0).thread_count(threads)
          .flags(e.context.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
      AVDictionary options = new AVDictionary(null);
      try {
        av_dict_set(options, "preset", preset, 0);
        av_dict_set(options, "tune", "zerolatency", 0);
        // Keyframes exactly where forced, as IDRs: the source's segment boundaries.
        av_dict_set(options, "forced-idr", "1", 0);
        av_dict_set(options, "x264-params", "keyint=infinite:scenecut=0:open-gop=0", 0);
        int rc = avcodec_open2(e.context, codec, options);
        if (rc < 0) throw new TranscodeException("libx264 refused " + width + "x" + height + ": " + FfmpegLibraries.error(rc));
      } finally {
        av_dict_free(options);
      }
      e.scaled.width(width).height(height).format(AV_PIX_FMT_YUV420P);
      int rc = av_frame_get_buffer(e.scaled, 0);
      if (rc < 0) throw new TranscodeException("no picture buffer: " + FfmpegLibraries.error(rc));
      e.config = avcConfig(e.context);
      return e;
    } catch (RuntimeException ex) {
      e.close();
      throw ex;
    }
  }

  /** The rung's decoder configuration (avcC from x264's SPS and PPS, its size and RFC 6381 codecs string). */
  CodecConfig config() {
    return config;
  }

  /** Scales {@code picture} to the rung and encodes it at {@code pts}, as an IDR when {@code keyframe}. */
  void encode(AVFrame picture, long pts, boolean keyframe, Consumer<Encoded> out) {
    scaler = sws_getCachedContext(scaler, picture.width(), picture.height(), picture.format(), width, height,
        AV_PIX_FMT_YUV420P, SWS_BICUBIC, null, null, (DoublePointer) null);
    if (scaler == null) {
      throw new TranscodeException("cannot scale " + picture.width() + "x" + picture.height() + " pictures of format "
          + picture.format());
    }
    // The encoder may still hold the previous picture's buffer; writing must not change it.
    check(av_frame_make_writable(scaled), "picture buffer");
    sws_scale(scaler, picture.data(), picture.linesize(), 0, picture.height(), scaled.data(), scaled.linesize());
    hasPicture = true;
    send(pts, keyframe, out);
  }

  /**
   * Encodes the last picture again as an IDR at {@code pts}: a rung that skipped source pictures to catch up
   * still has a keyframe where the source has one. Nothing happens before the first picture.
   */
  void repeatAsKeyframe(long pts, Consumer<Encoded> out) {
    if (!hasPicture) return;
    check(av_frame_make_writable(scaled), "picture buffer");
    send(pts, true, out);
  }

  /** Hands out what the encoder still holds; the encoder takes no more pictures after this. */
  void flush(Consumer<Encoded> out) {
    avcodec_send_frame(context, null);
    receive(out);
  }

  private void send(long pts, boolean keyframe, Consumer<Encoded> out) {
    scaled.pts(pts).pict_type(keyframe ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE);
    check(avcodec_send_frame(context, scaled), "libx264");
    receive(out);
  }

  private void receive(Consumer<Encoded> out) {
    while (true) {
      int rc = avcodec_receive_packet(context, packet);
      if (rc == FfmpegLibraries.EAGAIN || rc == AVERROR_EOF) return;
      check(rc, "libx264");
      try {
        byte[] annexB = new byte[packet.size()];
        packet.data().get(annexB);
        out.accept(new Encoded(packet.pts(), (packet.flags() & AV_PKT_FLAG_KEY) != 0,
            AnnexB.lengthPrefixed(AnnexB.split(annexB))));
      } finally {
        av_packet_unref(packet);
      }
    }
  }

  /** x264 with a global header puts SPS and PPS (Annex B) in the extradata. */
  private static CodecConfig avcConfig(AVCodecContext context) {
    byte[] extradata = new byte[context.extradata_size()];
    context.extradata().get(extradata);
    List<byte[]> sps = new ArrayList<>();
    List<byte[]> pps = new ArrayList<>();
    for (byte[] nal : AnnexB.split(extradata)) {
      int type = nal[0] & 0x1f;
      if (type == 7) sps.add(nal);
      else if (type == 8) pps.add(nal);
    }
    try {
      return AvcDecoderConfig.build(sps, pps);
    } catch (FlvCodecException e) {
      throw new TranscodeException("libx264's parameter sets do not form a configuration: " + e.getMessage(), e);
    }
  }

  private static void check(int rc, String what) {
    if (rc < 0) throw new TranscodeException(what + ": " + FfmpegLibraries.error(rc));
  }

  @Override
  public void close() {
    if (scaler != null) sws_freeContext(scaler);
    if (scaled != null) av_frame_free(scaled);
    if (packet != null) av_packet_free(packet);
    if (context != null) avcodec_free_context(context);
    scaler = null;
    scaled = null;
    packet = null;
    context = null;
  }
}
