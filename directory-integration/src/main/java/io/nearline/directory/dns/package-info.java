/**
 * Re-homing clients that find their server by a DNS name: RFC 2136 dynamic updates, signed with
 * TSIG, made conditional on the records being as read (prerequisites), so a concurrent change
 * is never overwritten.
 */
package io.nearline.directory.dns;
