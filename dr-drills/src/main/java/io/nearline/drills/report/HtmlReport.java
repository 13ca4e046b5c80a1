package io.nearline.drills.report;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.velocity.Template;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.VelocityEngine;

/**
 * A drill report as a page: rendered by Velocity from the kept JSON report, so the page, the
 * PDF made from it and the JSON say the same. Valid XHTML, which the PDF renderer needs.
 */
public final class HtmlReport {
  private final VelocityEngine velocity = new VelocityEngine();
  private final Template template;

  public HtmlReport() {
    Properties p = new Properties();
    p.setProperty("resource.loaders", "class");
    p.setProperty("resource.loader.class.class",
        "org.apache.velocity.runtime.resource.loader.ClasspathResourceLoader");
    p.setProperty("runtime.strict_mode.enable", "true");
    velocity.init(p);
    template = velocity.getTemplate("io/nearline/drills/report.vm", "UTF-8");
  }

  /** The page of {@code report}, whose kept JSON has the SHA-256 {@code sha256}. */
  public byte[] render(DrillReport report, String sha256) {
    VelocityContext context = new VelocityContext();
    context.put("r", report);
    context.put("sha256", sha256);
    context.put("esc", new Escape());
    StringWriter out = new StringWriter();
    template.merge(context, out);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Escapes text for XHTML; templates call {@code $esc.html($value)}. */
  public static final class Escape {
    public String html(Object value) {
      if (value == null) {
        return "";
      }
      // Characters XML 1.0 does not allow (a program's colour codes, say) would make the page
      // unreadable as XHTML, and the PDF impossible.
      return value.toString().replaceAll("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\uFFFE\\uFFFF]", "?")
          .replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
          .replace("\"", "&quot;");
    }
  }
}
