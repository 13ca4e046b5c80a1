/**
 * The PostgreSQL connector: WAL positions ({@link io.nearline.shadow.postgres.Lsn},
 * {@link io.nearline.shadow.postgres.Timeline}, {@link io.nearline.shadow.postgres.SegmentName}),
 * WAL segment validation, and learning a primary's identity.
 */
package io.nearline.shadow.postgres;
