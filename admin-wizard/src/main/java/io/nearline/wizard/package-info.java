/**
 * The web console, served by Nearline's own HTTP server from Velocity templates and assets in
 * this jar. So far the DR status overview; the wizards and one-click actions build on it.
 */
package io.nearline.wizard;
