package io.nearline.recovery.standby;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recovery.AccessKind;
import io.nearline.recovery.Standby;
import io.nearline.testkit.SshServer;
import io.nearline.testkit.UnprivilegedUser;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The same commands on a local standby and on one reached over SSH (a real sshd). */
class StandbyHostIT {
  @TempDir
  static Path dir;
  static SshServer sshd;

  @BeforeAll
  static void startSshd() {
    sshd = SshServer.start(dir.resolve("sshd"));
  }

  @AfterAll
  static void stopSshd() {
    sshd.close();
  }

  static Standby standby(String access, String key) {
    return new Standby("dr", AccessKind.valueOf(access.toUpperCase()), "127.0.0.1",
        sshd.port(), sshd.user(), key, UnprivilegedUser.NAME, "dr", false, "http://127.0.0.1:1",
        Map.of());
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "ssh"})
  void shouldRunCommandsAsTheStandbyAccountAndStreamInput(String access) throws Exception {
    Path target = Files.createDirectories(dir.resolve(access));
    UnprivilegedUser.own(target);
    try (StandbyHost host = StandbyHost.connect(standby(access, sshd.clientKey().toString()))) {
      assertEquals(UnprivilegedUser.NAME, host.run("id -un", Duration.ofSeconds(10)).strip());

      byte[] data = new byte[3 << 20];
      new java.util.Random(7).nextBytes(data);
      host.run("cat > " + StandbyHost.quote(target + "/blob"), new ByteArrayInputStream(data),
          Duration.ofSeconds(30));
      assertTrue(java.util.Arrays.equals(data, Files.readAllBytes(target.resolve("blob"))));

      StandbyException e = assertThrows(StandbyException.class,
          () -> host.run("echo nope >&2; exit 3", Duration.ofSeconds(10)));
      assertTrue(e.getMessage().contains("exit 3") && e.getMessage().endsWith("nope"),
          e.getMessage());
    }
  }

  @Test
  void shouldRefuseAStandbyWhoseHostKeyIsUnknown() throws Exception {
    Path stranger = dir.resolve("stranger");
    Files.copy(sshd.clientKey(), stranger);
    StandbyException e = assertThrows(StandbyException.class,
        () -> StandbyHost.connect(standby("ssh", stranger.toString())));
    assertTrue(e.getMessage().contains("cannot log in over SSH"), e.getMessage());
  }
}
