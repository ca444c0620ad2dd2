package io.headwater.media.flv.codec;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One FLV audio or video tag as RTMP carries it in a message: the tag type (= RTMP message type id), the
 * timestamp in milliseconds and the tag body, i.e. the FLV tag without its 11-byte tag header (E-RTMP v2,
 * "RTMP Message Format"). The body array is not copied; neither side writes to it.
 *
 * @param type {@link #AUDIO} or {@link #VIDEO}
 * @param timestampMs the RTMP/FLV timestamp, the dts of the media in it
 */
public record FlvTag(int type, long timestampMs, byte[] body) {
  public static final int AUDIO = 8;
  public static final int VIDEO = 9;

  @Override
  public boolean equals(Object o) {
    return o instanceof FlvTag t && type == t.type && timestampMs == t.timestampMs && Arrays.equals(body, t.body);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * type + Long.hashCode(timestampMs)) + Arrays.hashCode(body);
  }

  @Override
  public String toString() {
    return "FlvTag[" + (type == AUDIO ? "audio" : type == VIDEO ? "video" : "type " + type) + " " + timestampMs
        + "ms " + HexFormat.of().formatHex(body) + "]";
  }
}
