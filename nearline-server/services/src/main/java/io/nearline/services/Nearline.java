package io.nearline.services;

/** Every service, as modules (the console, the drills) receive them. */
public record Nearline(Protection protection, Recovery recovery, RecoveryPoints points,
    Drills drills, io.nearline.services.pit.Snapshots snapshots) {}
