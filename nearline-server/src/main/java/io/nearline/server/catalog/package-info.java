/**
 * The catalog: one embedded Derby database under the data directory, its schema created and
 * upgraded by versioned migrations ({@code db/migration}). Every change that moves a position is
 * one transaction.
 */
package io.nearline.server.catalog;
