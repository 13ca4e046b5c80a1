package io.nearline.directory;

import java.net.URI;

/**
 * Where the directory is and who Nearline binds as.
 *
 * @param url {@code ldap://host:port}
 * @param bindDn the account allowed to modify service entries and mailbox users
 * @param password its password; never logged
 */
public record DirectorySettings(String url, String bindDn, String password) {
  public DirectorySettings {
    URI u = URI.create(url);
    if (!"ldap".equals(u.getScheme()) || u.getHost() == null) {
      throw new IllegalArgumentException("directory url must look like ldap://host:port, not "
          + url);
    }
  }

  public String host() {
    return URI.create(url).getHost();
  }

  public int port() {
    int port = URI.create(url).getPort();
    return port < 0 ? 389 : port;
  }

  @Override
  public String toString() {
    return "DirectorySettings[url=" + url + ", bindDn=" + bindDn + "]";
  }
}
