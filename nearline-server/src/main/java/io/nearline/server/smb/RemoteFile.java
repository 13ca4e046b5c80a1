package io.nearline.server.smb;

/** A file as the share's directory listing shows it: possibly still being written. */
public record RemoteFile(String name, long size, long lastModified) {}
