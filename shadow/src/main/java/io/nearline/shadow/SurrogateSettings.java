package io.nearline.shadow;

import io.nearline.common.secret.Secret;
import java.nio.file.Path;

/**
 * Where and how a surrogate runs on the near-line host.
 *
 * @param directory the surrogate's own folder (data, log, fetch script)
 * @param port its loopback port
 * @param osUser the unprivileged account it runs as when Nearline runs as root
 * @param fetchUrl where its restore step asks for log files by name: {@code <fetchUrl><file>}
 * @param credential what its restore step shows Nearline: it reads this server's log only
 * @param serverCertificate what its restore step verifies Nearline by (PEM) when the fetch URL
 *     is https; null over plain HTTP
 */
public record SurrogateSettings(Path directory, int port, String osUser, String fetchUrl,
    Secret credential, String serverCertificate) {}
