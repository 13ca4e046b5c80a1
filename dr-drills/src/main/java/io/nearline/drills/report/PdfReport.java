package io.nearline.drills.report;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** A report's page as a PDF: the same XHTML, laid out by OpenHTMLtoPDF. */
public final class PdfReport {
  private PdfReport() {
  }

  public static byte[] of(byte[] xhtml) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      PdfRendererBuilder builder = new PdfRendererBuilder();
      builder.useFastMode();
      builder.withHtmlContent(new String(xhtml, StandardCharsets.UTF_8), null);
      builder.toStream(out);
      builder.run();
    } catch (IOException e) {
      throw new UncheckedIOException("the report could not be laid out as a PDF", e);
    }
    return out.toByteArray();
  }
}
