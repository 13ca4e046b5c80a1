/** Reading a protected server's log share over SMB 2/3 with jcifs-ng. */
package io.nearline.server.smb;
