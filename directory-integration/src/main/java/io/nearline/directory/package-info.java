/**
 * Directory integration (UnboundID LDAP SDK): re-homing libpq LDAP service entries, rebinding
 * Exchange mailboxes ({@code homeMDB}, {@code homeMTA}, {@code msExchHomeServerName}), all as
 * compare-and-swap modifies that a concurrent change can never be overwritten by, and each
 * recorded as an {@link io.nearline.directory.EntryChange} that can be reversed exactly.
 */
package io.nearline.directory;
