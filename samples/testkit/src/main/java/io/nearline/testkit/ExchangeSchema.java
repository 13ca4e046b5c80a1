package io.nearline.testkit;

import java.util.List;

/**
 * The slice of the Exchange schema that mailbox rebinding touches, under a documentation OID arc
 * (RFC 5612), for test directories. Real Active Directory has it already.
 */
public final class ExchangeSchema {
  private static final String DN = "1.3.6.1.4.1.1466.115.121.1.12";
  private static final String TEXT = "1.3.6.1.4.1.1466.115.121.1.15";
  private static final String INTEGER = "1.3.6.1.4.1.1466.115.121.1.27";

  static final List<String> ATTRIBUTE_TYPES = List.of(
      "( 1.3.6.1.4.1.32473.1.1.1 NAME 'homeMDB' EQUALITY distinguishedNameMatch SYNTAX " + DN
          + " SINGLE-VALUE )",
      "( 1.3.6.1.4.1.32473.1.1.2 NAME 'homeMTA' EQUALITY distinguishedNameMatch SYNTAX " + DN
          + " SINGLE-VALUE )",
      "( 1.3.6.1.4.1.32473.1.1.3 NAME 'msExchHomeServerName' EQUALITY caseIgnoreMatch SYNTAX "
          + TEXT + " SINGLE-VALUE )",
      "( 1.3.6.1.4.1.32473.1.1.4 NAME 'msExchRecipientTypeDetails' EQUALITY integerMatch SYNTAX "
          + INTEGER + " SINGLE-VALUE )",
      "( 1.3.6.1.4.1.32473.1.1.5 NAME 'legacyExchangeDN' EQUALITY caseIgnoreMatch SYNTAX "
          + TEXT + " SINGLE-VALUE )",
      "( 1.3.6.1.4.1.32473.1.1.6 NAME 'mailNickname' EQUALITY caseIgnoreMatch SYNTAX " + TEXT
          + " SINGLE-VALUE )",
      "( 1.3.6.1.4.1.32473.1.1.7 NAME 'msExchMailboxGuid' EQUALITY caseIgnoreMatch SYNTAX "
          + TEXT + " SINGLE-VALUE )");

  static final List<String> OBJECT_CLASSES = List.of(
      "( 1.3.6.1.4.1.32473.1.2.1 NAME 'msExchTestMailRecipient' SUP top AUXILIARY MAY ( homeMDB"
          + " $ homeMTA $ msExchHomeServerName $ msExchRecipientTypeDetails $ legacyExchangeDN"
          + " $ mailNickname $ msExchMailboxGuid ) )");

  private ExchangeSchema() {
  }

  /** As a subschema entry, for UnboundID's in-memory server. */
  static String subschemaLdif() {
    StringBuilder b = new StringBuilder("dn: cn=schema\nobjectClass: top\n"
        + "objectClass: ldapSubentry\nobjectClass: subschema\ncn: schema\n");
    ATTRIBUTE_TYPES.forEach(a -> b.append("attributeTypes: ").append(a).append('\n'));
    OBJECT_CLASSES.forEach(o -> b.append("objectClasses: ").append(o).append('\n'));
    return b.toString();
  }

  /** As a cn=config schema entry, for slapd. */
  static String cnConfigLdif() {
    StringBuilder b = new StringBuilder("dn: cn=exchange,cn=schema,cn=config\n"
        + "objectClass: olcSchemaConfig\ncn: exchange\n");
    ATTRIBUTE_TYPES.forEach(a -> b.append("olcAttributeTypes: ").append(a).append('\n'));
    OBJECT_CLASSES.forEach(o -> b.append("olcObjectClasses: ").append(o).append('\n'));
    return b.toString();
  }
}
