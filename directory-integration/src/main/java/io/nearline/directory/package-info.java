/**
 * Directory integration (UnboundID LDAP SDK): rebinding Exchange mailboxes ({@code homeMDB},
 * {@code homeMTA}, {@code msExchHomeServerName}) with compare-and-swap modifies, re-homing libpq
 * LDAP service entries, directory readiness checks, and EWS verification behind an interface.
 *
 * <p>Not built yet: this module holds only its POM and this description until its issue lands.
 */
package io.nearline.directory;
