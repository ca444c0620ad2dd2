package io.headwater.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * API benchmark of one Headwater node, in one Gatling run made of two parts.
 *
 * <p>First a warm-up of {@code headwater.warmupSeconds} (10; 0 = none): healthz and GET at {@code headwater.rate},
 * and the mix at about {@code headwater.mixRate}, under request names prefixed {@code warmup-}.
 *
 * <p>Part 1, open model, three scenarios at the same time for {@code headwater.openSeconds}:
 * <ul>
 *   <li>{@code healthz}: {@code GET /healthz} at {@code headwater.rate} users/s, the baseline (no auth, no entity);
 *   <li>{@code get-live-input}: {@code GET} of one existing live input at the same rate;
 *   <li>the API mix at {@code headwater.mixRate} users/s: each user creates an input, reads it, lists the
 *       account's inputs, updates it and deletes it again (the delete keeps the list, whose cost grows
 *       with the account, bounded).
 * </ul>
 * Each open-model user is a new client with its own connection, as Gatling does by default, unless
 * {@code headwater.shareConnections=true}: then all users share one keep-alive pool.
 *
 * <p>Part 2, closed model, after part 1, two phases one after the other for {@code headwater.satSeconds}
 * each: {@code headwater.satUsers} users loop on {@code GET /healthz} ({@code healthz-sat}), then as many
 * loop on {@code GET} of the existing input ({@code get-live-input-sat}), each on its keep-alive
 * connection. Only here is the throughput ratio get/healthz meaningful: at a fixed open rate both serve
 * exactly the offered rate. Set {@code headwater.satSeconds=0} to skip part 2.
 *
 * <p>Settings are system properties, or the environment variables in brackets: {@code headwater.url}
 * (HEADWATER_URL, default http://127.0.0.1:8080), {@code headwater.token} (HEADWATER_API_TOKEN),
 * {@code headwater.account} (HEADWATER_ACCOUNT_ID), {@code headwater.inputUid} (HEADWATER_INPUT_UID; empty =
 * create one before the run), {@code headwater.rate} (100), {@code headwater.mixRate} (4),
 * {@code headwater.openSeconds} (30), {@code headwater.warmupSeconds} (10), {@code headwater.shareConnections}
 * (false), {@code headwater.satUsers} (32), {@code headwater.satSeconds} (20); the environment variables of the
 * numeric ones are HEADWATER_BENCH_RATE, _MIX_RATE, _OPEN_SECONDS, _WARMUP_SECONDS, _SHARE_CONNECTIONS,
 * _SAT_USERS, _SAT_SECONDS.
 */
public class LiveInputApiSimulation extends Simulation {

  private static final String BASE_URL = setting("headwater.url", "HEADWATER_URL", "http://127.0.0.1:8080")
      .replaceAll("/+$", "");
  private static final String TOKEN = required("headwater.token", "HEADWATER_API_TOKEN");
  private static final String ACCOUNT = required("headwater.account", "HEADWATER_ACCOUNT_ID");
  private static final double RATE = Double.parseDouble(setting("headwater.rate", "HEADWATER_BENCH_RATE", "100"));
  private static final double MIX_RATE = Double.parseDouble(setting("headwater.mixRate", "HEADWATER_BENCH_MIX_RATE", "4"));
  private static final int OPEN_SECONDS = Integer.parseInt(setting("headwater.openSeconds", "HEADWATER_BENCH_OPEN_SECONDS", "30"));
  private static final int WARMUP_SECONDS = Integer.parseInt(setting("headwater.warmupSeconds", "HEADWATER_BENCH_WARMUP_SECONDS", "10"));
  private static final int SAT_USERS = Integer.parseInt(setting("headwater.satUsers", "HEADWATER_BENCH_SAT_USERS", "32"));
  private static final int SAT_SECONDS = Integer.parseInt(setting("headwater.satSeconds", "HEADWATER_BENCH_SAT_SECONDS", "20"));

  private static final String INPUTS = "/client/v4/accounts/" + ACCOUNT + "/stream/live_inputs";
  private static final String AUTHORIZATION = "Bearer " + TOKEN;
  private static final String INPUT_UID = existingInput();

  private static final boolean SHARE_CONNECTIONS =
      Boolean.parseBoolean(setting("headwater.shareConnections", "HEADWATER_BENCH_SHARE_CONNECTIONS", "false"));

  // Not named `http`: that would shadow HttpDsl.http in this initializer.
  private final HttpProtocolBuilder httpProtocol = protocol();

  private static HttpProtocolBuilder protocol() {
    HttpProtocolBuilder protocol = http
        .baseUrl(BASE_URL)
        .acceptHeader("application/json")
        .userAgentHeader("headwater-load/gatling");
    return SHARE_CONNECTIONS ? protocol.shareConnections() : protocol;
  }

  private static HttpRequestActionBuilder healthz(String name) {
    return http(name).get("/healthz").check(status().is(200));
  }

  /** Checks the status only, as for healthz, so Gatling spends no CPU on JSON on one side of the ratio. */
  private static HttpRequestActionBuilder getExisting(String name) {
    return http(name).get(INPUTS + "/" + INPUT_UID)
        .header("Authorization", AUTHORIZATION)
        .check(status().is(200));
  }

  private static final String[] MIX_REQUESTS = {
      "create-live-input", "get-new-live-input", "list-live-inputs", "update-live-input", "delete-live-input"};

  /** Create, read, list, update, delete one input; request names are prefixed with {@code prefix}. */
  private static ChainBuilder mix(String prefix) {
    return exec(session -> session.set("name", "load-" + session.userId())).exec(
        http(prefix + "create-live-input").post(INPUTS)
            .header("Authorization", AUTHORIZATION)
            .body(StringBody("{\"meta\":{\"name\":\"#{name}\"},\"recording\":{\"mode\":\"off\"}}")).asJson()
            .check(status().is(200), jsonPath("$.result.uid").saveAs("uid")),
        http(prefix + "get-new-live-input").get(INPUTS + "/#{uid}")
            .header("Authorization", AUTHORIZATION)
            .check(status().is(200), jsonPath("$.result.uid").isEL("#{uid}")),
        http(prefix + "list-live-inputs").get(INPUTS)
            .header("Authorization", AUTHORIZATION)
            .check(status().is(200), jsonPath("$.success").ofBoolean().is(true)),
        http(prefix + "update-live-input").put(INPUTS + "/#{uid}")
            .header("Authorization", AUTHORIZATION)
            .body(StringBody("{\"meta\":{\"name\":\"#{name}-updated\"},\"defaultCreator\":\"load\"}")).asJson()
            .check(status().is(200), jsonPath("$.result.meta.name").isEL("#{name}-updated")),
        http(prefix + "delete-live-input").delete(INPUTS + "/#{uid}")
            .header("Authorization", AUTHORIZATION)
            .check(status().is(200)));
  }

  {
    // Warm-up (JIT of node and Gatling, connection pools, sharding): the same traffic under other names.
    long mixEvery = Math.max(1, Math.round(RATE / MIX_RATE));
    ScenarioBuilder warmUp = scenario("warm-up")
        .exec(healthz("warmup-healthz"), getExisting("warmup-get-live-input"))
        .doIf(session -> session.userId() % mixEvery == 0).then(mix("warmup-"));

    ScenarioBuilder baseline = scenario("baseline healthz (open)").exec(healthz("healthz"));
    ScenarioBuilder getInput = scenario("get live input (open)").exec(getExisting("get-live-input"));
    ScenarioBuilder apiMix = scenario("create/get/list/update/delete mix (open)").exec(mix(""));

    PopulationBuilder mixPopulation = apiMix.injectOpen(constantUsersPerSec(MIX_RATE).during(OPEN_SECONDS));
    if (SAT_SECONDS > 0) {
      Duration sat = Duration.ofSeconds(SAT_SECONDS);
      ScenarioBuilder baselineSat = scenario("baseline healthz (saturation)")
          .during(sat).on(exec(healthz("healthz-sat")));
      ScenarioBuilder getSat = scenario("get live input (saturation)")
          .during(sat).on(exec(getExisting("get-live-input-sat")));
      // Starts when the mix's last user is done, i.e. right after the open-model part.
      mixPopulation = mixPopulation.andThen(
          baselineSat.injectOpen(atOnceUsers(SAT_USERS)).andThen(
              getSat.injectOpen(atOnceUsers(SAT_USERS))));
    }
    List<PopulationBuilder> measured = List.of(
        baseline.injectOpen(constantUsersPerSec(RATE).during(OPEN_SECONDS)),
        getInput.injectOpen(constantUsersPerSec(RATE).during(OPEN_SECONDS)),
        mixPopulation);
    List<Assertion> assertions = new ArrayList<>();
    assertions.add(global().failedRequests().percent().lt(1.0));
    // A request Gatling could not even build (a session attribute missing) is no failed request: make sure
    // every request of the mix was really sent.
    for (String name : MIX_REQUESTS) {
      assertions.add(details(name).successfulRequests().count().gt(0L));
    }
    SetUp run = WARMUP_SECONDS > 0
        ? setUp(warmUp.injectOpen(constantUsersPerSec(RATE).during(WARMUP_SECONDS)).andThen(measured))
        : setUp(measured);
    run.protocols(httpProtocol).assertions(assertions);
  }

  /** The live input the GET scenarios read: the one named by headwater.inputUid, or a new one. */
  private static String existingInput() {
    String uid = setting("headwater.inputUid", "HEADWATER_INPUT_UID", "");
    if (!uid.isBlank()) {
      return uid;
    }
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(BASE_URL + INPUTS))
              .header("Authorization", AUTHORIZATION)
              .header("Content-Type", "application/json")
              .timeout(Duration.ofSeconds(30))
              .POST(HttpRequest.BodyPublishers.ofString("{\"meta\":{\"name\":\"load-get-target\"}}"))
              .build(),
          HttpResponse.BodyHandlers.ofString());
      Matcher m = Pattern.compile("\"uid\"\\s*:\\s*\"([0-9a-f]{32})\"").matcher(response.body());
      if (response.statusCode() != 200 || !m.find()) {
        throw new IllegalStateException("creating the GET target failed: " + response.statusCode() + " " + response.body());
      }
      return m.group(1);
    } catch (IOException e) {
      throw new IllegalStateException("cannot reach " + BASE_URL, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String setting(String property, String env, String fallback) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      value = System.getenv(env);
    }
    return value == null || value.isBlank() ? fallback : value;
  }

  private static String required(String property, String env) {
    String value = setting(property, env, "");
    if (value.isBlank()) {
      throw new IllegalStateException("set -D" + property + " or " + env);
    }
    return value;
  }
}
