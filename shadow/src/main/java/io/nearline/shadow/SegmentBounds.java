package io.nearline.shadow;

/** The log positions a validated segment covers: from {@code start} up to {@code end}. */
public record SegmentBounds(Position start, Position end) {}
