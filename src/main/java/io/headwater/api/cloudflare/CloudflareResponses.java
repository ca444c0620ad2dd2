package io.headwater.api.cloudflare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.headwater.api.ApiException;
import io.headwater.api.JsonBodies;
import io.headwater.liveinput.LiveInputException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.pattern.AskTimeoutException;
import org.apache.pekko.pattern.StatusReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cloudflare's envelope, and the one place where failures become statuses and error codes: domain
 * refusals, bad input, auth, timeouts (503 with Retry-After, never a guess) and anything unexpected.
 */
final class CloudflareResponses {
  private static final Logger log = LoggerFactory.getLogger(CloudflareResponses.class);

  private final long retryAfterSeconds;

  CloudflareResponses(long retryAfterSeconds) {
    this.retryAfterSeconds = retryAfterSeconds;
  }

  static HttpResponse ok(JsonNode result) {
    ObjectNode envelope = CloudflareJson.object();
    envelope.set("result", result);
    envelope.put("success", true);
    envelope.putArray("errors");
    envelope.putArray("messages");
    return json(200, envelope, List.of());
  }

  /** Delete answers `result: ""`, as measured on Cloudflare. */
  static HttpResponse okEmpty() {
    return ok(com.fasterxml.jackson.databind.node.TextNode.valueOf(""));
  }

  HttpResponse failure(Throwable failure) {
    Throwable t = unwrap(failure);
    if (t instanceof ApiException e) return error(e);
    if (t instanceof LiveInputException.NotFound || t instanceof LiveInputException.OutputNotFound) {
      return error(new ApiException(404, CloudflareCodes.NOT_FOUND,
          "Not Found: The requested resource or operation was not found."));
    }
    if (t instanceof LiveInputException.OutputLimitReached) {
      return error(new ApiException(400, CloudflareCodes.INVALID_REQUEST, t.getMessage()));
    }
    if (t instanceof LiveInputException.Gone) {
      // The SDKs retry 409 unless told not to.
      return withHeader(error(new ApiException(409, CloudflareCodes.IDEMPOTENCY_KEY_REUSED,
          "the Idempotency-Key belongs to a live input that was deleted")), RawHeader.create("x-should-retry", "false"));
    }
    if (t instanceof EntityStreamSizeException) {
      return error(new ApiException(413, CloudflareCodes.PAYLOAD_TOO_LARGE, "request body too large"));
    }
    if (t instanceof AskTimeoutException || t instanceof TimeoutException) {
      return withHeader(
          error(new ApiException(503, CloudflareCodes.TEMPORARILY_UNAVAILABLE,
              "the store did not answer in time; the outcome is unknown, retry later")),
          RetryAfter.create(retryAfterSeconds));
    }
    if (t instanceof StatusReply.ErrorMessage) {
      log.warn("entity refused a request: {}", t.getMessage());
    } else {
      log.error("unexpected failure serving a request", t);
    }
    return error(new ApiException(500, CloudflareCodes.INTERNAL, "internal error"));
  }

  static HttpResponse error(ApiException e) {
    ObjectNode error = CloudflareJson.object().put("code", e.code()).put("message", e.getMessage());
    if (e.pointer() != null) error.set("source", CloudflareJson.object().put("pointer", e.pointer()));
    if (!e.chain().isEmpty()) {
      ArrayNode chain = error.putArray("error_chain");
      e.chain().forEach(c -> chain.add(CloudflareJson.object().put("code", c.code()).put("message", c.message())));
    }
    ObjectNode envelope = CloudflareJson.object();
    boolean authFailure = e.code() == CloudflareCodes.MISSING_CREDENTIALS || e.code() == CloudflareCodes.AUTHENTICATION_ERROR;
    // Cloudflare's auth failures carry only success and errors.
    if (!authFailure) envelope.putNull("result");
    envelope.put("success", false);
    envelope.putArray("errors").add(error);
    if (!authFailure) envelope.putArray("messages");
    return json(e.status(), envelope, List.of());
  }

  private static HttpResponse withHeader(HttpResponse response, HttpHeader header) {
    return response.addHeader(header);
  }

  private static HttpResponse json(int status, JsonNode body, List<HttpHeader> headers) {
    try {
      return HttpResponse.create()
          .withStatus(StatusCodes.get(status))
          .withEntity(ContentTypes.APPLICATION_JSON, JsonBodies.MAPPER.writeValueAsBytes(body))
          .addHeaders(headers);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  private static Throwable unwrap(Throwable t) {
    Throwable current = t;
    while ((current instanceof CompletionException || current instanceof java.util.concurrent.ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }
}
