package io.headwater.api.cloudflare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.headwater.api.JsonBodies;
import io.headwater.liveinput.Credentials;
import io.headwater.liveinput.LiveInputSettings;
import io.headwater.liveinput.LiveInputState;
import io.headwater.liveinput.Output;
import io.headwater.liveinput.OutputStatus;
import io.headwater.liveinput.Recording;
import io.headwater.liveinput.StatusEntry;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Live inputs and outputs in Cloudflare's JSON shape, field order as the real API sends them, with the
 * credential URLs built from this node's public host and ports.
 */
final class CloudflareJson {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  /** Where credentials point: {@code rtmps://host:port/live/}, {@code srt://host:port}, and the HTTP base. */
  record Urls(String rtmpsUrl, String srtUrl, String httpBase) {}

  private final Urls urls;

  CloudflareJson(Urls urls) {
    this.urls = urls;
  }

  ObjectNode liveInput(LiveInputState s) {
    String uid = s.uid();
    Credentials c = s.credentials();
    ObjectNode o = JSON.objectNode();
    o.put("uid", uid);
    o.set("rtmps", JSON.objectNode().put("url", urls.rtmpsUrl()).put("streamKey", c.rtmpsStreamKey(uid)));
    o.set("rtmpsPlayback", JSON.objectNode().put("url", urls.rtmpsUrl()).put("streamKey", c.rtmpsPlaybackStreamKey(uid)));
    o.set("srt", JSON.objectNode().put("url", urls.srtUrl()).put("streamId", uid).put("passphrase", c.srtPassphrase(uid)));
    o.set("srtPlayback", JSON.objectNode()
        .put("url", urls.srtUrl()).put("streamId", "play" + uid).put("passphrase", c.srtPlaybackPassphrase(uid)));
    o.set("webRTC", JSON.objectNode().put("url", urls.httpBase() + "/" + c.webRtcPath(uid) + "/webRTC/publish"));
    o.set("webRTCPlayback", JSON.objectNode().put("url", urls.httpBase() + "/" + uid + "/webRTC/play"));
    o.set("playback", JSON.objectNode()
        .put("hls", urls.httpBase() + "/" + uid + "/manifest/video.m3u8")
        .put("dash", urls.httpBase() + "/" + uid + "/manifest/video.mpd"));
    o.put("created", timestamp(s.created()));
    o.put("modified", timestamp(s.modified()));
    o.put("enabled", s.enabled());
    o.set("meta", meta(s.settings()));
    // connected, reconnecting (within the reconnect window), reconnected or client_disconnect; null before
    // the first publish. The entity never shows reconnecting past the window's end.
    if (s.status() == null) o.putNull("status");
    else o.put("status", s.status());
    o.set("recording", recording(s.settings().recording()));
    putNullable(o, "deleteRecordingAfterDays", s.settings().deleteRecordingAfterDays());
    o.put("preferLowLatency", s.settings().preferLowLatency());
    // Write-only in Cloudflare's schema; we echo it when set, since a client that wrote it may read it back.
    if (s.settings().defaultCreator() != null) o.put("defaultCreator", s.settings().defaultCreator());
    if (s.keysRotatedAt() != null) o.put("keysRotatedAt", timestamp(s.keysRotatedAt()));
    // Beyond Cloudflare (the SDKs ignore added fields): recent status transitions, oldest first.
    ArrayNode history = o.putArray("statusHistory");
    for (StatusEntry e : s.statusHistory()) {
      history.add(JSON.objectNode()
          .put("state", e.state())
          .put("reason", e.reason())
          .put("at", timestamp(e.at()))
          .put("node", e.node())
          .put("protocol", e.protocol())
          .put("remoteAddress", e.remoteAddress()));
    }
    return o;
  }

  /** The list item: no credentials, status or recording, as Cloudflare's list. */
  ObjectNode liveInputSummary(LiveInputState s) {
    ObjectNode o = JSON.objectNode();
    o.put("uid", s.uid());
    o.put("created", timestamp(s.created()));
    o.put("modified", timestamp(s.modified()));
    o.set("meta", meta(s.settings()));
    putNullable(o, "deleteRecordingAfterDays", s.settings().deleteRecordingAfterDays());
    o.put("enabled", s.enabled());
    return o;
  }

  static ObjectNode output(Output output) {
    return JSON.objectNode()
        .put("uid", output.uid())
        .put("url", output.url())
        .put("streamKey", output.streamKey())
        .put("enabled", output.enabled());
  }

  /**
   * An output with its pusher's health (beyond Cloudflare; its SDKs ignore added fields). An output
   * without a pusher (nothing live, or disabled) is idle.
   */
  static ObjectNode output(Output output, OutputStatus status) {
    ObjectNode o = output(output);
    ObjectNode s = o.putObject("status");
    s.put("state", status == null ? OutputStatus.IDLE : status.state());
    if (status != null && status.lastError() != null) s.put("lastError", status.lastError());
    else s.putNull("lastError");
    if (status != null && status.since() != null) s.put("since", timestamp(status.since()));
    else s.putNull("since");
    s.put("bytesSent", status == null ? 0 : status.bytesSent());
    s.put("reconnects", status == null ? 0 : status.reconnects());
    s.put("droppedFrames", status == null ? 0 : status.droppedFrames());
    return o;
  }

  static ArrayNode array() {
    return JSON.arrayNode();
  }

  static ObjectNode object() {
    return JSON.objectNode();
  }

  static String timestamp(Instant instant) {
    return TIMESTAMP.format(instant);
  }

  private static ObjectNode recording(Recording r) {
    ObjectNode o = JSON.objectNode();
    o.put("mode", r.mode().wireName());
    putNullable(o, "timeoutSeconds", r.timeoutSeconds());
    o.put("requireSignedURLs", r.requireSignedURLs());
    if (r.allowedOrigins() == null) {
      o.putNull("allowedOrigins");
    } else {
      ArrayNode origins = o.putArray("allowedOrigins");
      r.allowedOrigins().forEach(origins::add);
    }
    o.put("hideLiveViewerCount", r.hideLiveViewerCount());
    return o;
  }

  private static JsonNode meta(LiveInputSettings settings) {
    try {
      return JsonBodies.MAPPER.readTree(settings.metaJson());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored meta is always valid JSON", e);
    }
  }

  private static void putNullable(ObjectNode o, String field, Integer value) {
    if (value == null) o.putNull(field);
    else o.put(field, value);
  }
}
