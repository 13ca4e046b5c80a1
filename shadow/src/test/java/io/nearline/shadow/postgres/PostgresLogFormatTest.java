package io.nearline.shadow.postgres;

import static io.nearline.shadow.postgres.SyntheticSegment.SIZE;
import static io.nearline.shadow.postgres.SyntheticSegment.SYSID;
import static io.nearline.shadow.postgres.SyntheticSegment.build;
import static io.nearline.shadow.postgres.SyntheticSegment.name;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.shadow.InvalidLogFileException;
import io.nearline.shadow.LogFormat;
import io.nearline.shadow.SegmentBounds;
import io.nearline.shadow.ServerIdentity;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PostgresLogFormatTest {
  private final LogFormat<SegmentName> format = new PostgresConnector()
      .logFormat(new ServerIdentity(Long.toUnsignedString(SYSID), SIZE, "15.18"));

  private String rejection(SegmentName name, byte[] content) {
    return assertThrows(InvalidLogFileException.class,
        () -> format.validateSegment(name, content)).reason();
  }

  @Test
  void shouldAcceptAWellFormedSegmentAndReportItsBounds() throws Exception {
    SegmentName name = name("000000010000000000000003");
    SegmentBounds bounds = format.validateSegment(name, build(name));
    assertEquals(new SegmentBounds(Lsn.parse("0/3000000"), Lsn.parse("0/4000000")), bounds);
  }

  @Test
  void shouldQuarantineSegmentFromAnotherCluster() {
    SegmentName name = name("000000010000000000000003");
    assertTrue(rejection(name, build(name, 42, 1)).contains("belongs to another cluster"));
  }

  @Test
  void shouldRejectTruncatedSegment() {
    SegmentName name = name("000000010000000000000003");
    byte[] truncated = Arrays.copyOf(build(name), 5 << 20);
    assertTrue(rejection(name, truncated).startsWith("truncated"));
  }

  @Test
  void shouldRejectRenamedSegment() {
    byte[] segmentThree = build(name("000000010000000000000003"));
    assertTrue(rejection(name("000000010000000000000004"), segmentThree).contains("address"));
  }

  @Test
  void shouldRejectJunkTail() {
    SegmentName name = name("000000010000000000000003");
    byte[] content = build(name);
    Arrays.fill(content, 12 << 20, content.length, (byte) 0x5A);
    String reason = rejection(name, content);
    assertTrue(reason.contains("offset " + (12 << 20)), reason);
  }

  @Test
  void shouldAcceptTheZeroedTailOfASwitchedSegmentButNotDataAfterIt() throws Exception {
    SegmentName name = name("000000010000000000000003");
    byte[] switched = build(name);
    Arrays.fill(switched, 3 * SyntheticSegment.BLOCK, switched.length, (byte) 0);
    format.validateSegment(name, switched);
    switched[switched.length - 100] = 1;
    assertTrue(rejection(name, switched).contains("after the zeroed tail"));
  }

  @Test
  void shouldRejectNonWalFileNamedLikeASegment() {
    byte[] text = new byte[(int) SIZE];
    Arrays.fill(text, (byte) 'x');
    assertTrue(rejection(name("000000010000000000000003"), text).contains("not a PostgreSQL"));
  }

  @Test
  void shouldAcceptOlderTimelinePagesBeforeTheSwitchButNotNewer() throws Exception {
    SegmentName onTwo = name("000000020000000000000005");
    format.validateSegment(onTwo, build(onTwo, SYSID, 1));
    SegmentName onOne = name("000000010000000000000005");
    assertTrue(rejection(onOne, build(onOne, SYSID, 2)).contains("timeline 2"));
  }

  @Test
  void shouldValidateHistoryAndBackupCompanions() throws Exception {
    assertTrue(format.isCompanion("00000002.history"));
    assertTrue(format.isCompanion("000000010000000000000002.00000028.backup"));
    assertFalse(format.isCompanion("000000010000000000000002.partial"));
    format.validateCompanion("00000002.history",
        "1\t0/5000060\tno recovery target specified\n".getBytes(StandardCharsets.UTF_8));
    format.validateCompanion("000000010000000000000002.00000028.backup",
        "START WAL LOCATION: 0/2000028 (file 000000010000000000000002)\nSTOP WAL LOCATION: 0/2000100 (file 000000010000000000000002)\n"
            .getBytes(StandardCharsets.UTF_8));
    assertThrows(InvalidLogFileException.class, () -> format.validateCompanion(
        "00000002.history", "garbage\n".getBytes(StandardCharsets.UTF_8)));
    assertThrows(InvalidLogFileException.class, () -> format.validateCompanion(
        "000000010000000000000002.00000028.backup", "hello".getBytes(StandardCharsets.UTF_8)));
  }
}
