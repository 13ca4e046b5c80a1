/** PostgreSQL's drill probes: queries, table checksums against the surrogate, pg_amcheck. */
package io.nearline.drills.postgres;
