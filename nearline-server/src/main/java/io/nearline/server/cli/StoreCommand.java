package io.nearline.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code nearline store}: encryption at rest. */
@Command(name = "store", description = "Encryption at rest: the store's data keys, rotating "
    + "them, and sealing the store anew.")
final class StoreCommand {
  @ParentCommand Main main;

  @Command(name = "status", description = "Whether the store is encrypted, its data keys, and "
      + "where re-sealing stands.")
  int status() {
    System.out.print(text(main.client().get("/api/store")));
    return 0;
  }

  @Command(name = "rotate-key", description = "Make a new data key: new objects are sealed "
      + "under it, older ones stay readable (run rekey to seal them anew).")
  int rotate() {
    System.out.print(text(main.client().post("/api/store/rotate-key", Map.of())));
    return 0;
  }

  @Command(name = "rekey", description = "Seal every stored object anew under the active data "
      + "key, in the background and resumable; or, with --new-master-key, wrap the data keys "
      + "under a new master key file.")
  int rekey(@Option(names = "--new-master-key", paramLabel = "FILE", description = "Made (mode "
          + "0600) if absent; start the server with it from then on.") String newMasterKey,
      @Option(names = "--wait", description = "Wait for re-sealing to end, showing progress.")
      boolean await) throws InterruptedException {
    Map<String, Object> body = new HashMap<>();
    body.put("newMasterKey", newMasterKey);
    JsonNode s = main.client().post("/api/store/rekey", body);
    while (await && newMasterKey == null
        && "running".equals(s.path("rekey").path("state").asText())) {
      System.err.printf("%s %d of %d objects%n", Terminal.ellipsis(),
          s.path("rekey").path("done").asLong(), s.path("rekey").path("objects").asLong());
      Thread.sleep(1000);
      s = main.client().get("/api/store");
    }
    System.out.print(text(s));
    return "failed".equals(s.path("rekey").path("state").asText()) ? 1 : 0;
  }

  static String text(JsonNode s) {
    StringBuilder b = new StringBuilder(s.path("encrypted").asBoolean()
        ? "the store is encrypted (AES-256-GCM)\n" : "the store is kept in clear\n");
    for (JsonNode k : s.path("keys")) {
      b.append("  data key ").append(k.path("id").asInt()).append(", made ")
          .append(k.path("createdAt").asText()).append(k.path("active").asBoolean()
              ? " (active)" : "").append('\n');
    }
    JsonNode r = s.path("rekey");
    b.append("  re-sealing: ").append(r.path("state").asText());
    if (r.path("objects").asLong() > 0) {
      b.append(", ").append(r.path("done").asLong()).append(" of ")
          .append(r.path("objects").asLong()).append(" objects under data key ")
          .append(r.path("toKey").asInt());
    }
    if (r.hasNonNull("error")) {
      b.append(": ").append(r.path("error").asText());
    }
    return b.append('\n').toString();
  }
}
