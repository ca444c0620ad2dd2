package io.headwater.api.cloudflare;

import io.headwater.api.ApiException;
import io.headwater.api.Principal;
import io.headwater.api.TokenResolver;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;

/**
 * Cloudflare's two credential schemes: {@code Authorization: Bearer <token>}, and {@code X-Auth-Email} +
 * {@code X-Auth-Key} where the key is a token and the e-mail must be its account's. Failures carry
 * Cloudflare's codes: 9106 for none at all, 6003 for malformed headers, 10000 for a bad credential.
 */
final class CloudflareAuth {
  private static final String TOKEN_CHARS = "[\\x21-\\x7e]{1,512}";

  private final TokenResolver tokens;

  CloudflareAuth(TokenResolver tokens) {
    this.tokens = tokens;
  }

  CompletionStage<Principal> authenticate(HttpRequest request) {
    try {
      Credential credential = credential(request);
      return tokens.resolve(credential.token()).thenApply(found -> found
          .filter(p -> credential.email() == null || p.accountEmail().equalsIgnoreCase(credential.email()))
          .orElseThrow(CloudflareAuth::authenticationError));
    } catch (ApiException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** The bearer token alone, for /user/tokens/verify; empty when it is not a token we know. */
  CompletionStage<Optional<Principal>> verifyBearer(HttpRequest request) {
    try {
      Credential credential = credential(request);
      if (credential.email() != null) throw authenticationError();
      return tokens.resolve(credential.token());
    } catch (ApiException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  static ApiException authenticationError() {
    return new ApiException(403, CloudflareCodes.AUTHENTICATION_ERROR, "Authentication error");
  }

  private record Credential(String token, String email) {}

  private static Credential credential(HttpRequest request) {
    Optional<String> authorization = header(request, "authorization");
    if (authorization.isPresent()) {
      String value = authorization.get().trim();
      if (value.length() > 7 && value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
        String token = value.substring(7).trim();
        if (token.matches(TOKEN_CHARS)) return new Credential(token, null);
      }
      throw invalidHeaders(CloudflareCodes.INVALID_AUTHORIZATION_FORMAT, "Invalid format for Authorization header");
    }
    Optional<String> key = header(request, "x-auth-key");
    Optional<String> email = header(request, "x-auth-email");
    if (key.isEmpty() && email.isEmpty()) {
      throw new ApiException(400, CloudflareCodes.MISSING_CREDENTIALS,
          "Missing X-Auth-Key, X-Auth-Email or Authorization headers");
    }
    if (email.isEmpty() || !email.get().trim().matches("[^@\\s]{1,128}@[^@\\s]{1,255}")) {
      throw invalidHeaders(CloudflareCodes.MISSING_AUTH_EMAIL, "Invalid format for X-Auth-Email header");
    }
    if (key.isEmpty() || !key.get().trim().matches(TOKEN_CHARS)) {
      throw invalidHeaders(CloudflareCodes.MISSING_AUTH_KEY, "Invalid format for X-Auth-Key header");
    }
    return new Credential(key.get().trim(), email.get().trim());
  }

  private static ApiException invalidHeaders(int specific, String message) {
    return new ApiException(400, CloudflareCodes.INVALID_HEADERS, "Invalid request headers", null,
        List.of(new ApiException.Cause(specific, message)));
  }

  private static Optional<String> header(HttpRequest request, String lowerCaseName) {
    for (HttpHeader h : request.getHeaders()) {
      if (h.is(lowerCaseName)) return Optional.of(h.value());
    }
    return Optional.empty();
  }
}
