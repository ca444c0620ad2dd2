package io.headwater.media.rtmp.codec;

import java.util.Arrays;

/**
 * RTMP 7.1.7 User Control messages (type 4): a 16-bit event type and its event data. Servers send Stream
 * Begin after publish/play and Ping Request to probe; clients answer pings and set buffer lengths. Events
 * this codec does not model (FMS sends 31 and 32 for buffer empty/ready) decode as {@link Other}.
 */
public sealed interface UserControl extends ProtocolControl {
  int STREAM_BEGIN = 0;
  int STREAM_EOF = 1;
  int STREAM_DRY = 2;
  int SET_BUFFER_LENGTH = 3;
  int STREAM_IS_RECORDED = 4;
  int PING_REQUEST = 6;
  int PING_RESPONSE = 7;

  int eventType();

  /** The event data after the event type. */
  byte[] eventData();

  default int typeId() {
    return RtmpMessage.TYPE_USER_CONTROL;
  }

  default byte[] encode() {
    byte[] data = eventData();
    byte[] body = new byte[2 + data.length];
    WireBytes.putU16(body, 0, eventType());
    System.arraycopy(data, 0, body, 2, data.length);
    return body;
  }

  static UserControl decode(byte[] body) {
    if (body.length < 2) {
      throw new RtmpCodecException("user-control: body " + body.length + " bytes, expected at least 2");
    }
    int event = WireBytes.u16(body, 0);
    byte[] data = Arrays.copyOfRange(body, 2, body.length);
    return switch (event) {
      case STREAM_BEGIN -> new StreamBegin(streamId("stream-begin", data));
      case STREAM_EOF -> new StreamEof(streamId("stream-eof", data));
      case STREAM_DRY -> new StreamDry(streamId("stream-dry", data));
      case SET_BUFFER_LENGTH -> {
        WireBytes.requireLength("user-control set-buffer-length", data, 8);
        yield new SetBufferLength(WireBytes.s32(data, 0), WireBytes.u32(data, 4));
      }
      case STREAM_IS_RECORDED -> new StreamIsRecorded(streamId("stream-is-recorded", data));
      case PING_REQUEST -> new PingRequest(WireBytes.u32(u32Data("ping-request", data), 0));
      case PING_RESPONSE -> new PingResponse(WireBytes.u32(u32Data("ping-response", data), 0));
      default -> new Other(event, data);
    };
  }

  private static int streamId(String what, byte[] data) {
    return WireBytes.s32(u32Data(what, data), 0);
  }

  private static byte[] u32Data(String what, byte[] data) {
    WireBytes.requireLength("user-control " + what, data, 4);
    return data;
  }

  /** The server is ready to send or receive on a message stream. */
  record StreamBegin(int streamId) implements UserControl {
    public int eventType() {
      return STREAM_BEGIN;
    }

    public byte[] eventData() {
      return WireBytes.u32Body(streamId);
    }
  }

  /** Playback of a message stream has ended. */
  record StreamEof(int streamId) implements UserControl {
    public int eventType() {
      return STREAM_EOF;
    }

    public byte[] eventData() {
      return WireBytes.u32Body(streamId);
    }
  }

  /** A message stream has no more data for now. */
  record StreamDry(int streamId) implements UserControl {
    public int eventType() {
      return STREAM_DRY;
    }

    public byte[] eventData() {
      return WireBytes.u32Body(streamId);
    }
  }

  /** The client's buffer for a message stream, in milliseconds. */
  record SetBufferLength(int streamId, long bufferMillis) implements UserControl {
    public int eventType() {
      return SET_BUFFER_LENGTH;
    }

    public byte[] eventData() {
      byte[] data = new byte[8];
      WireBytes.putU32(data, 0, streamId);
      WireBytes.putU32(data, 4, bufferMillis);
      return data;
    }
  }

  /** The message stream is a recorded one. */
  record StreamIsRecorded(int streamId) implements UserControl {
    public int eventType() {
      return STREAM_IS_RECORDED;
    }

    public byte[] eventData() {
      return WireBytes.u32Body(streamId);
    }
  }

  /** A liveness probe; the peer answers with a {@link PingResponse} carrying the same timestamp. */
  record PingRequest(long timestamp) implements UserControl {
    public int eventType() {
      return PING_REQUEST;
    }

    public byte[] eventData() {
      return WireBytes.u32Body(timestamp);
    }

    public PingResponse response() {
      return new PingResponse(timestamp);
    }
  }

  /** The answer to a {@link PingRequest}. */
  record PingResponse(long timestamp) implements UserControl {
    public int eventType() {
      return PING_RESPONSE;
    }

    public byte[] eventData() {
      return WireBytes.u32Body(timestamp);
    }
  }

  /** An event type this codec does not model, kept verbatim. */
  record Other(int eventType, byte[] eventData) implements UserControl {
    public byte[] eventData() {
      return eventData.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Other other && eventType == other.eventType && Arrays.equals(eventData, other.eventData);
    }

    @Override
    public int hashCode() {
      return eventType * 31 + Arrays.hashCode(eventData);
    }

    @Override
    public String toString() {
      return "Other[eventType=" + eventType + ", " + eventData.length + " bytes]";
    }
  }
}
