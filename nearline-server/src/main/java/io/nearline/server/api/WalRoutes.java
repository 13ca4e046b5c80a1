package io.nearline.server.api;

import io.nearline.server.collect.CollectionService;
import io.nearline.services.Nearline;
import io.nearline.services.NearlineException;
import io.nearline.services.web.RouteDoc;
import io.nearline.services.web.Routes;
import io.nearline.services.web.WebModule;
import io.nearline.shadow.store.CorruptStoredFileException;
import java.util.Optional;

/**
 * Collected log files for the restore steps of surrogates and restored standbys: a quiet 404
 * when a file is not collected (yet), a loud 500 when its stored copy is damaged.
 */
public final class WalRoutes implements WebModule {
  private final CollectionService collection;

  public WalRoutes(CollectionService collection) {
    this.collection = collection;
  }

  @Override
  public void register(Routes routes, Nearline services) {
    routes.get("/api/servers/{name}/wal/{file}", RouteDoc.logReader("A collected file, "
            + "decompressed and verified (404: not collected; 500: damaged in the store)")
            .answers(byte[].class).contentType("application/octet-stream"), ctx -> {
              String server = ctx.pathParam("name");
              String file = ctx.pathParam("file");
              Optional<byte[]> content;
              try {
                content = collection.readLogFile(server, file);
              } catch (CorruptStoredFileException e) {
                throw damaged(server, file, e);
              }
              if (content.isEmpty()) {
                ctx.status(404);
                return;
              }
              ctx.contentType("application/octet-stream").result(content.get());
            })
        .post("/api/servers/{name}/wal/{file}/stage", RouteDoc.logReader("Put a collected file, "
            + "verified, into the surrogate's spool and stage what follows (404: not collected)")
            .status(204), ctx -> {
              String server = ctx.pathParam("name");
              String file = ctx.pathParam("file");
              try {
                ctx.status(collection.stageLogFile(server, file) ? 204 : 404);
              } catch (CorruptStoredFileException e) {
                throw damaged(server, file, e);
              }
            });
  }

  private NearlineException damaged(String server, String file, CorruptStoredFileException e) {
    collection.reportDamagedFile(server, file, e.getMessage());
    return new NearlineException(500, e.getMessage());
  }
}
