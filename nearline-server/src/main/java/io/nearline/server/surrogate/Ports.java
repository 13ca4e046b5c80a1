package io.nearline.server.surrogate;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** A free loopback port for a new surrogate. */
final class Ports {
  private Ports() {}

  static int free() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
