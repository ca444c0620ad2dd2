package io.headwater.api;

import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The node's HTTP server: the faces' routes plus {@code GET /healthz}, a trivial endpoint that also
 * serves as the same-node baseline of the API benchmark.
 */
public final class HttpApi extends AllDirectives {
  private HttpApi() {}

  public static CompletionStage<ServerBinding> bind(ActorSystem<?> system, String iface, int port, Route... faces) {
    HttpApi api = new HttpApi();
    Route all = api.concat(api.health(), faces);
    return Http.get(system).newServerAt(iface, port).bind(all);
  }

  private Route health() {
    return path("healthz", () -> get(() ->
        complete(HttpResponse.create().withEntity(ContentTypes.TEXT_PLAIN_UTF8, "ok"))));
  }
}
