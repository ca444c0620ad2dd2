package io.headwater.media.hls;

import io.headwater.media.hls.PlaybackResolver.Elsewhere;
import io.headwater.media.hls.PlaybackResolver.Local;
import io.headwater.media.hls.PlaybackResolver.Resolution;
import io.headwater.media.hls.PlaybackResolver.Unknown;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.util.ByteString;

/**
 * Live playback over HTTP at Cloudflare's URL shapes, on the node's HTTP port:
 * <ul>
 *   <li>{@code GET /<uid>/manifest/video.m3u8}: the master playlist of the input's current broadcast; 204
 *       when the input exists but is not live, 404 for an unknown input.
 *   <li>{@code GET /<uid>/manifest/<videoUid>/<rendition>.m3u8}: a media playlist, with blocking reload on
 *       {@code _HLS_msn}/{@code _HLS_part} (rfc8216bis 6.2.5.2); {@code /<rendition>/init<n>.mp4},
 *       {@code /s<msn>.m4s} and {@code /p<msn>.<part>.m4s} below it (a hinted part is held until it exists).
 *   <li>{@code GET /<uid>/lifecycle} and {@code GET /<uid>/views}.
 * </ul>
 * Ids are checked as 32 lower-case hex digits before any lookup, and nothing a user typed reaches a
 * playlist or a path. CORS follows the input's recording.allowedOrigins; a CORS request from another
 * origin gets 403. Segments, parts and init segments are immutable (their URLs name the broadcast);
 * playlists may be cached for a second.
 */
public final class PlaybackRoutes extends AllDirectives {
  private static final String ID = "([0-9a-f]{32})";
  private static final Pattern STATUS = Pattern.compile("/" + ID + "/(lifecycle|views)");
  private static final Pattern MASTER = Pattern.compile("/" + ID + "/manifest/video\\.m3u8");
  private static final Pattern MEDIA = Pattern.compile("/" + ID + "/manifest/" + ID + "/([a-z0-9]{1,16})\\.m3u8");
  private static final Pattern FILE = Pattern.compile("/" + ID + "/manifest/" + ID + "/([a-z0-9]{1,16})/"
      + "(?:init(\\d{1,4})\\.mp4|s(\\d{1,15})\\.m4s|p(\\d{1,15})\\.(\\d{1,4})\\.m4s)");
  /** Anything shaped like a playback URL, valid or not: answered here, never by another route. */
  private static final Pattern PLAYBACK_SHAPED = Pattern.compile("/[^/]+/(manifest/.*|lifecycle|views)");
  private static final ContentType M3U8 = MediaTypes.applicationBinary("vnd.apple.mpegurl", false).toContentType();
  private static final ContentType MP4 = MediaTypes.VIDEO_MP4.toContentType();
  private static final String IMMUTABLE = "public, max-age=31536000, immutable";
  private static final String PLAYLIST_CACHE = "public, max-age=1";

  private final PlaybackResolver resolver;
  private final HlsSettings settings;

  public PlaybackRoutes(InputDirectory directory, HlsStreams streams, String selfNode, HlsSettings settings) {
    this.resolver = new PlaybackResolver(directory, streams, selfNode);
    this.settings = settings;
  }

  public Route route() {
    return extractRequest(request -> {
      String path = request.getUri().path();
      if (!PLAYBACK_SHAPED.matcher(path).matches()) return reject();
      boolean preflight = request.method().equals(HttpMethods.OPTIONS);
      if (!preflight && !request.method().equals(HttpMethods.GET) && !request.method().equals(HttpMethods.HEAD)) {
        return complete(plain(StatusCodes.METHOD_NOT_ALLOWED, "only GET, HEAD and OPTIONS"));
      }
      Matcher m;
      if ((m = STATUS.matcher(path)).matches()) return answer(request, m.group(1), preflight, status(m.group(2)));
      if ((m = MASTER.matcher(path)).matches()) return answer(request, m.group(1), preflight, this::master);
      if ((m = MEDIA.matcher(path)).matches()) return answer(request, m.group(1), preflight, media(request, m));
      if ((m = FILE.matcher(path)).matches()) return answer(request, m.group(1), preflight, file(m));
      return complete(plain(StatusCodes.NOT_FOUND, "not found"));
    });
  }

  /** Resolves the input, applies CORS, then lets {@code handler} answer for a live input on this node. */
  private Route answer(HttpRequest request, String uid, boolean preflight, Handler handler) {
    String origin = request.getHeader("Origin").map(HttpHeader::value).orElse(null);
    CompletionStage<HttpResponse> response = resolver.resolve(uid).thenCompose(r -> {
      if (r instanceof Unknown) return done(json(StatusCodes.NOT_FOUND, "{\"isInput\":false,\"videoUID\":null,\"live\":false}"));
      var input = r.input();
      if (!Cors.allows(input.allowedOrigins(), origin)) {
        return done(plain(StatusCodes.FORBIDDEN, "origin not allowed by the live input's allowedOrigins"));
      }
      if (preflight) return done(HttpResponse.create().withStatus(StatusCodes.NO_CONTENT).addHeaders(preflightHeaders(request)));
      return handler.handle(request, r);
    }).exceptionally(failure -> plain(StatusCodes.SERVICE_UNAVAILABLE, "playback lookup failed, retry")
        .addHeader(RawHeader.create("Retry-After", "1")));
    return completeWithFuture(response.thenApply(res -> withCors(res, origin)));
  }

  private interface Handler {
    CompletionStage<HttpResponse> handle(HttpRequest request, Resolution resolution);
  }

  private Handler status(String which) {
    return (request, r) -> {
      boolean live = r instanceof Elsewhere || (r instanceof Local l && l.broadcast().state() != Broadcast.State.ENDED);
      if (which.equals("lifecycle")) {
        String video = r instanceof Local l && live ? "\"" + l.broadcast().videoUid() + "\"" : "null";
        return done(json(StatusCodes.OK, "{\"isInput\":true,\"videoUID\":" + video + ",\"live\":" + live + "}"));
      }
      if (r.input().hideLiveViewerCount()) return done(json(StatusCodes.OK, "{}"));
      int viewers = r instanceof Local l && live ? l.broadcast().liveViewers() : 0;
      return done(json(StatusCodes.OK, "{\"liveViewers\":" + viewers + "}"));
    };
  }

  private CompletionStage<HttpResponse> master(HttpRequest request, Resolution r) {
    if (r instanceof Elsewhere e) return done(elsewhere(e));
    if (!(r instanceof Local l) || l.broadcast().state() == Broadcast.State.ENDED) return done(notLive());
    Broadcast b = l.broadcast();
    b.viewers().seen(clientOf(request));
    // Right after a publish starts, wait for the first segment rather than answer 204 to an eager player.
    return within(b.source().awaitPlaylist(0, null))
        .thenApply(ignored -> b.masterPlaylist().map(text -> playlist(text)).orElseGet(this::notLive))
        .exceptionally(timeout -> b.masterPlaylist().map(text -> playlist(text)).orElseGet(this::notLive));
  }

  private Handler media(HttpRequest request, Matcher m) {
    String videoUid = m.group(2);
    String rendition = m.group(3);
    Optional<String> msnParam = request.getUri().query().get("_HLS_msn");
    Optional<String> partParam = request.getUri().query().get("_HLS_part");
    return (req, r) -> {
      Optional<RenditionWindow> window = window(r, videoUid, rendition);
      if (window.isEmpty()) return done(plain(StatusCodes.NOT_FOUND, "no such broadcast or rendition"));
      Broadcast b = ((Local) r).broadcast();
      b.viewers().seen(clientOf(req));
      RenditionWindow w = window.get();
      if (msnParam.isEmpty()) {
        if (partParam.isPresent()) return done(plain(StatusCodes.BAD_REQUEST, "_HLS_part without _HLS_msn"));
        return done(w.playlist().map(text -> playlist(b.withRenditionReports(w, text))).orElseGet(this::notLive));
      }
      Long msn = number(msnParam.get());
      Long part = partParam.map(PlaybackRoutes::number).orElse(null);
      if (msn == null || (partParam.isPresent() && (part == null || part > Integer.MAX_VALUE))) {
        return done(plain(StatusCodes.BAD_REQUEST, "_HLS_msn and _HLS_part are non-negative integers"));
      }
      if (w.tooFarAhead(msn)) return done(plain(StatusCodes.BAD_REQUEST, "_HLS_msn is more than two segments ahead"));
      return within(w.awaitPlaylist(msn, part == null ? null : part.intValue()))
          .thenApply(text -> playlist(b.withRenditionReports(w, text)))
          .exceptionally(timeout -> plain(StatusCodes.SERVICE_UNAVAILABLE, "the requested part did not appear in time")
              .addHeader(RawHeader.create("Retry-After", "1")));
    };
  }

  private Handler file(Matcher m) {
    String videoUid = m.group(2);
    String rendition = m.group(3);
    String init = m.group(4);
    String segment = m.group(5);
    String partMsn = m.group(6);
    String partIndex = m.group(7);
    return (req, r) -> {
      Optional<RenditionWindow> window = window(r, videoUid, rendition);
      if (window.isEmpty()) return done(plain(StatusCodes.NOT_FOUND, "no such broadcast or rendition"));
      RenditionWindow w = window.get();
      if (init != null) return done(media(w.init(Integer.parseInt(init)).map(List::of)));
      if (segment != null) return done(media(w.segment(Long.parseLong(segment))));
      CompletableFuture<Optional<byte[]>> part = w.awaitPart(Long.parseLong(partMsn), Integer.parseInt(partIndex));
      return within(part).thenApply(bytes -> media(bytes.map(List::of)))
          .exceptionally(timeout -> plain(StatusCodes.NOT_FOUND, "part did not appear in time"));
    };
  }

  private static Optional<RenditionWindow> window(Resolution r, String videoUid, String rendition) {
    if (!(r instanceof Local l) || !l.broadcast().videoUid().equals(videoUid)) return Optional.empty();
    return l.broadcast().rendition(rendition);
  }

  private <T> CompletableFuture<T> within(CompletableFuture<T> waiting) {
    // Times out the window's own future, so the window drops the waiter instead of keeping it until answered.
    return waiting.orTimeout(settings.blockingReloadTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  private HttpResponse playlist(String text) {
    return HttpResponse.create().withEntity(M3U8, text.getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .addHeader(RawHeader.create("Cache-Control", PLAYLIST_CACHE));
  }

  private static HttpResponse media(Optional<List<byte[]>> fragments) {
    if (fragments.isEmpty()) return plain(StatusCodes.NOT_FOUND, "not found (it may have left the live window)");
    ByteString body = ByteString.emptyByteString();
    for (byte[] f : fragments.get()) body = body.concat(ByteString.fromArrayUnsafe(f));
    return HttpResponse.create().withEntity(MP4, body).addHeader(RawHeader.create("Cache-Control", IMMUTABLE));
  }

  private HttpResponse notLive() {
    return HttpResponse.create().withStatus(StatusCodes.NO_CONTENT).addHeader(RawHeader.create("Cache-Control", "no-cache"));
  }

  /** Cross-node playback arrives with the cluster: until then, say where the stream is and to retry. */
  private static HttpResponse elsewhere(Elsewhere e) {
    return plain(StatusCodes.SERVICE_UNAVAILABLE, "this input is published on another node; playback from it is not served here yet")
        .addHeader(RawHeader.create("Retry-After", "2"));
  }

  private static Iterable<HttpHeader> preflightHeaders(HttpRequest request) {
    List<HttpHeader> headers = new ArrayList<>();
    headers.add(RawHeader.create("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS"));
    request.getHeader("Access-Control-Request-Headers")
        .ifPresent(h -> headers.add(RawHeader.create("Access-Control-Allow-Headers", h.value())));
    headers.add(RawHeader.create("Access-Control-Max-Age", "600"));
    return headers;
  }

  private static HttpResponse withCors(HttpResponse response, String origin) {
    HttpResponse out = response.addHeader(RawHeader.create("Vary", "Origin"));
    if (origin == null || response.status().equals(StatusCodes.FORBIDDEN)) return out;
    return out.addHeader(RawHeader.create("Access-Control-Allow-Origin", origin));
  }

  private static String clientOf(HttpRequest request) {
    String address = request.getAttribute(org.apache.pekko.http.javadsl.model.AttributeKeys.remoteAddress)
        .flatMap(a -> a.getAddress().map(java.net.InetAddress::getHostAddress)).orElse("?");
    // The User-Agent as a hash: the viewer map stays small whatever clients send.
    return address + "|" + Integer.toHexString(request.getHeader("User-Agent").map(HttpHeader::value).orElse("").hashCode());
  }

  private static Long number(String s) {
    if (s.isEmpty() || s.length() > 15 || !s.chars().allMatch(Character::isDigit)) return null;
    return Long.parseLong(s);
  }

  private static HttpResponse plain(org.apache.pekko.http.javadsl.model.StatusCode status, String text) {
    return HttpResponse.create().withStatus(status).withEntity(ContentTypes.TEXT_PLAIN_UTF8, text)
        .addHeader(RawHeader.create("Cache-Control", "no-cache"));
  }

  private static HttpResponse json(org.apache.pekko.http.javadsl.model.StatusCode status, String body) {
    return HttpResponse.create().withStatus(status).withEntity(ContentTypes.APPLICATION_JSON, body)
        .addHeader(RawHeader.create("Cache-Control", "no-cache"));
  }

  private static <T> CompletionStage<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }
}
