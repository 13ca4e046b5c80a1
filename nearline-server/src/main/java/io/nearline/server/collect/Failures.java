package io.nearline.server.collect;

import io.nearline.shadow.store.StoreFullException;
import jcifs.smb.SmbAuthException;
import jcifs.smb.SmbException;

/**
 * Sorts a failure into what to do about it, walking the cause chain: retry with backoff
 * (network, timeouts, a server starting), wait for space (full store), or stop and tell the
 * operator (wrong credentials, missing share, access denied).
 */
public final class Failures {
  private static final int LOGON_FAILURE = 0xC000006D;
  private static final int WRONG_PASSWORD = 0xC000006A;
  private static final int NO_SUCH_USER = 0xC0000064;
  private static final int ACCOUNT_DISABLED = 0xC0000072;
  private static final int ACCOUNT_LOCKED_OUT = 0xC0000234;
  private static final int PASSWORD_EXPIRED = 0xC0000071;
  private static final int ACCESS_DENIED = 0xC0000022;
  private static final int BAD_NETWORK_NAME = 0xC00000CC;

  public enum Kind { RETRIABLE, STORE_FULL, PERMANENT }

  public record Failure(Kind kind, String message) {}

  private Failures() {}

  public static boolean isRetriable(Throwable t) {
    return classify(t).kind() == Kind.RETRIABLE;
  }

  public static Failure classify(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof StoreFullException) {
        return new Failure(Kind.STORE_FULL, c.getMessage());
      }
      if (c instanceof SmbException e) {
        switch (e.getNtStatus()) {
          case LOGON_FAILURE, WRONG_PASSWORD, NO_SUCH_USER:
            return permanent("authentication to the share failed: wrong user name or password", t);
          case ACCOUNT_DISABLED, ACCOUNT_LOCKED_OUT, PASSWORD_EXPIRED:
            return permanent("the share's account cannot log on (disabled, locked or expired)", t);
          case ACCESS_DENIED:
            return permanent("access denied: the share user may not read this; check the "
                + "permissions on the primary's archive folder and its files", t);
          case BAD_NETWORK_NAME:
            return permanent("the server has no share of that name", t);
          default:
            if (c instanceof SmbAuthException) {
              return permanent("authentication to the share failed", t);
            }
        }
      }
    }
    return new Failure(Kind.RETRIABLE, describe(t));
  }

  private static Failure permanent(String what, Throwable failure) {
    return new Failure(Kind.PERMANENT, what + " (" + describe(failure) + ")");
  }

  /** The outermost message, with the root cause's when it says something more. */
  static String describe(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String outer = String.valueOf(t.getMessage());
    if (root == t || root.getMessage() == null || outer.contains(root.getMessage())) {
      return outer;
    }
    return outer + ": " + root.getMessage();
  }
}
