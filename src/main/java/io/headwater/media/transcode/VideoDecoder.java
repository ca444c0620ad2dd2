package io.headwater.media.transcode;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_HEVC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_flush_buffers;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_mallocz;

import io.headwater.media.Codec;
import io.headwater.media.CodecConfig;
import io.headwater.media.MediaFrame;
import io.headwater.media.Timebase;
import java.util.function.Consumer;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;

/**
 * One source video track's FFmpeg decoder: owns its codec context, packet and picture, and frees them in
 * {@link #close()}. Takes our frames (length-prefixed NAL units, the decoder configuration record as
 * extradata, 90 kHz timestamps) and hands out pictures in presentation order. Single-threaded.
 */
final class VideoDecoder implements AutoCloseable {
  private AVCodecContext context;
  private AVPacket packet;
  private AVFrame picture;

  private VideoDecoder() {}

  /** Whether this transcoder decodes {@code codec}: the codecs encoders publish for a ladder. */
  static boolean decodes(Codec codec) {
    return codec == Codec.H264 || codec == Codec.HEVC;
  }

  /** A decoder for {@code config}'s track; throws {@link TranscodeException} when FFmpeg refuses it. */
  static VideoDecoder open(CodecConfig config, int threads) {
    if (!decodes(config.codec())) throw new TranscodeException(config.codec() + " sources are not transcoded");
    VideoDecoder d = new VideoDecoder();
    try {
      AVCodec codec = avcodec_find_decoder(config.codec() == Codec.H264 ? AV_CODEC_ID_H264 : AV_CODEC_ID_HEVC);
      if (codec == null) throw new TranscodeException("FFmpeg has no " + config.codec() + " decoder");
      d.context = avcodec_alloc_context3(codec);
      d.packet = av_packet_alloc();
      d.picture = av_frame_alloc();
      if (d.context == null || d.packet == null || d.picture == null) throw new TranscodeException("out of native memory");
      byte[] record = config.decoderConfig();
      // The context owns (and frees) its extradata, which must be av_malloc'ed with zeroed padding.
      BytePointer extradata = new BytePointer(av_mallocz(record.length + AV_INPUT_BUFFER_PADDING_SIZE));
      extradata.put(record);
      d.context.extradata(extradata).extradata_size(record.length);
      d.context.pkt_timebase(av_make_q(1, Timebase.TICKS_PER_SECOND));
      d.context.thread_count(threads);
      int rc = avcodec_open2(d.context, codec, (AVDictionary) null);
      if (rc < 0) {
        throw new TranscodeException("the " + config.codec() + " decoder refused the source's configuration: "
            + FfmpegLibraries.error(rc));
      }
      return d;
    } catch (RuntimeException e) {
      d.close();
      throw e;
    }
  }

  /**
   * Decodes one frame; {@code pictures} gets every picture now complete (valid only during the call).
   * Returns 0, or FFmpeg's negative error code when the decoder rejected the frame (the caller decides how
   * to recover).
   */
  int decode(MediaFrame frame, Consumer<AVFrame> pictures) {
    byte[] data = frame.data();
    int rc = av_new_packet(packet, data.length);
    if (rc < 0) return rc;
    packet.data().put(data);
    packet.pts(frame.pts()).dts(frame.dts());
    if (frame.keyframe()) packet.flags(packet.flags() | AV_PKT_FLAG_KEY);
    rc = avcodec_send_packet(context, packet);
    av_packet_unref(packet);
    int received = receive(pictures);
    return rc < 0 ? rc : Math.min(received, 0);
  }

  /** Hands out the pictures the decoder still holds (its reorder delay), then readies it for more frames. */
  void drain(Consumer<AVFrame> pictures) {
    avcodec_send_packet(context, null);
    receive(pictures);
    avcodec_flush_buffers(context);
  }

  /** Receives every available picture; returns 0 or a decode error. */
  private int receive(Consumer<AVFrame> pictures) {
    while (true) {
      int rc = avcodec_receive_frame(context, picture);
      if (rc == FfmpegLibraries.EAGAIN || rc == AVERROR_EOF) return 0;
      if (rc < 0) return rc;
      try {
        if (picture.pts() == AV_NOPTS_VALUE) picture.pts(picture.best_effort_timestamp());
        pictures.accept(picture);
      } finally {
        av_frame_unref(picture);
      }
    }
  }

  @Override
  public void close() {
    if (picture != null) av_frame_free(picture);
    if (packet != null) av_packet_free(packet);
    if (context != null) avcodec_free_context(context);
    picture = null;
    packet = null;
    context = null;
  }
}
