package io.nearline.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenSourceTest {
  @TempDir Path home;

  @Test
  void shouldTakeTheOptionThenTheEnvironmentThenTheFileInTheHome() throws Exception {
    Path inHome = home.resolve(TokenSource.HOME_FILE);
    Files.createDirectories(inHome.getParent());
    Files.writeString(inHome, "nl_home\n");
    Files.setPosixFilePermissions(inHome, PosixFilePermissions.fromString("rw-------"));
    Path option = home.resolve("option.token");
    Files.writeString(option, "nl_option");
    Files.setPosixFilePermissions(option, PosixFilePermissions.fromString("r--------"));

    assertEquals("nl_option", TokenSource.find(option, Map.of(TokenSource.ENV, "nl_env"), home)
        .orElseThrow().reveal());
    assertEquals("nl_env", TokenSource.find(null, Map.of(TokenSource.ENV, "nl_env"), home)
        .orElseThrow().reveal());
    assertEquals("nl_home", TokenSource.find(null, Map.of(), home).orElseThrow().reveal());
    assertTrue(TokenSource.find(null, Map.of(), home.resolve("nobody")).isEmpty());
  }

  @Test
  void shouldRefuseATokenFileOthersCanRead() throws Exception {
    Path inHome = home.resolve(TokenSource.HOME_FILE);
    Files.createDirectories(inHome.getParent());
    Files.writeString(inHome, "nl_home\n");
    Files.setPosixFilePermissions(inHome, PosixFilePermissions.fromString("rw-r-----"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TokenSource.find(null, Map.of(), home));
    assertTrue(e.getMessage().contains("chmod 600 " + inHome), e.getMessage());
    assertTrue(e.getMessage().contains("can be read or written by others"), e.getMessage());
  }

  @Test
  void shouldRefuseAnEmptyTokenFile() throws Exception {
    Path empty = home.resolve("empty.token");
    Files.writeString(empty, "\n");
    Files.setPosixFilePermissions(empty, PosixFilePermissions.fromString("rw-------"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TokenSource.find(empty, Map.of(), home));
    assertEquals("the token file " + empty + " is empty", e.getMessage());
  }
}
