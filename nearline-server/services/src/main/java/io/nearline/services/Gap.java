package io.nearline.services;

import java.time.Instant;

/** Segments missing from the share between two that are there: never skipped, reported. */
public record Gap(String afterFile, String beforeFile, Instant detectedAt) {}
