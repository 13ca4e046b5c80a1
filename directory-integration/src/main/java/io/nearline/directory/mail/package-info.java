/**
 * Mailbox servers, as verification sees them: whether a mailbox opens and what its inbox holds.
 * Exchange Web Services through ews-java-api, kept behind {@link
 * io.nearline.directory.mail.Mailboxes}: the library is unmaintained.
 */
package io.nearline.directory.mail;
