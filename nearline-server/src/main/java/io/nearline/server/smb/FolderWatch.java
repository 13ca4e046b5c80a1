package io.nearline.server.smb;

import java.io.IOException;
import jcifs.CIFSContext;
import jcifs.CIFSException;
import jcifs.FileNotifyInformation;
import jcifs.SmbWatchHandle;
import jcifs.smb.SmbFile;

/**
 * Waits for names to change in a share's folder (SMB2 CHANGE_NOTIFY). It holds a connection of its
 * own: a waiting request never queues behind a transfer, and closing that connection is what ends
 * a wait, since the protocol's cancel is not exposed by the client.
 */
public final class FolderWatch implements AutoCloseable {
  private final CIFSContext context;
  private final SmbFile folder;
  private final SmbWatchHandle handle;

  private FolderWatch(CIFSContext context, SmbFile folder, SmbWatchHandle handle) {
    this.context = context;
    this.folder = folder;
    this.handle = handle;
  }

  static FolderWatch open(String url, CIFSContext context) throws IOException {
    SmbFile folder = null;
    try {
      folder = new SmbFile(url, context);
      // Names only: a segment renamed into place is one change, not one per write.
      return new FolderWatch(context, folder,
          folder.watch(FileNotifyInformation.FILE_NOTIFY_CHANGE_FILE_NAME, false));
    } catch (IOException | RuntimeException e) {
      if (folder != null) {
        folder.close();
      }
      closeQuietly(context);
      throw e;
    }
  }

  /**
   * Blocks until a file is created, renamed or deleted in the folder. The server keeps changes
   * made between two calls, so a change is not lost while the caller handles the previous one.
   * Throws once the watch is closed or the connection breaks.
   */
  public void awaitChange() throws IOException {
    handle.watch();
  }

  @Override
  public void close() {
    try {
      handle.close(); // releases the handle; the wait itself ends only with the connection
    } catch (CIFSException ignored) {
      // the connection is gone already
    }
    folder.close();
    closeQuietly(context);
  }

  private static void closeQuietly(CIFSContext context) {
    try {
      context.close();
    } catch (CIFSException ignored) {
      // nothing more to release
    }
  }
}
