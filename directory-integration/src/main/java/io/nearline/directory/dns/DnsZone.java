package io.nearline.directory.dns;

import io.nearline.directory.CompareAndSwap.Outcome;
import io.nearline.directory.DirectoryException;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.Address;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * One zone on its primary server. A name's address records (A, AAAA, CNAME) are read, planned
 * to point at a new host, and replaced in one update whose prerequisites are exactly the records
 * read: the server applies it only if nobody changed them since.
 */
public final class DnsZone {
  private static final int[] ADDRESS_TYPES = {Type.A, Type.AAAA, Type.CNAME};

  private final DnsSettings settings;
  private final Name zone;
  private final SimpleResolver resolver;

  private DnsZone(DnsSettings settings, Name zone, SimpleResolver resolver) {
    this.settings = settings;
    this.zone = zone;
    this.resolver = resolver;
  }

  public static DnsZone connect(DnsSettings settings) throws DirectoryException {
    try {
      SimpleResolver resolver = new SimpleResolver(InetAddress.getByName(settings.server()));
      resolver.setPort(settings.port());
      resolver.setTCP(true);
      resolver.setTimeout(Duration.ofSeconds(10));
      resolver.setTSIGKey(new TSIG(TSIG.algorithmToName(settings.keyAlgorithm()),
          settings.keyName(), settings.keySecret()));
      return new DnsZone(settings, Name.fromString(settings.zone(), Name.root), resolver);
    } catch (IOException | IllegalArgumentException e) {
      throw new DirectoryException("DNS settings for " + settings.zone() + " are unusable: "
          + e.getMessage(), e);
    }
  }

  /** The name's address records, as {@code TTL TYPE RDATA}. */
  public List<String> read(String name) throws DirectoryException {
    Name n = name(name);
    List<String> out = new ArrayList<>();
    for (int type : ADDRESS_TYPES) {
      Message response = send(Message.newQuery(Record.newRecord(n, type, DClass.IN)));
      for (Record r : response.getSection(Section.ANSWER)) {
        if (r.getName().equals(n) && r.getType() == type) {
          out.add(text(r));
        }
      }
    }
    return out;
  }

  /**
   * What points {@code name} at {@code host}: an A or AAAA record for an address, a CNAME for a
   * host name; the time to live is {@code ttl} seconds.
   */
  public DnsChange plan(String name, String host, long ttl) throws DirectoryException {
    String record;
    if (Address.isDottedQuad(host)) {
      record = ttl + " A " + host;
    } else if (host.contains(":")) {
      record = ttl + " AAAA " + host;
    } else {
      record = ttl + " CNAME " + (host.endsWith(".") ? host : host + ".");
    }
    return new DnsChange(name, read(name), List.of(record));
  }

  /** Replaces the records if they are still what the change says they were before. */
  public Outcome apply(DnsChange change) throws DirectoryException {
    Name n = name(change.name());
    Update update = new Update(zone);
    Set<Integer> typesBefore = new HashSet<>();
    for (String before : change.before()) {
      // A value-dependent prerequisite carries the record with no time to live (RFC 2136).
      Record r = record(n, before);
      typesBefore.add(r.getType());
      update.present(Record.newRecord(n, r.getType(), DClass.IN, 0, r.rdataToWireCanonical()));
    }
    for (int type : ADDRESS_TYPES) {
      if (!typesBefore.contains(type)) {
        update.absent(n, type);
      }
      update.delete(n, type);
    }
    for (String after : change.after()) {
      update.add(record(n, after));
    }
    Message response = send(update);
    int rcode = response.getRcode();
    if (rcode == Rcode.NOERROR) {
      return Outcome.APPLIED;
    }
    if (rcode == Rcode.NXRRSET || rcode == Rcode.YXRRSET || rcode == Rcode.NXDOMAIN
        || rcode == Rcode.YXDOMAIN) {
      return DnsChange.sameRecords(read(change.name()), change.after()) ? Outcome.ALREADY
          : Outcome.CONFLICT;
    }
    throw new DirectoryException(settings.server() + " refused the update of " + change.name()
        + " (" + Rcode.string(rcode) + "); does zone " + settings.zone() + " allow updates "
        + "signed with key " + settings.keyName() + "?");
  }

  private Message send(Message message) throws DirectoryException {
    try {
      Message response = resolver.send(message);
      if (response.getTSIG() != null && !response.isVerified()) {
        throw new DirectoryException(settings.server() + " answered with a TSIG signature that "
            + "does not verify: is the key " + settings.keyName() + " right?");
      }
      if (response.getRcode() == Rcode.NOTAUTH || response.getRcode() == Rcode.REFUSED) {
        throw new DirectoryException(settings.server() + " refused the key "
            + settings.keyName() + " (" + Rcode.string(response.getRcode()) + ")");
      }
      return response;
    } catch (IOException e) {
      throw new DirectoryException("the name server " + settings.server() + ":"
          + settings.port() + " cannot be reached: " + e.getMessage(), e);
    }
  }

  private Name name(String name) throws DirectoryException {
    try {
      return Name.fromString(name, zone);
    } catch (TextParseException e) {
      throw new DirectoryException("not a DNS name: " + name, e);
    }
  }

  private static Record record(Name name, String text) throws DirectoryException {
    String[] parts = text.split(" ", 3);
    try {
      return Record.fromString(name, Type.value(parts[1]), DClass.IN, Long.parseLong(parts[0]),
          parts[2], Name.root);
    } catch (IOException | RuntimeException e) {
      throw new DirectoryException("not a record: " + text, e);
    }
  }

  private static String text(Record r) {
    return r.getTTL() + " " + Type.string(r.getType()) + " " + r.rdataToString();
  }

}
