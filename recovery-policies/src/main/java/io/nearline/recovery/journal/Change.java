package io.nearline.recovery.journal;

/**
 * One change a step made, or in a dry run would make.
 *
 * @param kind what sort of thing changed, e.g. {@code ldap-entry}, {@code data-directory}
 * @param target which one: a DN, a path, a server
 * @param before its value before (JSON or text; null when it did not exist)
 * @param after its value after
 */
public record Change(String kind, String target, String before, String after) {
}
