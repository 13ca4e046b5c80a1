/**
 * Surrogates: per protected server, seed a verified baseline, run a replica that replays the
 * collected log, watch and restart it, record consistency points, and say when replay stalls.
 */
package io.nearline.server.surrogate;
