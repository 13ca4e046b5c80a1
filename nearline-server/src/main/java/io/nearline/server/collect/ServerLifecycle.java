package io.nearline.server.collect;

import io.nearline.server.catalog.ProtectedServerRow;

/** What else happens to a protected server besides collection: its surrogate. */
public interface ServerLifecycle {

  /** Called once a server is saved and collecting. */
  void protectedServer(ProtectedServerRow row);

  /** Called before a server's records and files are deleted. */
  void removing(ProtectedServerRow row);

  /** The surrogate's part of the server's status. */
  SurrogateView view(String name);

  /** Where the server's surrogate takes its log files from, and who owns them; null if none. */
  default java.nio.file.Path spool(String name) {
    return null;
  }

  /** The account that must own the spooled files. */
  default String spoolOwner() {
    return null;
  }

  ServerLifecycle NONE = new ServerLifecycle() {
    @Override
    public void protectedServer(ProtectedServerRow row) {}

    @Override
    public void removing(ProtectedServerRow row) {}

    @Override
    public SurrogateView view(String name) {
      return SurrogateView.NONE;
    }
  };
}
