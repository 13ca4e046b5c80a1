package io.nearline.recovery.migration;

import io.nearline.common.config.Check;
import io.nearline.common.config.Describe;

/**
 * How the new version is protected once clients use it: like any primary, under a name of its
 * own, its archive read from a share of its own (the old server's history stays under the old
 * name). The new cluster is created archiving with {@code archiveCommand}.
 *
 * @param passwordFile a file on the near-line host holding the SMB password (first line), read
 *     when protection starts; the password is then sealed in the catalog as for any server
 */
public record MigrationProtection(
    @Describe("The new version's name in Nearline") @Check.Required
    @Check.Matches(regex = "[a-z0-9][a-z0-9_-]{0,62}",
        means = "1 to 63 of a-z, 0-9, '-' and '_', starting with a letter or digit")
    String name,
    @Describe("The folder the new version archives into, smb://host[:port]/share/folder/")
    @Check.Required String share,
    @Describe("The SMB user that may read the share") @Check.Required String user,
    @Describe("A file on the near-line host holding the SMB password (first line)")
    @Check.Required @Check.AbsolutePath String passwordFile,
    @Describe("How to reach the new version's database, such as 'host=db1-v17 port=5432 "
        + "user=nearline dbname=postgres'") @Check.Required String primary,
    @Describe("The new cluster's archive_command: it must write each segment atomically into "
        + "the shared folder") @Check.Required String archiveCommand,
    @Describe("Whether to seed a baseline and keep a surrogate of the new version (it needs "
        + "the new version's client programs on the near-line host); yes unless given")
    Boolean surrogate) {
}
