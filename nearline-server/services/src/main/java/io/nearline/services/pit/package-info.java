/**
 * Points in time: snapshots of past points, retention with legal holds, and the verifier that
 * proves each kept point restores.
 */
package io.nearline.services.pit;
