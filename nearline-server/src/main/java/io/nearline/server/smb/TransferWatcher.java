package io.nearline.server.smb;

import java.time.Duration;

/**
 * Told when a transfer breaks and is resumed on a new stream, so that status can say so while
 * it waits rather than only once every attempt has failed.
 */
public interface TransferWatcher {
  /**
   * A transfer broke and will be tried again after {@code pause}.
   *
   * @param attempt the attempt about to be made, the first counted as 1
   * @param attempts attempts allowed in all
   */
  void broken(RemoteFile file, long offset, int attempt, int attempts, Duration pause,
      String cause);

  /** A transfer that had broken finished. */
  void resumed(RemoteFile file);

  TransferWatcher NONE = new TransferWatcher() {
    @Override
    public void broken(RemoteFile file, long offset, int attempt, int attempts, Duration pause,
        String cause) {}

    @Override
    public void resumed(RemoteFile file) {}
  };
}
