package io.headwater.api.cloudflare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.headwater.api.ApiException;
import io.headwater.api.ApiSettings;
import io.headwater.api.JsonBodies;
import io.headwater.liveinput.LiveInputSettings;
import io.headwater.liveinput.Nullable;
import io.headwater.liveinput.Recording;
import io.headwater.liveinput.RecordingMode;
import io.headwater.restream.Destination;
import io.headwater.restream.RefusedDestinationException;
import io.headwater.restream.Refusal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads Cloudflare live input and output request bodies into domain patches, refusing wrong types,
 * bad enums and out-of-range values with a 400 that points at the field. Unknown fields are ignored, as
 * Cloudflare does. A JSON null clears a nullable field; a field left out stays as it is.
 */
final class LiveInputRequests {
  static final int MIN_RETENTION_DAYS = 30;
  static final int MAX_RETENTION_DAYS = 1096;
  static final int MAX_TIMEOUT_SECONDS = 86_400;
  static final int MAX_CREATOR_LENGTH = 64;
  static final int MAX_ORIGINS = 100;
  static final int MAX_ORIGIN_LENGTH = 253;
  static final int MAX_IDEMPOTENCY_KEY_BYTES = 255;

  /** A create or update body: the settings it names, and `enabled` if named. */
  record LiveInputBody(LiveInputSettings.Patch settings, Boolean enabled) {}

  /** An output to create: the URL as the client wrote it (and will see it echoed), and as parsed. */
  record OutputBody(String url, Destination destination, String streamKey, boolean enabled) {}

  private final JsonBodies json = new JsonBodies(CloudflareCodes.INVALID_REQUEST);
  private final ApiSettings limits;

  LiveInputRequests(ApiSettings limits) {
    this.limits = limits;
  }

  LiveInputBody liveInput(String body) {
    ObjectNode o = json.parseObject(body);
    String metaJson = null;
    if (o.has("meta")) {
      JsonNode meta = o.get("meta");
      if (meta.isNull()) {
        metaJson = "{}";
      } else if (!meta.isObject()) {
        throw json.invalid("/meta must be an object", "/meta");
      } else {
        metaJson = JsonBodies.compact(meta);
        if (metaJson.getBytes(StandardCharsets.UTF_8).length > limits.maxMetaBytes()) {
          throw json.invalid("/meta must be at most " + limits.maxMetaBytes() + " bytes as JSON", "/meta");
        }
      }
    }
    Nullable<Integer> retention = null;
    if (o.has("deleteRecordingAfterDays")) {
      Long days = json.optInteger(o, "deleteRecordingAfterDays", "/deleteRecordingAfterDays");
      if (days != null && (days < MIN_RETENTION_DAYS || days > MAX_RETENTION_DAYS)) {
        throw new ApiException(400, CloudflareCodes.INVALID_RETENTION,
            "deleteRecordingAfterDays must be between " + MIN_RETENTION_DAYS + " and " + MAX_RETENTION_DAYS + " days",
            "/deleteRecordingAfterDays");
      }
      retention = Nullable.ofNullable(days == null ? null : days.intValue());
    }
    Nullable<String> creator = o.has("defaultCreator")
        ? Nullable.ofNullable(json.optString(o, "defaultCreator", "/defaultCreator", MAX_CREATOR_LENGTH))
        : null;
    JsonNode recording = json.optObject(o, "recording", "/recording");
    LiveInputSettings.Patch patch = new LiveInputSettings.Patch(
        metaJson,
        recording == null ? null : recording(recording),
        retention,
        json.optBoolean(o, "preferLowLatency", "/preferLowLatency"),
        creator);
    return new LiveInputBody(patch, json.optBoolean(o, "enabled", "/enabled"));
  }

  private Recording.Patch recording(JsonNode r) {
    RecordingMode mode = null;
    String modeName = json.optString(r, "mode", "/recording/mode", 32);
    if (modeName != null) {
      mode = RecordingMode.fromWireName(modeName)
          .orElseThrow(() -> json.invalid("/recording/mode must be one of \"off\", \"automatic\"", "/recording/mode"));
    }
    Long timeout = json.optInteger(r, "timeoutSeconds", "/recording/timeoutSeconds");
    if (timeout != null && (timeout < 0 || timeout > MAX_TIMEOUT_SECONDS)) {
      throw json.invalid("/recording/timeoutSeconds must be between 0 and " + MAX_TIMEOUT_SECONDS, "/recording/timeoutSeconds");
    }
    Nullable<List<String>> origins = r.has("allowedOrigins") ? Nullable.ofNullable(origins(r.get("allowedOrigins"))) : null;
    return new Recording.Patch(
        mode,
        timeout == null ? null : timeout.intValue(),
        json.optBoolean(r, "requireSignedURLs", "/recording/requireSignedURLs"),
        origins,
        json.optBoolean(r, "hideLiveViewerCount", "/recording/hideLiveViewerCount"));
  }

  private List<String> origins(JsonNode node) {
    if (node.isNull()) return null;
    String pointer = "/recording/allowedOrigins";
    if (!node.isArray()) throw json.invalid(pointer + " must be an array of strings", pointer);
    if (node.size() > MAX_ORIGINS) throw json.invalid(pointer + " has more than " + MAX_ORIGINS + " entries", pointer);
    List<String> origins = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode item = node.get(i);
      String at = pointer + "/" + i;
      if (!item.isTextual()) throw json.invalid(at + " must be a string", at);
      String origin = item.textValue().trim().toLowerCase(Locale.ROOT);
      // Host names with an optional "*." prefix, an optional scheme and port, or "*"; nothing that could
      // break a header.
      if (origin.isEmpty() || origin.length() > MAX_ORIGIN_LENGTH || !origin.matches("[a-z0-9.*:/\\-\\[\\]]+")) {
        throw json.invalid(at + " is not an origin such as \"example.com\" or \"*.example.com\"", at);
      }
      origins.add(origin);
    }
    return origins;
  }

  OutputBody createOutput(String body) {
    ObjectNode o = json.parseObject(body);
    String url = json.requireString(o, "url", "/url", limits.maxOutputUrlLength());
    String streamKey = json.requireString(o, "streamKey", "/streamKey", limits.maxOutputStreamKeyLength());
    if (streamKey.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
      throw json.invalid("/streamKey must not contain control characters", "/streamKey");
    }
    Boolean enabled = json.optBoolean(o, "enabled", "/enabled");
    Destination destination = destination(url);
    if (streamKey.isEmpty() && !destination.scheme().equals("srt")) {
      // RTMP publishes under the stream key; SRT may carry everything in the URL's streamid.
      throw json.invalid("/streamKey must not be empty for an rtmp:// or rtmps:// output", "/streamKey");
    }
    return new OutputBody(url, destination, streamKey, enabled == null || enabled);
  }

  boolean updateOutput(String body) {
    return json.requireBoolean(json.parseObject(body), "enabled", "/enabled");
  }

  /**
   * The URL's shape: rtmp, rtmps or srt, a plain host, no userinfo ({@link Destination#parse}). Whether its
   * host may be reached is the destination policy's question, asked by the route.
   */
  private Destination destination(String url) {
    try {
      return Destination.parse(url);
    } catch (RefusedDestinationException e) {
      throw refusedUrl(e.refusal());
    }
  }

  /** A refused destination as a 400 on /url; refusals name the host and the rule, never the key, path or query. */
  static ApiException refusedUrl(Refusal refusal) {
    return new ApiException(400, CloudflareCodes.INVALID_REQUEST, "/url: " + refusal.message(), "/url");
  }

  static String checkedIdempotencyKey(String key) {
    if (key == null) return null;
    if (key.isEmpty() || key.getBytes(StandardCharsets.UTF_8).length > MAX_IDEMPOTENCY_KEY_BYTES) {
      throw new ApiException(400, CloudflareCodes.INVALID_REQUEST,
          "Idempotency-Key must be 1 to " + MAX_IDEMPOTENCY_KEY_BYTES + " bytes");
    }
    return key;
  }
}
