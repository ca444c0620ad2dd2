package io.headwater.media.rtmp;

import io.headwater.media.CodecConfig;
import io.headwater.media.MediaFrame;
import io.headwater.media.MediaItem;
import io.headwater.media.MediaKind;
import io.headwater.media.Timebase;
import io.headwater.media.flv.codec.FlvCodecException;
import io.headwater.media.flv.codec.FlvTag;
import io.headwater.media.flv.codec.FlvTagEncoder;
import io.headwater.media.rtmp.codec.DataMessage;
import io.headwater.media.rtmp.codec.RtmpMessage;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The media-model stream as the RTMP messages of one outgoing stream, for every side of Headwater that
 * sends media over RTMP (restream pushers, pull viewers): {@code onMetaData} and the sequence headers before
 * the first frame, the headers again when they change, then FLV-tagged frames with timestamps from 0 (the first frame's
 * decode time), so every connection looks like a fresh stream. Codec configurations may arrive before
 * {@link #start}; they are remembered.
 */
public final class RtmpMediaWriter {
  private static final int AUDIO_CSID = 4;
  private static final int DATA_CSID = 5;
  private static final int VIDEO_CSID = 6;

  private final int messageStreamId;
  private final Map<MediaKind, CodecConfig> configs = new EnumMap<>(MediaKind.class);
  private boolean started;
  private boolean configsSent;
  private long firstDts = Long.MIN_VALUE;
  private long lastMillis;

  public RtmpMediaWriter(int messageStreamId) {
    this.messageStreamId = messageStreamId;
  }

  /** A writer for another message stream (known once createStream answered), keeping the configurations seen. */
  public RtmpMediaWriter forStream(int id) {
    RtmpMediaWriter w = new RtmpMediaWriter(id);
    w.configs.putAll(configs);
    return w;
  }

  /** Media may flow from now on; the metadata and configurations go out with the first frame. */
  public void start() {
    started = true;
  }

  /** Our onMetaData, from the configurations known at the first frame (the publisher's is not forwarded). */
  private RtmpMessage metadata() {
    Map<String, Object> meta = new LinkedHashMap<>();
    CodecConfig video = configs.get(MediaKind.VIDEO);
    CodecConfig audio = configs.get(MediaKind.AUDIO);
    if (video != null) {
      meta.put("width", (double) video.width());
      meta.put("height", (double) video.height());
    }
    if (audio != null) {
      meta.put("audiosamplerate", (double) audio.sampleRate());
      meta.put("stereo", audio.channels() > 1);
    }
    meta.put("encoder", "Headwater");
    byte[] body = new DataMessage(DataMessage.SET_DATA_FRAME, List.of(DataMessage.ON_META_DATA, meta)).encode();
    return new RtmpMessage(DATA_CSID, RtmpMessage.TYPE_DATA_AMF0, 0, messageStreamId, body);
  }

  /**
   * The messages for one item: none before {@link #start} (configurations are kept), none for what FLV
   * cannot carry. Metadata from the publisher is not forwarded; ours precedes the first frame.
   */
  public List<RtmpMessage> write(MediaItem item) {
    List<RtmpMessage> out = new ArrayList<>(2);
    if (item instanceof CodecConfig config) {
      CodecConfig previous = configs.put(config.kind(), config);
      if (configsSent && !config.equals(previous)) tag(out, config, lastMillis);
    } else if (item instanceof MediaFrame frame && started) {
      if (firstDts == Long.MIN_VALUE) firstDts = frame.dts();
      if (!configsSent) {
        out.add(metadata());
        configs.values().forEach(c -> tag(out, c, 0));
        configsSent = true;
      }
      try {
        FlvTag tag = FlvTagEncoder.encode(frame);
        lastMillis = Timebase.toMillis(Math.max(0, frame.dts() - firstDts));
        out.add(message(tag.type(), lastMillis, tag.body()));
      } catch (FlvCodecException e) {
        // A codec FLV cannot carry (never from our own ingest): the frame is skipped, not the connection.
      }
    }
    return out;
  }

  private void tag(List<RtmpMessage> out, CodecConfig config, long ms) {
    try {
      FlvTag tag = FlvTagEncoder.encode(config, ms);
      out.add(message(tag.type(), ms, tag.body()));
    } catch (FlvCodecException e) {
      // Not carried by FLV: that track's frames are skipped too.
    }
  }

  private RtmpMessage message(int type, long ms, byte[] body) {
    return new RtmpMessage(type == FlvTag.VIDEO ? VIDEO_CSID : AUDIO_CSID, type, ms & 0xFFFF_FFFFL, messageStreamId, body);
  }
}
