/**
 * What the web console needs from the server beyond the other services: signing people in,
 * the audit log to show, and the near-line servers themselves.
 */
package io.nearline.services.console;
