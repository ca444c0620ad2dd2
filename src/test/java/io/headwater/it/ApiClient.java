package io.headwater.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A plain HTTP client for the Cloudflare face, as curl or an SDK would call it. */
public final class ApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String base;
  private final String token;
  private final String account;

  public ApiClient(int port, String token, String account) {
    this.base = "http://127.0.0.1:" + port;
    this.token = token;
    this.account = account;
  }

  /** A response: status, headers and the body parsed as JSON (null when it is not JSON). */
  public record Reply(int status, HttpResponse<String> raw, JsonNode json) {
    public JsonNode result() {
      return json.get("result");
    }

    public int errorCode() {
      return json.get("errors").get(0).get("code").asInt();
    }

    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }

  public ApiClient as(String otherToken, String otherAccount) {
    return new ApiClient(Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)), otherToken, otherAccount);
  }

  String tokenForTests() {
    return token;
  }

  public String inputs() {
    return "/client/v4/accounts/" + account + "/stream/live_inputs";
  }

  public String input(String uid) {
    return inputs() + "/" + uid;
  }

  public Reply get(String path) {
    return send("GET", path, null);
  }

  public Reply post(String path, String body) {
    return send("POST", path, body);
  }

  public Reply put(String path, String body) {
    return send("PUT", path, body);
  }

  public Reply delete(String path) {
    return send("DELETE", path, null);
  }

  public Reply send(String method, String path, String body, String... headers) {
    List<String> all = new ArrayList<>(List.of(headers));
    if (token != null) {
      all.add("Authorization");
      all.add("Bearer " + token);
    }
    return sendRaw(method, path, body, all.toArray(String[]::new));
  }

  /** Exactly the given headers, no Authorization added. */
  public Reply sendRaw(String method, String path, String body, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (headers.length > 0) request.headers(headers);
    if (body != null) request.header("Content-Type", "application/json");
    request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    try {
      HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json = null;
      if (response.headers().firstValue("content-type").orElse("").startsWith("application/json")) {
        json = JSON.readTree(response.body());
      }
      return new Reply(response.statusCode(), response, json);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(method + " " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Creates a live input and returns its uid. */
  public String createInput(String body) {
    Reply reply = post(inputs(), body);
    if (reply.status() != 200) throw new AssertionError("create answered " + reply.status() + ": " + reply.raw().body());
    return reply.result().get("uid").asText();
  }
}
