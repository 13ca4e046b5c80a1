package io.nearline.services;

import io.nearline.services.pit.Retention;
import io.nearline.services.pit.Snapshots;

/** Every service, as modules (the console, the drills) receive them. */
public record Nearline(Protection protection, Recovery recovery, RecoveryPoints points,
    Drills drills, Snapshots snapshots, Retention retention,
    io.nearline.services.console.Console console, Migrations migrations,
    io.nearline.services.peer.Peer peer) {}
