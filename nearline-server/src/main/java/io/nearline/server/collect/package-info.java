/**
 * Collection: per protected server, poll the log share, pull new files in order, validate,
 * store, commit, and only then advance the collected position. Gaps and damaged files stop
 * collection in front of them and are reported; nothing is ever skipped.
 */
package io.nearline.server.collect;
