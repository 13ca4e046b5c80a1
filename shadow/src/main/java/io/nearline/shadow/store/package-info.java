/**
 * The log store: Nearline's own durable copy of every collected log file, checksummed (SHA-256 of
 * the original bytes), zstd-compressed, and written atomically so a crash leaves either the whole
 * file or nothing.
 */
package io.nearline.shadow.store;
