package io.nearline.services;

import io.nearline.shadow.Position;
import java.time.Instant;

/** A tagged recovery point of one server; a tag always names the same point. */
public record Tag(String tag, Position position, Instant createdAt) {}
