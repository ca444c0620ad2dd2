package io.headwater.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Request bodies as JSON trees with bounded nesting, and typed reads of their fields that fail with a
 * 400 naming the field by JSON pointer. Shared by both REST faces; each face supplies its error code.
 */
public final class JsonBodies {
  public static final ObjectMapper MAPPER = JsonMapper.builder().build();

  static {
    MAPPER.getFactory().setStreamReadConstraints(
        StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength(1_048_576).build());
  }

  private final int invalidCode;

  public JsonBodies(int invalidCode) {
    this.invalidCode = invalidCode;
  }

  /** The body as a JSON object; an empty body reads as {}. */
  public ObjectNode parseObject(String body) {
    if (body == null || body.isBlank()) return JsonNodeFactory.instance.objectNode();
    JsonNode node;
    try {
      node = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw invalid("malformed JSON" + where + ": " + e.getOriginalMessage(), "");
    }
    if (node == null || !node.isObject()) throw invalid("the request body must be a JSON object", "");
    return (ObjectNode) node;
  }

  public ApiException invalid(String message, String pointer) {
    return new ApiException(400, invalidCode, message, pointer);
  }

  public Boolean optBoolean(JsonNode object, String field, String pointer) {
    JsonNode v = object.get(field);
    if (v == null || v.isNull()) return null;
    if (!v.isBoolean()) throw invalid(pointer + " must be a boolean", pointer);
    return v.booleanValue();
  }

  public boolean requireBoolean(JsonNode object, String field, String pointer) {
    Boolean value = optBoolean(object, field, pointer);
    if (value == null) throw invalid(pointer + " is required and must be a boolean", pointer);
    return value;
  }

  /** An integral number (1.0 counts); null when absent or JSON null. */
  public Long optInteger(JsonNode object, String field, String pointer) {
    JsonNode v = object.get(field);
    if (v == null || v.isNull()) return null;
    if (!v.isNumber() || !(v.isIntegralNumber() || v.doubleValue() == Math.rint(v.doubleValue())) || !v.canConvertToLong()) {
      throw invalid(pointer + " must be an integer", pointer);
    }
    return v.longValue();
  }

  public String optString(JsonNode object, String field, String pointer, int maxLength) {
    JsonNode v = object.get(field);
    if (v == null || v.isNull()) return null;
    if (!v.isTextual()) throw invalid(pointer + " must be a string", pointer);
    if (v.textValue().length() > maxLength) throw invalid(pointer + " must be at most " + maxLength + " characters", pointer);
    return v.textValue();
  }

  public String requireString(JsonNode object, String field, String pointer, int maxLength) {
    String value = optString(object, field, pointer, maxLength);
    if (value == null) throw invalid(pointer + " is required and must be a string", pointer);
    return value;
  }

  /** A nested object; null when absent or JSON null. */
  public JsonNode optObject(JsonNode object, String field, String pointer) {
    JsonNode v = object.get(field);
    if (v == null || v.isNull()) return null;
    if (!v.isObject()) throw invalid(pointer + " must be an object", pointer);
    return v;
  }

  public static String compact(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed tree always serializes", e);
    }
  }
}
