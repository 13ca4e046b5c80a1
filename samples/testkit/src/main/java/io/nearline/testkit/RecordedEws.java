package io.nearline.testkit;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An Exchange Web Services endpoint on loopback that answers with recorded responses: GetFolder
 * of a mailbox it knows gives its inbox (12 items, 3 unread), of any other the error Exchange
 * gives for an address without a mailbox. Requests without Basic credentials get 401, as
 * Exchange does. What was asked is kept for tests to read.
 */
public final class RecordedEws implements AutoCloseable {
  public static final String PATH = "/EWS/Exchange.asmx";

  private final HttpServer server;
  private final List<String> requests = new CopyOnWriteArrayList<>();

  private RecordedEws(HttpServer server) {
    this.server = server;
  }

  /** Serves, knowing {@code mailboxes} (SMTP addresses). */
  public static RecordedEws start(Set<String> mailboxes) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      RecordedEws ews = new RecordedEws(server);
      server.createContext(PATH, exchange -> {
        String request = new String(exchange.getRequestBody().readAllBytes(),
            StandardCharsets.UTF_8);
        ews.requests.add(request);
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth == null) {
          exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"ews\"");
          exchange.sendResponseHeaders(401, -1);
          exchange.close();
          return;
        }
        boolean known = mailboxes.stream().anyMatch(m -> request.contains(">" + m + "<"));
        byte[] body = recording(known ? "GetFolder-inbox.xml" : "GetFolder-no-mailbox.xml");
        exchange.getResponseHeaders().add("Content-Type", "text/xml; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      });
      server.start();
      return ews;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve the recorded EWS endpoint", e);
    }
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
  }

  public List<String> requests() {
    return requests;
  }

  private static byte[] recording(String name) throws IOException {
    try (InputStream in = RecordedEws.class.getResourceAsStream("ews/" + name)) {
      return in.readAllBytes();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
