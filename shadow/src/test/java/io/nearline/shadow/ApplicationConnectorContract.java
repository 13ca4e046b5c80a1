package io.nearline.shadow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every application connector must do, whatever its application. A connector's own test
 * extends this and supplies the connector, an identity, and two consecutive segments of that
 * identity's log as the application writes them.
 *
 * @param <S> the connector's segment name type
 */
public abstract class ApplicationConnectorContract<S extends LogSegmentId<S>> {

  protected abstract ApplicationConnector connector();

  /** The identity of a primary whose log the segments below belong to. */
  protected abstract ServerIdentity identity();

  /** Another primary's identity: its log is foreign to {@link #identity()}. */
  protected abstract ServerIdentity otherIdentity();

  /** The names and bytes of two consecutive, complete segments, in log order. */
  protected abstract Map.Entry<String, byte[]> firstSegment();

  protected abstract Map.Entry<String, byte[]> nextSegment();

  /** A connection string for a primary nobody answers at. */
  protected abstract String unreachablePrimary();

  @SuppressWarnings("unchecked")
  private LogFormat<S> format(ServerIdentity identity) {
    return (LogFormat<S>) connector().logFormat(identity);
  }

  private S segment(Map.Entry<String, byte[]> file) {
    return format(identity()).parseSegment(file.getKey()).orElseThrow(
        () -> new AssertionError(file.getKey() + " does not parse as a segment name"));
  }

  @Test
  void shouldBeFoundByItsKind() {
    String kind = connector().kind();
    assertEquals(kind.toLowerCase(), kind, "kinds are lower-case: users type them");
    assertSame(connector().getClass(), Connectors.forKind(kind).getClass());
  }

  @Test
  void shouldOrderSegmentsAndTellWhatFollowsWhat() {
    S first = segment(firstSegment());
    S next = segment(nextSegment());
    assertTrue(first.compareTo(next) < 0, first + " comes before " + next);
    assertTrue(next.follows(first), next + " follows " + first);
    assertFalse(first.follows(next));
    assertEquals(first, next.previous());
    assertEquals(firstSegment().getKey(), first.fileName(), "names are written back as read");
    assertTrue(format(identity()).parseSegment("not-a-segment").isEmpty());
  }

  @Test
  void shouldValidateItsOwnSegmentsAndReportTheirPositions() throws Exception {
    SegmentBounds first = format(identity()).validateSegment(segment(firstSegment()),
        firstSegment().getValue());
    SegmentBounds next = format(identity()).validateSegment(segment(nextSegment()),
        nextSegment().getValue());
    assertTrue(first.start().asNumber() < first.end().asNumber(), first.toString());
    assertEquals(first.end(), next.start(), "consecutive segments meet");
    assertEquals(first.start(), connector().parsePosition(first.start().text()),
        "a position's text reads back as the same position");
  }

  @Test
  void shouldRefuseATruncatedSegment() {
    byte[] bytes = firstSegment().getValue();
    assertRefused(segment(firstSegment()), Arrays.copyOf(bytes, bytes.length / 2));
  }

  @Test
  void shouldRefuseASegmentWithJunkAfterItsEnd() {
    byte[] bytes = firstSegment().getValue();
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 8192);
    Arrays.fill(longer, bytes.length, longer.length, (byte) 0x5A);
    assertRefused(segment(firstSegment()), longer);
  }

  @Test
  void shouldRefuseASegmentWhoseFirstBytesAreDamaged() {
    byte[] bytes = firstSegment().getValue().clone();
    bytes[0] ^= 0x5A;
    assertRefused(segment(firstSegment()), bytes);
  }

  @Test
  void shouldRefuseARenamedSegment() {
    assertRefused(segment(nextSegment()), firstSegment().getValue());
  }

  @Test
  void shouldRefuseAnotherPrimarysSegment() {
    S first = segment(firstSegment());
    assertThrows(InvalidLogFileException.class,
        () -> format(otherIdentity()).validateSegment(first, firstSegment().getValue()));
  }

  @Test
  void shouldRefuseTextThatIsNotAPosition() {
    assertThrows(IllegalArgumentException.class, () -> connector().parsePosition("yesterday"));
  }

  @Test
  void shouldSayPlainlyWhenThePrimaryCannotBeReached() {
    IdentityUnavailableException e = assertThrows(IdentityUnavailableException.class,
        () -> connector().identify(unreachablePrimary()));
    assertNotEquals(null, e.getMessage());
    assertThrows(IdentityUnavailableException.class,
        () -> connector().connect(unreachablePrimary(), "contract-test"));
  }

  private void assertRefused(S segment, byte[] bytes) {
    InvalidLogFileException e = assertThrows(InvalidLogFileException.class,
        () -> format(identity()).validateSegment(segment, bytes));
    assertEquals(segment.fileName(), e.fileName(), "the refusal names the file");
    assertFalse(e.reason().isBlank(), "and says why");
  }
}
