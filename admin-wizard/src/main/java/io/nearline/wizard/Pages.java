package io.nearline.wizard;

import java.io.StringWriter;
import java.util.Map;
import java.util.Properties;
import org.apache.velocity.Template;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.VelocityEngine;
import org.apache.velocity.app.event.EventCartridge;
import org.apache.velocity.app.event.ReferenceInsertionEventHandler;
import org.apache.velocity.runtime.RuntimeConstants;
import org.apache.velocity.runtime.resource.loader.ClasspathResourceLoader;

/**
 * The console's Velocity templates, read from this jar. Every value a template inserts is
 * HTML-escaped (server names, errors and paths come from operators and primaries), except
 * references named {@code raw...}: HTML the console rendered itself from escaped templates.
 */
final class Pages {
  private static final String ROOT = "io/nearline/wizard/pages/";

  private final VelocityEngine engine;

  Pages() {
    Properties p = new Properties();
    p.setProperty(RuntimeConstants.RESOURCE_LOADERS, "classpath");
    p.setProperty("resource.loader.classpath.class", ClasspathResourceLoader.class.getName());
    p.setProperty(RuntimeConstants.RUNTIME_REFERENCES_STRICT, "true");
    p.setProperty(RuntimeConstants.VM_LIBRARY, ROOT + "macros.vm");
    engine = new VelocityEngine(p);
    engine.init();
  }

  /** {@code page}.vm rendered with {@code values}. */
  String render(String page, Map<String, Object> values) {
    VelocityContext context = new VelocityContext(new java.util.HashMap<>(values));
    EventCartridge escaping = new EventCartridge();
    escaping.addEventHandler((ReferenceInsertionEventHandler) (c, reference, value) ->
        value == null || reference.matches("\\$!?\\{?raw.*") ? value : escape(value.toString()));
    escaping.attachToContext(context);
    Template template = engine.getTemplate(ROOT + page + ".vm", "UTF-8");
    StringWriter out = new StringWriter();
    template.merge(context, out);
    return out.toString();
  }

  static String escape(String text) {
    StringBuilder b = new StringBuilder(text.length() + 16);
    for (char c : text.toCharArray()) {
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
