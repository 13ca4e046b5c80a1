package io.nearline.shadow;

/**
 * The log positions a validated segment covers, in the application's canonical text form
 * (PostgreSQL: {@code 0/5000000}; ESE: a generation number).
 */
public record SegmentBounds(String start, String end) {}
