package io.headwater.api.cloudflare;

/**
 * The numeric error codes of the Cloudflare face. Codes Cloudflare is known to send are marked so; the
 * others are our choice where Cloudflare's is unconfirmed (reference/cloudflare-stream-live.md §17).
 */
final class CloudflareCodes {
  private CloudflareCodes() {}

  /** Known: "Authentication error" (403), also for an account the token does not own. */
  static final int AUTHENTICATION_ERROR = 10000;
  /** Known: unknown or deleted live input or output (404). */
  static final int NOT_FOUND = 10003;
  /** Known for a query limit; we use it for every invalid field, type or body (400). */
  static final int INVALID_REQUEST = 10005;
  /** Known: deleteRecordingAfterDays outside 30..1096 (400). */
  static final int INVALID_RETENTION = 10060;
  /** Known: no credentials at all (400). */
  static final int MISSING_CREDENTIALS = 9106;
  /** Known: malformed auth headers (400), with a more specific code in `error_chain`. */
  static final int INVALID_HEADERS = 6003;
  static final int INVALID_AUTHORIZATION_FORMAT = 6111;
  static final int MISSING_AUTH_EMAIL = 6100;
  static final int MISSING_AUTH_KEY = 6101;
  /** Known: /user/tokens/verify with an invalid token. */
  static final int INVALID_TOKEN = 1000;
  /** Known: "No route for the URI" (404). */
  static final int NO_ROUTE = 7003;
  /** Known: "Method not allowed" (405). */
  static final int METHOD_NOT_ALLOWED = 7001;
  /** Ours: an Idempotency-Key re-used after its input was deleted (409, with x-should-retry: false). */
  static final int IDEMPOTENCY_KEY_REUSED = 10009;
  /** Ours: the store did not answer in time; retry after Retry-After (503). */
  static final int TEMPORARILY_UNAVAILABLE = 10001;
  /** Ours: request body above the size limit (413). */
  static final int PAYLOAD_TOO_LARGE = 10012;
  /** Ours: anything unexpected (500); the log has the detail, the client a correlation-free message. */
  static final int INTERNAL = 10002;
}
