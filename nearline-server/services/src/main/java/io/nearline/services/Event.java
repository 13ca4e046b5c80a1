package io.nearline.services;

import java.time.Instant;

/** Something that happened to a protected server, for operators; kept after it is removed. */
public record Event(String serverName, Instant at, Severity severity, String message) {}
