/** The near-line pair as services show it: roles and the link to the peer. */
package io.nearline.services.peer;
