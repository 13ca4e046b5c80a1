/**
 * Version migrations: what a migration plan says (the protected server, the new-version server
 * it moves to, the policy whose re-homing moves its clients, how long the way back stays open)
 * and what a migration run carries in its plan: the value types the recovery executor, the
 * application connectors and the drills module share.
 */
package io.nearline.recovery.migration;
