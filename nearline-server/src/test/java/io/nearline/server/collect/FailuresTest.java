package io.nearline.server.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.shadow.store.StoreFullException;
import java.io.IOException;
import java.net.ConnectException;
import jcifs.smb.SmbException;
import org.junit.jupiter.api.Test;

class FailuresTest {
  @Test
  void shouldTreatLogonFailureAsPermanentWhereverItIsWrapped() {
    IOException wrapped = new IOException("reading x", new SmbException(0xC000006D, false));
    Failures.Failure f = Failures.classify(wrapped);
    assertEquals(Failures.Kind.PERMANENT, f.kind());
    assertTrue(f.message().contains("wrong user name or password"), f.message());
  }

  @Test
  void shouldNotCallAFilePermissionProblemAWrongPassword() {
    Failures.Failure f = Failures.classify(new SmbException(0xC0000022, false));
    assertEquals(Failures.Kind.PERMANENT, f.kind());
    assertTrue(f.message().startsWith("access denied"), f.message());
  }

  @Test
  void shouldRetryNetworkFailures() {
    assertEquals(Failures.Kind.RETRIABLE, Failures.classify(
        new SmbException("Failed to connect", new ConnectException("Connection refused"))).kind());
    assertTrue(Failures.classify(new IOException("outer", new ConnectException("Connection refused")))
        .message().contains("Connection refused"));
  }

  @Test
  void shouldWaitForSpaceWhenTheStoreIsFull() {
    assertEquals(Failures.Kind.STORE_FULL, Failures.classify(
        new IOException("x", new StoreFullException("log store is full", null))).kind());
  }
}
