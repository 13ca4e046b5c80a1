package io.nearline.directory;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldap.sdk.ResultCode;

/** A bound connection pool to one directory; the service entries and mailboxes work through it. */
public final class Directory implements AutoCloseable {
  private final DirectorySettings settings;
  private final LDAPConnectionPool pool;

  private Directory(DirectorySettings settings, LDAPConnectionPool pool) {
    this.settings = settings;
    this.pool = pool;
  }

  /** Connects and binds, or says plainly whether the directory is unreachable or refused us. */
  public static Directory connect(DirectorySettings settings) throws DirectoryException {
    LDAPConnectionOptions options = new LDAPConnectionOptions();
    options.setConnectTimeoutMillis(5_000);
    options.setResponseTimeoutMillis(30_000);
    try {
      LDAPConnection first = new LDAPConnection(options, settings.host(), settings.port(),
          settings.bindDn(), settings.password());
      return new Directory(settings, new LDAPConnectionPool(first, 1, 4));
    } catch (LDAPException e) {
      throw new DirectoryException(explain(settings, e), e);
    }
  }

  static String explain(DirectorySettings settings, LDAPException e) {
    ResultCode code = e.getResultCode();
    if (code == ResultCode.INVALID_CREDENTIALS) {
      return "the directory " + settings.url() + " refused the credentials of "
          + settings.bindDn();
    }
    if (code == ResultCode.CONNECT_ERROR || code == ResultCode.SERVER_DOWN
        || code == ResultCode.TIMEOUT) {
      return "the directory " + settings.url() + " cannot be reached: "
          + e.getDiagnosticMessage();
    }
    return "the directory " + settings.url() + " answered " + code + ": " + e.getMessage();
  }

  public LDAPInterface ldap() {
    return pool;
  }

  public DirectorySettings settings() {
    return settings;
  }

  /** Whether the entry {@code dn} exists (and this account may read it). */
  public boolean exists(String dn) throws DirectoryException {
    try {
      return pool.getEntry(dn, "1.1") != null;
    } catch (LDAPException e) {
      throw new DirectoryException("cannot read " + dn + ": " + explain(settings, e), e);
    }
  }

  public ServiceEntries serviceEntries(String baseDn) {
    return new ServiceEntries(this, baseDn);
  }

  public MailboxRebinder mailboxes(String usersBaseDn) {
    return new MailboxRebinder(this, usersBaseDn);
  }

  /** Applies one change as a compare-and-swap; see {@link CompareAndSwap}. */
  public CompareAndSwap.Outcome apply(EntryChange change) throws DirectoryException {
    return CompareAndSwap.apply(this, change);
  }

  @Override
  public void close() {
    pool.close();
  }
}
