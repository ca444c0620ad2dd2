package io.headwater.media.ts.codec;

import io.headwater.media.Codec;
import io.headwater.media.CodecConfig;
import io.headwater.media.MediaFrame;
import io.headwater.media.MediaItem;
import io.headwater.media.Timebase;
import io.headwater.media.flv.codec.AvcDecoderConfig;
import io.headwater.media.flv.codec.FlvCodecException;
import io.headwater.media.flv.codec.HevcDecoderConfig;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Multiplexes the media model into one MPEG-TS program (ISO/IEC 13818-1) for SRT outputs and SRT pull playback:
 * H.264 or HEVC video on PID 0x100 and AAC audio on PID 0x101, ADTS-framed. A pusher creates one per connection
 * and hands it every configuration and frame in order; each call returns whole 188-byte packets, possibly none.
 * Not thread-safe.
 *
 * <p>PAT and PMT go out before the first frame, before every video keyframe and at least every 100 ms of stream
 * time; the PMT's version changes when the tracks do. The PCR rides on the video PID (the audio PID without video),
 * {@link #PCR_DELAY} behind the dts, in the first packet of each PES packet and in a packet of its own when a frame
 * of the other track finds it older than {@link #PCR_INTERVAL}. Video frames become Annex B access units that start
 * with an access unit delimiter, keyframes with the configuration's parameter sets after it; audio frames get an
 * ADTS header each. Each frame is one PES packet with its PTS, and its DTS when different. Timestamps are written as
 * they are (modulo 2^33) unless the first frame's dts is below {@link #PCR_DELAY}, in which case all are shifted by
 * the same amount so that no PCR is negative.
 */
public final class TsMuxer {
  public static final int PMT_PID = 0x1000;
  public static final int VIDEO_PID = 0x100;
  public static final int AUDIO_PID = 0x101;
  public static final int PROGRAM_NUMBER = 1;
  /** How far the PCR runs behind the dts: the decoder's buffering time, as FFmpeg's mpegts muxer (max_delay). */
  public static final long PCR_DELAY = 700 * 90L;
  /** 13818-1 2.7.2 wants a PCR at least every 100 ms; this leaves room for jitter. */
  public static final long PCR_INTERVAL = 50 * 90L;
  /** PAT and PMT repeat at least this often in stream time (ticks). */
  public static final long TABLE_INTERVAL = Timebase.TICKS_PER_SECOND / 10;

  private static final int TRANSPORT_STREAM_ID = 1;
  private static final byte[] H264_AUD = {0x09, (byte) 0xf0}; // primary_pic_type 7: any slice type
  private static final byte[] HEVC_AUD = {0x46, 0x01, 0x50}; // nal_unit_type 35, TemporalId 0, pic_type 2

  private final PacketWriter packets = new PacketWriter();
  private CodecConfig video;
  private CodecConfig audio;
  private List<byte[]> parameterSets = List.of();
  private Adts.Header adts;
  private int pmtVersion = -1;
  private boolean tablesChanged = true;
  private long lastTables;
  private long lastPcr = PacketWriter.NO_PCR;
  private long shift = -1;

  /**
   * The packets for one item: none for a configuration or stream metadata, the frame's PES packet and whatever
   * tables and PCR are due before it for a frame.
   *
   * @throws TsFormatException for a codec other than H.264, HEVC or AAC; a configuration whose parameter sets or
   *     audio fields cannot be read; a frame before its track's configuration, or with malformed NAL unit lengths;
   *     an AAC frame too long for ADTS. The muxer stays usable: nothing was written for the item.
   */
  public byte[] write(MediaItem item) throws TsFormatException {
    if (item instanceof CodecConfig config) {
      configure(config);
      return new byte[0];
    }
    if (item instanceof MediaFrame frame) {
      return frame(frame);
    }
    return new byte[0];
  }

  private void configure(CodecConfig config) throws TsFormatException {
    switch (config.codec()) {
      case H264, HEVC -> {
        List<byte[]> sets;
        try {
          sets = config.codec() == Codec.H264 ? AvcDecoderConfig.parameterSets(config.decoderConfig())
              : HevcDecoderConfig.parameterSets(config.decoderConfig());
        } catch (FlvCodecException e) {
          throw new TsFormatException(config.codec() + " configuration: " + e.getMessage());
        }
        tablesChanged |= video == null || video.codec() != config.codec();
        video = config;
        parameterSets = sets;
      }
      case AAC -> {
        adts = Adts.forConfig(config.decoderConfig());
        tablesChanged |= audio == null;
        audio = config;
      }
      default -> throw new TsFormatException(config.codec() + " cannot be carried in MPEG-TS here; only H.264, HEVC"
          + " and AAC");
    }
  }

  private byte[] frame(MediaFrame frame) throws TsFormatException {
    boolean isVideo = frame.codec() == Codec.H264 || frame.codec() == Codec.HEVC;
    CodecConfig config = isVideo ? video : frame.codec() == Codec.AAC ? audio : null;
    if (config == null || config.codec() != frame.codec()) {
      throw new TsFormatException(frame.codec() + " frame without a " + frame.codec() + " configuration before it");
    }
    byte[] payload = isVideo ? annexB(frame) : adts(frame);
    if (shift < 0) {
      shift = Math.max(0, PCR_DELAY - frame.dts());
    }
    long dts = frame.dts() + shift;
    long pts = frame.pts() + shift;
    ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 4 * PacketWriter.PACKET_SIZE);
    if (tablesChanged || isVideo && frame.keyframe() || dts - lastTables >= TABLE_INTERVAL) {
      tables(out);
      lastTables = dts;
    }
    boolean carriesPcr = isVideo || video == null;
    long pcr = Math.max(lastPcr, dts - PCR_DELAY);
    if (!carriesPcr && pcr - lastPcr >= PCR_INTERVAL) {
      packets.pcr(out, VIDEO_PID, pcr);
      lastPcr = pcr;
    }
    if (carriesPcr) {
      lastPcr = pcr;
    }
    byte[] pes = Pes.encode(isVideo ? Pes.VIDEO_STREAM_ID : Pes.AUDIO_STREAM_ID, pts, dts, payload);
    packets.pes(out, isVideo ? VIDEO_PID : AUDIO_PID, pes, carriesPcr ? pcr : PacketWriter.NO_PCR, frame.keyframe());
    return out.toByteArray();
  }

  private void tables(ByteArrayOutputStream out) {
    if (tablesChanged) {
      pmtVersion = pmtVersion + 1 & 0x1f;
      tablesChanged = false;
    }
    List<Psi.Stream> streams = new ArrayList<>();
    if (video != null) {
      int type = video.codec() == Codec.HEVC ? TsDemuxer.STREAM_TYPE_HEVC : TsDemuxer.STREAM_TYPE_H264;
      streams.add(new Psi.Stream(type, VIDEO_PID));
    }
    if (audio != null) {
      streams.add(new Psi.Stream(TsDemuxer.STREAM_TYPE_AAC_ADTS, AUDIO_PID));
    }
    int pcrPid = video != null ? VIDEO_PID : AUDIO_PID;
    packets.section(out, Psi.PAT_PID, Psi.pat(TRANSPORT_STREAM_ID, PROGRAM_NUMBER, PMT_PID));
    packets.section(out, PMT_PID, Psi.pmt(new Psi.ProgramMap(PROGRAM_NUMBER, pmtVersion, pcrPid, streams)));
  }

  /**
   * The access unit in Annex B form: a delimiter, the parameter sets on a keyframe that does not bring its own,
   * then the frame's NAL units less any delimiter of its own.
   */
  private byte[] annexB(MediaFrame frame) throws TsFormatException {
    Codec codec = frame.codec();
    List<byte[]> nalUnits = AnnexB.fromLengthPrefixed(codec, frame.data());
    int spsType = codec == Codec.HEVC ? AnnexB.HEVC_SPS : AnnexB.H264_SPS;
    boolean ownParameterSets = nalUnits.stream().anyMatch(n -> AnnexB.type(codec, n) == spsType);
    ByteArrayOutputStream out = new ByteArrayOutputStream(frame.data().length + 256);
    AnnexB.write(out, codec == Codec.HEVC ? HEVC_AUD : H264_AUD);
    if (frame.keyframe() && !ownParameterSets) {
      parameterSets.forEach(nal -> AnnexB.write(out, nal));
    }
    for (byte[] nal : nalUnits) {
      if (!AnnexB.isAccessUnitDelimiter(codec, AnnexB.type(codec, nal))) {
        AnnexB.write(out, nal);
      }
    }
    return out.toByteArray();
  }

  private byte[] adts(MediaFrame frame) throws TsFormatException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(frame.data().length + Adts.HEADER_LENGTH);
    Adts.write(out, adts, frame.data());
    return out.toByteArray();
  }
}
