package io.nearline.shadow.store;

import java.nio.file.Path;

/**
 * One file in the log store.
 *
 * @param sha256 hex SHA-256 of the original (uncompressed) bytes
 * @param size original size in bytes
 * @param storedSize compressed size on disk
 */
public record StoredLogFile(String fileName, String sha256, long size, long storedSize, Path path) {}
