package io.nearline.services;

import java.net.URI;
import java.net.URISyntaxException;

/** A folder on an SMB share, {@code smb://host[:port]/share[/path]/}. */
public record ShareLocation(String host, int port, String share, String path) {

  public static ShareLocation parse(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("share URL is not a URL: " + url);
    }
    if (!"smb".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "share URL must look like smb://host[:port]/share/folder/: " + url);
    }
    if (uri.getUserInfo() != null) {
      throw new IllegalArgumentException("share URL must not hold credentials: give --user and "
          + "--password-file instead");
    }
    String[] parts = uri.getPath().replaceAll("^/+|/+$", "").split("/", 2);
    if (parts[0].isEmpty()) {
      throw new IllegalArgumentException("share URL names no share: " + url);
    }
    return new ShareLocation(uri.getHost(), uri.getPort() == -1 ? 445 : uri.getPort(), parts[0],
        parts.length > 1 ? parts[1] : "");
  }

  /** The canonical URL of the folder, always ending in a slash, as jcifs wants it. */
  public String url() {
    String port = this.port == 445 ? "" : ":" + this.port;
    return "smb://" + host + port + "/" + share + "/" + (path.isEmpty() ? "" : path + "/");
  }

  @Override
  public String toString() {
    return url();
  }
}
