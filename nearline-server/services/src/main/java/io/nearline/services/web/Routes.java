package io.nearline.services.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.router.Endpoint;
import io.javalin.router.EndpointMetadata;
import io.nearline.common.config.InvalidConfigException;
import io.nearline.common.config.Validation;
import io.nearline.common.json.Json;
import io.nearline.services.NearlineException;
import java.util.Map;
import java.util.Set;

/**
 * Where a {@link WebModule} registers what it serves. API routes carry their {@link RouteDoc};
 * pages and assets are served by the same server, outside the API's description.
 */
public final class Routes {
  /** Marks a server-rendered page: HTML for people, not part of the API. */
  public record Page(Access access) implements EndpointMetadata {}

  /** Lets a request through to its route, or answers it (401, 403) and stops it. */
  @FunctionalInterface
  public interface Guard {
    /**
     * Throws to refuse; on success the request goes on to the route's handler.
     *
     * @param page whether the route is a console page or form, which a signed-in person's
     *     session may call (API routes take tokens only)
     */
    void admit(Context ctx, Access access, boolean page);
  }

  /** Hears how every call ended, admitted or refused, with what its route changed. */
  @FunctionalInterface
  public interface Recorder {
    /**
     * @param status the answer's status (an exception's, if the call failed)
     * @param before what the route's subject was before the call, or null
     * @param after what it is after a call that succeeded, or null
     */
    void record(Context ctx, Access access, int status, Object before, Object after);
  }

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Routes.class);

  private final JavalinConfig config;
  private final Guard guard;
  private final Recorder recorder;

  public Routes(JavalinConfig config, Guard guard, Recorder recorder) {
    this.config = config;
    this.guard = guard;
    this.recorder = recorder;
  }

  public Routes get(String path, RouteDoc doc, Handler handler) {
    return add(HandlerType.GET, path, doc, handler);
  }

  public Routes post(String path, RouteDoc doc, Handler handler) {
    return add(HandlerType.POST, path, doc, handler);
  }

  public Routes delete(String path, RouteDoc doc, Handler handler) {
    return add(HandlerType.DELETE, path, doc, handler);
  }

  /** A server-rendered page, answered with HTML. */
  public Routes page(String path, Access access, Handler handler) {
    return add(HandlerType.GET, path, new Page(access), handler);
  }

  /** A console form's target: a POST that carries its CSRF token, answered with HTML. */
  public Routes form(String path, Access access, Handler handler) {
    return add(HandlerType.POST, path, new Page(access), handler);
  }

  /** How a refusal or failure on a page is shown, as HTML rather than the API's JSON. */
  @FunctionalInterface
  public interface ErrorPage {
    void render(Context ctx, int status, String message);
  }

  /** The request attribute that marks a page's request, for errors to be shown as HTML. */
  public static final String PAGE_ERRORS = "nearline.page-errors";

  private ErrorPage errorPage;

  /** Shows errors on pages with {@code page} (the console's layout). */
  public Routes errorPage(ErrorPage page) {
    this.errorPage = page;
    return this;
  }

  /** Files on the class path under {@code directory}, served at {@code path}. */
  public Routes assets(String path, String directory) {
    config.staticFiles.add(files -> {
      files.hostedPath = path;
      files.directory = directory;
      files.location = Location.CLASSPATH;
    });
    return this;
  }

  private Routes add(HandlerType method, String path, EndpointMetadata doc, Handler handler) {
    Access access = doc instanceof RouteDoc r ? r.access() : ((Page) doc).access();
    java.util.function.Function<Context, Object> subject =
        doc instanceof RouteDoc r ? r.subject() : null;
    boolean page = doc instanceof Page;
    Handler guarded = ctx -> {
      Object before = null;
      if (page && errorPage != null) {
        ctx.attribute(PAGE_ERRORS, errorPage);
      }
      try {
        guard.admit(ctx, access, page); // first: a refusal says nothing of what exists
        before = read(subject, ctx);
        handler.handle(ctx);
      } catch (NearlineException e) {
        record(ctx, access, e.status(), before, null);
        throw e;
      } catch (HttpResponseException e) {
        record(ctx, access, e.getStatus(), before, null);
        throw e;
      } catch (Exception | Error e) {
        record(ctx, access, 500, before, null);
        throw e;
      }
      record(ctx, access, ctx.statusCode(), before, read(subject, ctx));
    };
    config.routes.addEndpoint(new Endpoint(method, path, guarded, Set.of(doc)));
    return this;
  }

  /**
   * Records a call; a failure to record is logged, never answered: the call has been done (a
   * token made, a failover started) and the caller must hear so.
   */
  private void record(Context ctx, Access access, int status, Object before, Object after) {
    try {
      recorder.record(ctx, access, status, before, after);
    } catch (RuntimeException e) {
      LOG.error("could not record {} {} ({}) in the audit log", ctx.method(), ctx.path(),
          status, e);
    }
  }

  /** The route's subject as it stands, or null if there is none (not yet, or no longer). */
  private static Object read(java.util.function.Function<Context, Object> subject, Context ctx) {
    if (subject == null) {
      return null;
    }
    try {
      return subject.apply(ctx);
    } catch (NearlineException absent) {
      return null;
    }
  }

  /** Who may call an endpoint, as its route declared it. */
  public static Access access(Endpoint endpoint) {
    RouteDoc doc = endpoint.metadata(RouteDoc.class);
    return doc != null ? doc.access() : endpoint.metadata(Page.class).access();
  }

  /**
   * A request's body as {@code type}: read strictly (an unknown field is refused, named) and
   * validated; what is wrong is answered 400, field by field, the same on every route.
   */
  public static <T> T body(Context ctx, Class<T> type) {
    return parse(ctx.body(), type);
  }

  /**
   * JSON as {@code type}, read and validated as every API body is: what the console's forms
   * send goes through here too, so both say the same about the same mistake.
   */
  public static <T> T parse(String text, Class<T> type) {
    try {
      T value = Json.read(text.isBlank() ? "{}" : text, type);
      if (value instanceof Record record) {
        Map<String, String> problems = Validation.problems(record);
        if (!problems.isEmpty()) {
          throw new InvalidConfigException(problems);
        }
      }
      return value;
    } catch (InvalidConfigException e) {
      throw new NearlineException(400, "invalid " + type.getSimpleName() + ": "
          + e.getMessage(), e.fields(), e);
    }
  }
}
