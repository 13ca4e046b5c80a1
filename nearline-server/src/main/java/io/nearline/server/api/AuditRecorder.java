package io.nearline.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.nearline.common.json.Json;
import io.nearline.server.auth.AuditLog;
import io.nearline.services.web.Access;
import io.nearline.services.web.Caller;
import io.nearline.services.web.Routes;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the audit log: every call that changes or does something, admitted or refused, and
 * every refused attempt to read a server's log. Reads that were let through are not actions,
 * and neither are the log reads standbys and surrogates make for every segment. Secrets in a
 * request are masked before anything is written.
 */
final class AuditRecorder implements Routes.Recorder {
  private static final Logger log = LoggerFactory.getLogger("audit");
  private static final Pattern SECRET = Pattern.compile(
      "(?i).*(password|secret|token|credential|key|code|csrf).*");
  /** A password inside a value: a libpq connection string's {@code password=...}. */
  private static final Pattern INLINE = Pattern.compile(
      "(?i)((?:password|passwd|pwd)\\s*=\\s*)('(?:[^'\\\\]|\\\\.)*'|[^\\s;&]+)");
  private static final int MAX_REQUEST = 16 << 10;
  private static final int MAX_ACTION = 300;

  private final AuditLog audit;

  AuditRecorder(AuditLog audit) {
    this.audit = audit;
  }

  @Override
  public void record(Context ctx, Access access, int status, Object before, Object after) {
    boolean refused = status == 401 || status == 403;
    boolean acts = ctx.method() != HandlerType.GET && !(access instanceof Access.LogReader);
    if (!acts && !(refused && access instanceof Access.LogReader)) {
      return;
    }
    Caller caller = ctx.attribute(Authentication.CALLER);
    String actor = caller == null ? "(none)" : caller.name();
    ObjectNode detail = Json.MAPPER.createObjectNode();
    // Without a valid token, who asked is unknown: the body is not kept, so nobody can fill
    // the log (which is never pruned) with whatever they send.
    detail.set("request", status == 401 ? null : request(ctx));
    detail.set("before", Json.MAPPER.valueToTree(before));
    detail.set("after", Json.MAPPER.valueToTree(after));
    mask(detail);
    String action = ctx.method() + " " + ctx.path();
    AuditLog.Entry e = audit.append(actor, ctx.ip(), action.length() <= MAX_ACTION ? action
        : action.substring(0, MAX_ACTION - 3) + "...", status, detail.toString());
    // A copy outside the catalog: the newest entries, removed there, still show here.
    log.atInfo().addKeyValue("id", e.id()).addKeyValue("actor", actor)
        .addKeyValue("address", e.address()).addKeyValue("status", status)
        .addKeyValue("hash", e.hash()).log(e.action());
  }

  /** The request's body as JSON with secrets masked; its text if it is not JSON. */
  private static JsonNode request(Context ctx) {
    String body = ctx.body();
    if (body.isBlank()) {
      return null;
    }
    try {
      JsonNode tree = isForm(ctx) ? form(ctx) : Json.MAPPER.readTree(body);
      mask(tree); // before it may be cut to text, where field names no longer show
      String text = tree.toString();
      return text.length() <= MAX_REQUEST ? tree
          : Json.MAPPER.getNodeFactory().textNode(text.substring(0, MAX_REQUEST) + "...");
    } catch (java.io.IOException notJson) {
      return Json.MAPPER.getNodeFactory().textNode("(" + body.length() + " bytes, not JSON)");
    }
  }

  private static boolean isForm(Context ctx) {
    String type = ctx.contentType();
    return type != null && type.startsWith("application/x-www-form-urlencoded");
  }

  /** A console form's fields, as JSON: one value as text, several as an array. */
  private static JsonNode form(Context ctx) {
    ObjectNode tree = Json.MAPPER.createObjectNode();
    ctx.formParamMap().forEach((name, values) -> {
      if (values.size() == 1) {
        tree.put(name, values.get(0));
      } else {
        values.forEach(tree.putArray(name)::add);
      }
    });
    return tree;
  }

  private static void mask(JsonNode node) {
    if (node instanceof ObjectNode object) {
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        boolean secret = SECRET.matcher(field.getKey()).matches();
        if (secret && field.getValue().isArray()) { // a form field sent more than once
          com.fasterxml.jackson.databind.node.ArrayNode masked = Json.MAPPER.createArrayNode();
          field.getValue().forEach(v -> masked.add("********"));
          field.setValue(masked);
        } else if (field.getValue().isValueNode() && secret) {
          field.setValue(Json.MAPPER.getNodeFactory().textNode("********"));
        } else if (field.getValue().isTextual()) {
          field.setValue(Json.MAPPER.getNodeFactory().textNode(
              INLINE.matcher(field.getValue().asText()).replaceAll("$1********")));
        } else {
          mask(field.getValue());
        }
      }
    } else if (node != null && node.isArray()) {
      node.forEach(AuditRecorder::mask);
    }
  }
}
