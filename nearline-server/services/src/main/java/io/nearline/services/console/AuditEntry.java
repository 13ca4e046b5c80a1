package io.nearline.services.console;

import java.time.Instant;

/** One entry of the audit log, as the console lists it. */
public record AuditEntry(long id, Instant at, String actor, String address, String action,
    int status, String detail) {}
