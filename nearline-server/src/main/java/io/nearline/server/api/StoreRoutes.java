package io.nearline.server.api;

import io.nearline.common.config.Describe;
import io.nearline.server.secret.StoreKeys;
import io.nearline.server.secret.StoreRekey;
import io.nearline.services.Nearline;
import io.nearline.services.NearlineException;
import io.nearline.services.web.RouteDoc;
import io.nearline.services.web.Routes;
import io.nearline.services.web.WebModule;
import io.nearline.shadow.store.LogStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Encryption at rest: the store's data keys, their rotation, and re-sealing the store. */
public final class StoreRoutes implements WebModule {
  private final StoreKeys keys;
  private final LogStore store;
  private final StoreRekey rekey;

  public StoreRoutes(StoreKeys keys, LogStore store, StoreRekey rekey) {
    this.keys = keys;
    this.store = store;
    this.rekey = rekey;
  }

  /** A data key as shown: never the key itself. */
  public record Key(int id, Instant createdAt, boolean active) {}

  /** Whether the store is encrypted, under which keys, and where re-sealing stands. */
  public record StoreState(boolean encrypted, List<Key> keys, StoreRekey.Progress rekey) {}

  /** What {@code rekey} does: re-seal under the active key, or wrap the keys anew. */
  public record RekeyRequest(
      @Describe("A new master key file to wrap the data keys under (made, mode 0600, if it does "
          + "not exist); the server must then start with it. Without it: every object is "
          + "sealed anew under the active data key, in the background") String newMasterKey) {}

  @Override
  public void register(Routes routes, Nearline services) {
    routes.get("/api/store", RouteDoc.admin("Encryption at rest: the data keys (never their "
            + "bytes) and where re-sealing stands").answers(StoreState.class),
            ctx -> ctx.json(state()))
        .post("/api/store/rotate-key", RouteDoc.admin("Make a new data key: new objects are "
            + "sealed under it, older ones stay readable").answers(StoreState.class), ctx -> {
              try {
                keys.rotate();
              } catch (IllegalStateException e) {
                throw new NearlineException(409, e.getMessage());
              }
              store.setCipher(keys.cipher());
              ctx.json(state());
            })
        .post("/api/store/rekey", RouteDoc.admin("Re-seal every stored object under the active "
            + "data key in the background (resumable; follow it at GET /api/store), or wrap the "
            + "data keys under a new master key").takes(RekeyRequest.class)
            .answers(StoreState.class).status(202), ctx -> {
              RekeyRequest r = Routes.body(ctx, RekeyRequest.class);
              if (!keys.encrypted()) {
                throw new NearlineException(409, "the store is kept in clear: start the server "
                    + "with --master-key FILE to encrypt it");
              }
              if (r.newMasterKey() != null && !r.newMasterKey().isBlank()) {
                keys.rewrap(Path.of(r.newMasterKey()));
              } else {
                rekey.start();
              }
              ctx.status(202).json(state());
            });
  }

  private StoreState state() {
    return new StoreState(keys.encrypted(), keys.keys().stream().map(k -> new Key(k.id(),
        k.createdAt(), k.active())).toList(), rekey.progress());
  }
}
