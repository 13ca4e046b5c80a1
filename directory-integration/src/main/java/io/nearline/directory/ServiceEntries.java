package io.nearline.directory;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * libpq LDAP service entries: {@code cn=NAME} one level under a base, whose {@code description}
 * values are libpq keywords ({@code host=…}, {@code port=…}, {@code dbname=…}). A client with
 * {@code ldap://…/BASE?description?one?(cn=NAME)} in its pg_service.conf reads the entry on every
 * new connection, so changing it re-homes every client with no agent.
 */
public final class ServiceEntries {
  static final String ATTRIBUTE = "description";

  private final Directory directory;
  private final String baseDn;

  ServiceEntries(Directory directory, String baseDn) {
    this.directory = directory;
    this.baseDn = baseDn;
  }

  /** A service entry as found: its DN and keyword values in order. */
  public record ServiceEntry(String dn, List<String> values) {
    public Map<String, String> keywords() {
      Map<String, String> map = new LinkedHashMap<>();
      for (String v : values) {
        int eq = v.indexOf('=');
        if (eq > 0) {
          map.put(v.substring(0, eq).trim(), v.substring(eq + 1).trim());
        }
      }
      return map;
    }
  }

  public ServiceEntry read(String name) throws DirectoryException {
    try {
      SearchResult r = directory.ldap().search(baseDn, SearchScope.ONE,
          Filter.createEqualityFilter("cn", name), ATTRIBUTE);
      if (r.getEntryCount() != 1) {
        throw new DirectoryException(r.getEntryCount() == 0
            ? "no service entry cn=" + name + " under " + baseDn
            : r.getEntryCount() + " service entries named cn=" + name + " under " + baseDn);
      }
      SearchResultEntry e = r.getSearchEntries().get(0);
      String[] values = e.getAttributeValues(ATTRIBUTE);
      return new ServiceEntry(e.getDN(), values == null ? List.of() : List.of(values));
    } catch (LDAPException e) {
      throw new DirectoryException("cannot read service entry " + name + " under " + baseDn
          + ": " + Directory.explain(directory.settings(), e), e);
    }
  }

  /**
   * The change that points the entry at {@code target} (keyword → value, e.g. host, port,
   * dbname), leaving its other keywords alone; empty when it already points there.
   */
  public EntryChange plan(String name, Map<String, String> target) throws DirectoryException {
    ServiceEntry entry = read(name);
    List<String> after = new ArrayList<>();
    for (String v : entry.values()) {
      String keyword = v.contains("=") ? v.substring(0, v.indexOf('=')).trim() : v;
      if (!target.containsKey(keyword)) {
        after.add(v);
      }
    }
    target.forEach((k, v) -> after.add(k + "=" + v));
    List<String> before = entry.values();
    if (CompareAndSwap.sameValues(before, after)) {
      return new EntryChange(entry.dn(), List.of());
    }
    return new EntryChange(entry.dn(), List.of(new AttributeChange(ATTRIBUTE, before, after)));
  }

  /**
   * Creates {@code cn=NAME} under the base with these keyword values; one already there is
   * replaced. For entries of Nearline's own, such as a drill's, never a production one.
   */
  public ServiceEntry create(String name, List<String> values) throws DirectoryException {
    String dn = new RDN("cn", name) + "," + baseDn;
    delete(name);
    try {
      directory.ldap().add(new Entry(dn, new Attribute("objectClass", "top",
          "applicationProcess"), new Attribute("cn", name), new Attribute(ATTRIBUTE, values)));
    } catch (LDAPException e) {
      throw new DirectoryException("cannot create service entry " + dn + ": "
          + Directory.explain(directory.settings(), e), e);
    }
    return new ServiceEntry(dn, List.copyOf(values));
  }

  /** Deletes {@code cn=NAME} under the base; false if it was not there. */
  public boolean delete(String name) throws DirectoryException {
    String dn = new RDN("cn", name) + "," + baseDn;
    try {
      directory.ldap().delete(dn);
      return true;
    } catch (LDAPException e) {
      if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
        return false;
      }
      throw new DirectoryException("cannot delete service entry " + dn + ": "
          + Directory.explain(directory.settings(), e), e);
    }
  }

  /** The names (cn values) of the entries under the base that start with {@code prefix}. */
  public List<String> names(String prefix) throws DirectoryException {
    try {
      SearchResult r = directory.ldap().search(baseDn, SearchScope.ONE,
          Filter.createSubstringFilter("cn", prefix, null, null), "cn");
      return r.getSearchEntries().stream().map(e -> e.getAttributeValue("cn")).toList();
    } catch (LDAPException e) {
      throw new DirectoryException("cannot list service entries under " + baseDn + ": "
          + Directory.explain(directory.settings(), e), e);
    }
  }
}
