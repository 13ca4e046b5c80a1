package io.nearline.services;

import java.time.Instant;

/** A damaged or foreign file set aside as evidence; collection stopped in front of it. */
public record Quarantined(String fileName, long size, String sha256, String reason,
    String evidencePath, Instant quarantinedAt) {}
