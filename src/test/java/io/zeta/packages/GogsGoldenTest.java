package io.zeta.packages;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * gogs (zetago pkgs/gogs install.sh @02d5a59, zetaextra gogs-0.11.43.vers) installed as {@code prod/gogsprod} with the
 * original answers: SSH port 30022 and HTTPS port 30443 (both CLUSTER), cpu 1.0, memory 2048, and a secret (asked by
 * getpass, no default). ZETA_MARATHON_HOST is the {@code marathonHost} option (marathon.slave.mesos).
 *
 * <p>Deliberate differences from the original heredocs:
 * <ul>
 *   <li>env file: {@code ZETA_gogs_gogsprod_PORT="30443"}; the original exported {@code $APP_PORT}, never set by the
 *       script, so an empty value (bug): the HTTPS port is the one clients need.</li>
 *   <li>app.ini: {@code PASSWD} is empty; the original template baked in {@code toor} (unused with sqlite3). No
 *       plain-text password is shipped in a template.</li>
 *   <li>marathon.json: the id is absolute; {@code $APP_HA_PROXY} and the two portMappings are the reconstructed
 *       helpers' outputs for two CLUSTER ports.</li>
 *   <li>No certificates are generated (the original sourced gen_server_cert.sh, through a broken path
 *       {@code $CLUSTERNAME/zeta/shared/zetaca/...}); certs/ is created for the administrator's.</li>
 * </ul>
 */
class GogsGoldenTest extends PortGoldenTest {
  @TempDir
  static Path tmp;
  static GoldenCluster cluster;

  @BeforeAll
  static void install() {
    cluster = GoldenCluster.create(tmp);
    cluster.stage("gogs");
    cluster.install("gogs", "prod", "gogsprod", "sshPort=30022", "httpsPort=30443", "cpus=1.0", "mem=2048",
        "secretKey=s3cr3t-Gogs");
  }

  @Override
  GoldenCluster cluster() {
    return cluster;
  }

  @Override
  String pkg() {
    return "gogs";
  }

  @Override
  String id() {
    return "gogsprod";
  }
}
