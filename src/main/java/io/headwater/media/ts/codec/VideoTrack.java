package io.headwater.media.ts.codec;

import io.headwater.media.Codec;
import io.headwater.media.CodecConfig;
import io.headwater.media.MediaFrame;
import io.headwater.media.MediaItem;
import io.headwater.media.flv.codec.AvcDecoderConfig;
import io.headwater.media.flv.codec.FlvCodecException;
import io.headwater.media.flv.codec.HevcDecoderConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns the access units of an H.264 (stream_type 0x1B) or HEVC (0x24) elementary stream, one per PES packet, into
 * media items. Parameter sets travel in band in MPEG-TS; they are taken out of the frames and collected into the
 * track's decoder configuration record, which is emitted before the first frame and again before the first frame
 * after it changes. When an access unit carries parameter sets of one kind (VPS, SPS or PPS), they replace that
 * kind's earlier ones. Access unit delimiters and filler data go too; SEI and everything else stay. Frames are
 * dropped until a keyframe (IDR, or IRAP for HEVC) arrives with a configuration known.
 */
final class VideoTrack {
  private final Codec codec;
  private final DemuxCounters counters;
  private List<byte[]> vps = List.of();
  private List<byte[]> sps = List.of();
  private List<byte[]> pps = List.of();
  private CodecConfig config;
  private boolean configPending;
  private boolean started;

  VideoTrack(Codec codec, DemuxCounters counters) {
    this.codec = codec;
    this.counters = counters;
  }

  Codec codec() {
    return codec;
  }

  /** One access unit in Annex B form with its timestamps in media ticks. */
  void accessUnit(long dts, long pts, byte[] annexB, List<MediaItem> out) {
    List<byte[]> newVps = new ArrayList<>();
    List<byte[]> newSps = new ArrayList<>();
    List<byte[]> newPps = new ArrayList<>();
    List<byte[]> kept = new ArrayList<>();
    boolean keyframe = false;
    for (byte[] nal : AnnexB.split(annexB, 0, annexB.length)) {
      int type = AnnexB.type(codec, nal);
      if (codec == Codec.HEVC) {
        switch (type) {
          case AnnexB.HEVC_VPS -> newVps.add(nal);
          case AnnexB.HEVC_SPS -> newSps.add(nal);
          case AnnexB.HEVC_PPS -> newPps.add(nal);
          case AnnexB.HEVC_AUD, AnnexB.HEVC_FILLER -> { }
          default -> {
            keyframe |= type >= AnnexB.HEVC_IRAP_FIRST && type <= AnnexB.HEVC_IRAP_LAST;
            kept.add(nal);
          }
        }
      } else {
        switch (type) {
          case AnnexB.H264_SPS -> newSps.add(nal);
          case AnnexB.H264_PPS -> newPps.add(nal);
          case AnnexB.H264_AUD, AnnexB.H264_FILLER -> { }
          default -> {
            keyframe |= type == AnnexB.H264_IDR;
            kept.add(nal);
          }
        }
      }
    }
    updateConfig(newVps, newSps, newPps);
    if (kept.isEmpty()) {
      return; // parameter sets alone, or an empty access unit: no picture
    }
    if (config == null || !started && !keyframe || dts < 0 || pts < 0) {
      counters.droppedFrames++;
      return;
    }
    started = true;
    if (configPending) {
      out.add(config);
      configPending = false;
    }
    out.add(new MediaFrame(codec, dts, pts, keyframe, AnnexB.lengthPrefixed(kept)));
    counters.frames++;
  }

  private void updateConfig(List<byte[]> newVps, List<byte[]> newSps, List<byte[]> newPps) {
    boolean changed = false;
    if (!newVps.isEmpty() && !same(vps, newVps)) {
      vps = newVps;
      changed = true;
    }
    if (!newSps.isEmpty() && !same(sps, newSps)) {
      sps = newSps;
      changed = true;
    }
    if (!newPps.isEmpty() && !same(pps, newPps)) {
      pps = newPps;
      changed = true;
    }
    if (!changed || sps.isEmpty() || pps.isEmpty() || codec == Codec.HEVC && vps.isEmpty()) {
      return;
    }
    try {
      CodecConfig built =
          codec == Codec.HEVC ? HevcDecoderConfig.build(vps, sps, pps) : AvcDecoderConfig.build(sps, pps);
      if (!built.equals(config)) {
        config = built;
        configPending = true;
      }
    } catch (FlvCodecException e) {
      counters.badParameterSets++; // the previous configuration, if any, stays in force
    }
  }

  private static boolean same(List<byte[]> a, List<byte[]> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!Arrays.equals(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }
}
