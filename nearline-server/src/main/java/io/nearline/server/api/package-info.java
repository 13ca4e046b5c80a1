/**
 * The JSON REST API on the JDK's built-in HTTP server, and the Prometheus endpoint. The API
 * binds to loopback by default: it accepts share passwords.
 */
package io.nearline.server.api;
