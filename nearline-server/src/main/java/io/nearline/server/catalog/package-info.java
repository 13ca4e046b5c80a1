/**
 * The catalog: one embedded Derby database under the data directory, reached through JDBI. Each
 * module's schema is created and upgraded by its own migrations ({@code db/<module>/}, history
 * in {@code <module>_schema_history}). Every change that moves a position is one transaction.
 */
package io.nearline.server.catalog;
