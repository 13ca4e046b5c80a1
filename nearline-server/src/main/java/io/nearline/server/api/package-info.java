/**
 * The HTTP server (Javalin) and the server's own routes: protected servers, recovery, the
 * collected log for restore steps, and the Prometheus endpoint. It binds to loopback by
 * default: the API accepts share passwords.
 */
package io.nearline.server.api;
