package io.headwater.api.cloudflare;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.headwater.Secrets;
import io.headwater.api.ApiException;
import io.headwater.api.ApiSettings;
import io.headwater.api.LiveInputFacade;
import io.headwater.api.Principal;
import io.headwater.api.TokenResolver;
import io.headwater.liveinput.LiveInputState;
import io.headwater.liveinput.Output;
import io.headwater.restream.DestinationPolicy;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.MethodRejection;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * The Cloudflare-compatible face under {@code /client/v4}: live inputs, their outputs, enable/disable,
 * rotate_keys and videos, plus accounts and token verification. Routes translate JSON to facade calls
 * and back; they hold no state. A new output's destination must pass the {@link DestinationPolicy}.
 */
public final class CloudflareRoutes extends AllDirectives {
  private final LiveInputFacade liveInputs;
  private final CloudflareAuth auth;
  private final CloudflareJson views;
  private final CloudflareResponses responses;
  private final LiveInputRequests requests;
  private final DestinationPolicy destinations;

  public CloudflareRoutes(LiveInputFacade liveInputs, TokenResolver tokens, ApiSettings settings,
      DestinationPolicy destinations, String rtmpsUrl, String srtUrl, String httpBase) {
    this.liveInputs = liveInputs;
    this.destinations = destinations;
    this.auth = new CloudflareAuth(tokens);
    this.views = new CloudflareJson(new CloudflareJson.Urls(rtmpsUrl, srtUrl, httpBase));
    this.responses = new CloudflareResponses(settings.retryAfterSeconds());
    this.requests = new LiveInputRequests(settings);
  }

  public Route route() {
    return pathPrefix("client", () -> pathPrefix("v4", () ->
        handleExceptions(exceptionHandler(), () -> handleRejections(rejectionHandler(), () -> concat(
            path("accounts", () -> get(() -> authenticated(this::accounts))),
            path(segment("user").slash("tokens").slash("verify"), () -> get(this::verifyToken)),
            pathPrefix(segment("accounts").slash(segment()), accountId ->
                pathPrefix(segment("stream").slash("live_inputs"), () ->
                    authenticated(principal -> ownAccount(principal, accountId, () -> liveInputRoutes(principal))))))))));
  }

  private Route liveInputRoutes(Principal p) {
    String account = p.accountId();
    return concat(
        pathEndOrSingleSlash(() -> concat(
            get(() -> reply(liveInputs.list(account), this::listResult)),
            post(() -> optionalHeaderValueByName("Idempotency-Key", key -> body(json -> {
              var request = requests.liveInput(json);
              String idempotencyKey = LiveInputRequests.checkedIdempotencyKey(key.orElse(null));
              return reply(liveInputs.create(account, request.settings(), request.enabled(), idempotencyKey),
                  s -> CloudflareResponses.ok(views.liveInput(s)));
            }))))),
        pathPrefix(segment(), uid -> knownId(uid, () -> concat(
            pathEndOrSingleSlash(() -> concat(
                get(() -> reply(liveInputs.get(account, uid), s -> CloudflareResponses.ok(views.liveInput(s)))),
                put(() -> body(json -> {
                  var request = requests.liveInput(json);
                  return reply(liveInputs.update(account, uid, request.settings(), request.enabled()),
                      s -> CloudflareResponses.ok(views.liveInput(s)));
                })),
                delete(() -> reply(liveInputs.delete(account, uid), done -> CloudflareResponses.okEmpty())))),
            path("enable", () -> post(() ->
                reply(liveInputs.setEnabled(account, uid, true), s -> CloudflareResponses.ok(views.liveInput(s))))),
            path("disable", () -> post(() ->
                reply(liveInputs.setEnabled(account, uid, false), s -> CloudflareResponses.ok(views.liveInput(s))))),
            path("rotate_keys", () -> post(() ->
                reply(liveInputs.rotateKeys(account, uid), s -> CloudflareResponses.ok(views.liveInput(s))))),
            path("videos", () -> get(() ->
                // Recordings arrive with the recordings issue; until then an input has no videos.
                reply(liveInputs.get(account, uid), s -> CloudflareResponses.ok(CloudflareJson.array())))),
            pathPrefix("outputs", () -> outputRoutes(account, uid))))));
  }

  private Route outputRoutes(String account, String uid) {
    return concat(
        pathEndOrSingleSlash(() -> concat(
            get(() -> reply(
                liveInputs.get(account, uid).thenCompose(s -> liveInputs.outputStatuses(s).thenApply(st -> {
                  ArrayNode outputs = CloudflareJson.array();
                  s.outputs().forEach(o -> outputs.add(CloudflareJson.output(o, st.get(o.uid()))));
                  return outputs;
                })),
                CloudflareResponses::ok)),
            post(() -> body(json -> {
              var output = requests.createOutput(json);
              // The lookup runs on the policy's own pool; this route only composes on its answer.
              CompletionStage<Output> added = destinations.check(output.destination()).thenCompose(refusal -> {
                if (refusal.isPresent()) throw LiveInputRequests.refusedUrl(refusal.get());
                return liveInputs.addOutput(account, uid, output.url(), output.streamKey(), output.enabled());
              });
              return reply(added.thenCompose(o -> withStatus(account, uid, o)), CloudflareResponses::ok);
            })))),
        path(segment(), outputUid -> knownId(outputUid, () -> concat(
            put(() -> body(json -> reply(
                liveInputs.setOutputEnabled(account, uid, outputUid, requests.updateOutput(json))
                    .thenCompose(o -> withStatus(account, uid, o)),
                CloudflareResponses::ok))),
            delete(() -> reply(liveInputs.deleteOutput(account, uid, outputUid), done -> CloudflareResponses.okEmpty()))))));
  }

  /** An output as every outputs endpoint shows it: with its pusher's status, so all answers have one shape. */
  private CompletionStage<ObjectNode> withStatus(String account, String uid, Output output) {
    return liveInputs.get(account, uid).thenCompose(liveInputs::outputStatuses)
        .thenApply(statuses -> CloudflareJson.output(output, statuses.get(output.uid())));
  }

  private HttpResponse listResult(List<LiveInputState> inputs) {
    ObjectNode result = CloudflareJson.object();
    ArrayNode items = result.putArray("liveInputs");
    inputs.forEach(s -> items.add(views.liveInputSummary(s)));
    // No cursor: every input is in this one page.
    result.put("range", inputs.size());
    result.put("total", inputs.size());
    return CloudflareResponses.ok(result);
  }

  private Route accounts(Principal p) {
    ArrayNode result = CloudflareJson.array();
    result.add(CloudflareJson.object().put("id", p.accountId()).put("name", p.accountName()).put("type", "standard"));
    return complete(CloudflareResponses.ok(result));
  }

  private Route verifyToken() {
    return extractRequest(request -> onSuccess(auth.verifyBearer(request), principal -> {
      if (principal.isEmpty()) {
        return complete(CloudflareResponses.error(new ApiException(401, CloudflareCodes.INVALID_TOKEN, "Invalid API Token")));
      }
      ObjectNode result = CloudflareJson.object().put("id", principal.get().tokenId()).put("status", "active");
      return complete(CloudflareResponses.ok(result));
    }));
  }

  private Route authenticated(Function<Principal, Route> inner) {
    return extractRequest(request -> onSuccess(auth.authenticate(request), inner::apply));
  }

  /** A token is scoped to one account; any other account id in the path is refused as Cloudflare does. */
  private Route ownAccount(Principal p, String accountId, Supplier<Route> inner) {
    if (!p.accountId().equals(accountId)) throw CloudflareAuth.authenticationError();
    return inner.get();
  }

  /** Ids are 32 lowercase hex; anything else cannot exist, so it is "not found" without a lookup. */
  private Route knownId(String id, Supplier<Route> inner) {
    if (!Secrets.isId(id)) {
      throw new ApiException(404, CloudflareCodes.NOT_FOUND, "Not Found: The requested resource or operation was not found.");
    }
    return inner.get();
  }

  private Route body(Function<String, Route> inner) {
    return entity(Unmarshaller.entityToString(), inner);
  }

  private <T> Route reply(CompletionStage<T> stage, Function<T, HttpResponse> render) {
    return onSuccess(stage, value -> complete(render.apply(value)));
  }

  private ExceptionHandler exceptionHandler() {
    return ExceptionHandler.newBuilder().matchAny(t -> complete(responses.failure(t))).build();
  }

  private RejectionHandler rejectionHandler() {
    return RejectionHandler.newBuilder()
        .handleAll(MethodRejection.class, rejections ->
            complete(CloudflareResponses.error(new ApiException(405, CloudflareCodes.METHOD_NOT_ALLOWED, "Method not allowed"))))
        .handleNotFound(complete(CloudflareResponses.error(new ApiException(404, CloudflareCodes.NO_ROUTE, "No route for the URI"))))
        .build()
        .withFallback(RejectionHandler.defaultHandler())
        .mapRejectionResponse(response -> response.entity().getContentType().equals(ContentTypes.APPLICATION_JSON)
            ? response
            : CloudflareResponses.error(new ApiException(response.status().intValue(), CloudflareCodes.INVALID_REQUEST,
                response.status().reason())));
  }
}
