package io.nearline.services;

import io.nearline.shadow.Position;
import java.time.Instant;

/** A position at which the surrogate was known consistent: a point a recovery restores to. */
public record ConsistencyPoint(Position position, Instant commitTime, Instant recordedAt) {}
