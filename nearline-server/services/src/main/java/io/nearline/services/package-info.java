/**
 * The services Nearline offers, as interfaces with their value types: protecting servers and
 * their status ({@link io.nearline.services.Protection}), recovery pairs, policies, checks and
 * runs ({@link io.nearline.services.Recovery}), and tagged recovery points
 * ({@link io.nearline.services.RecoveryPoints}). The REST API, the console and the drills call
 * them in process; {@code nearline-server} implements them.
 */
package io.nearline.services;
