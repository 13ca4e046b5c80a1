package io.nearline.shadow.postgres;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.Zstd;
import io.nearline.shadow.InvalidLogFileException;
import io.nearline.shadow.LogFormat;
import io.nearline.shadow.ServerIdentity;
import io.nearline.testkit.PostgresPrimary;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Packing real WAL written by PostgreSQL 15 under pgbench: exact both ways, and smaller. */
class WalPackIT {
  @TempDir static Path dir;
  private static final List<byte[]> segments = new ArrayList<>();
  private static LogFormat<SegmentName> format;

  @BeforeAll
  static void writeWal() throws Exception {
    try (PostgresPrimary primary = PostgresPrimary.start(dir.resolve("primary"))) {
      format = new PostgresConnector().logFormat(new ServerIdentity(primary.systemIdentifier(),
          16L << 20, "15"));
      primary.pgbenchInit(2);
      primary.sql("CHECKPOINT");
      primary.pgbench(2, 6).waitFor();
      primary.switchAndArchive();
      try (Stream<Path> files = Files.list(primary.archiveDir())) {
        for (Path f : files.filter(f -> SegmentName.parse(f.getFileName().toString(), 16L << 20)
            .isPresent()).sorted().toList()) {
          segments.add(Files.readAllBytes(f));
        }
      }
    }
  }

  @Test
  void shouldRestoreEverySegmentExactlyAndCompressBetter() throws Exception {
    assertTrue(segments.size() >= 3, segments.size() + " segments");
    long plain = 0;
    long packed = 0;
    for (byte[] segment : segments) {
      byte[] p = format.packSegment(segment).orElseThrow();
      assertTrue(ByteBuffer.wrap(p).order(ByteOrder.LITTLE_ENDIAN).getInt(4) > 0,
          "records packed");
      assertArrayEquals(segment, format.unpackSegment("s", p));
      plain += Zstd.compress(segment, 9).length;
      packed += Zstd.compress(p, 9).length;
    }
    assertTrue(packed < plain * 0.95, "packed " + packed + " vs plain " + plain);
  }

  @Test
  void shouldCarryADamagedRecordAsItIs() throws Exception {
    byte[] damaged = segments.get(1).clone();
    damaged[16 * 8192 + 1000] ^= 0x10; // inside a record, past the page header
    byte[] p = format.packSegment(damaged).orElseThrow();
    assertArrayEquals(damaged, format.unpackSegment("s", p));
    int records = ByteBuffer.wrap(p).order(ByteOrder.LITTLE_ENDIAN).getInt(4);
    byte[] whole = format.packSegment(segments.get(1)).orElseThrow();
    assertTrue(records < ByteBuffer.wrap(whole).order(ByteOrder.LITTLE_ENDIAN).getInt(4),
        "packing stops at the record that does not check");
  }

  @Test
  void shouldRefuseWhatIsNotAPackedSegment() {
    byte[] p = format.packSegment(segments.get(0)).orElseThrow();
    byte[] foreign = p.clone();
    foreign[0] ^= 1;
    assertTrue(assertThrows(InvalidLogFileException.class,
        () -> format.unpackSegment("s", foreign)).reason().contains("not a packed WAL segment"));
    byte[] lying = p.clone();
    ByteBuffer.wrap(lying).order(ByteOrder.LITTLE_ENDIAN).putInt(4, Integer.MAX_VALUE);
    assertThrows(InvalidLogFileException.class, () -> format.unpackSegment("s", lying));
    assertThrows(InvalidLogFileException.class,
        () -> format.unpackSegment("s", Arrays.copyOf(p, p.length / 2)));
    assertFalse(format.packSegment(new byte[1 << 20]).isPresent(), "zeros are no segment");
  }

  @Test
  void shouldLeaveASegmentWithoutRecordsAsItIs() throws Exception {
    SegmentName name = SyntheticSegment.name("000000010000000000000003");
    byte[] empty = SyntheticSegment.build(name);
    byte[] p = format.packSegment(empty).orElseThrow();
    assertEquals(0, ByteBuffer.wrap(p).order(ByteOrder.LITTLE_ENDIAN).getInt(4));
    assertArrayEquals(empty, format.unpackSegment("s", p));
  }
}
