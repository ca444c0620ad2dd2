package io.headwater.api;

import java.util.List;

/**
 * A request the API refuses, with the HTTP status, the face's numeric error code, a message safe to show
 * (never a secret) and, for a bad field, a JSON pointer to it. Thrown by parsers and auth; rendered in
 * one place per face.
 */
public final class ApiException extends RuntimeException {
  private final int status;
  private final int code;
  private final String pointer;
  private final List<Cause> chain;

  /** A more specific reason under the main one (Cloudflare's `error_chain`). */
  public record Cause(int code, String message) {}

  public ApiException(int status, int code, String message, String pointer) {
    this(status, code, message, pointer, List.of());
  }

  public ApiException(int status, int code, String message, String pointer, List<Cause> chain) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.pointer = pointer;
    this.chain = List.copyOf(chain);
  }

  public ApiException(int status, int code, String message) {
    this(status, code, message, null);
  }

  public int status() {
    return status;
  }

  public int code() {
    return code;
  }

  public List<Cause> chain() {
    return chain;
  }

  /** JSON pointer (RFC 6901) to the offending field, or null. */
  public String pointer() {
    return pointer;
  }
}
