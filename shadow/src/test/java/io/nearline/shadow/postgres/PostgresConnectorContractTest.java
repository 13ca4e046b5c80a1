package io.nearline.shadow.postgres;

import io.nearline.shadow.ApplicationConnector;
import io.nearline.shadow.ApplicationConnectorContract;
import io.nearline.shadow.ServerIdentity;
import java.util.Map;

/** The PostgreSQL connector against the contract every connector must meet. */
class PostgresConnectorContractTest extends ApplicationConnectorContract<SegmentName> {
  @Override
  protected ApplicationConnector connector() {
    return new PostgresConnector();
  }

  @Override
  protected ServerIdentity identity() {
    return new ServerIdentity(Long.toUnsignedString(SyntheticSegment.SYSID),
        SyntheticSegment.SIZE, "15.18");
  }

  @Override
  protected ServerIdentity otherIdentity() {
    return new ServerIdentity("42", SyntheticSegment.SIZE, "15.18");
  }

  @Override
  protected Map.Entry<String, byte[]> firstSegment() {
    return segment("000000010000000000000003");
  }

  @Override
  protected Map.Entry<String, byte[]> nextSegment() {
    return segment("000000010000000000000004");
  }

  private static Map.Entry<String, byte[]> segment(String name) {
    return Map.entry(name, SyntheticSegment.build(SyntheticSegment.name(name)));
  }

  @Override
  protected String unreachablePrimary() {
    return "host=127.0.0.1 port=1 user=postgres dbname=postgres";
  }
}
