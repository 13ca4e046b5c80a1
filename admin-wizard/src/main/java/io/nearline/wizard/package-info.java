/**
 * The web console (Velocity templates): the recovery-pair wizard with its standby check report,
 * the DR status page and one-click actions.
 *
 * <p>Not built yet: this module holds only its POM and this description until its issue lands.
 */
package io.nearline.wizard;
