package io.zeta.packages;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * zeppelin (zetapkgs_old zeppelin/install_instance.sh @2da7cf7, the only version of the package) installed as
 * {@code prod/zepprod} with the original answers: version zeppelin-0.7.0-SNAPSHOT.tgz, port 43080, total memory 2048,
 * Zeppelin memory 1024m, cpu 2.0, user zetaadm. ZETA_ZKS is the {@code zookeepers} option.
 *
 * <p>Adaptations from the old format (docs/PACKAGES.md), visible in the expected files:
 * <ul>
 *   <li>The user's directory {@code /mapr/$CLUSTERNAME/user/<user>/zeppelin/<id>} becomes the instance home (Zeta
 *       writes only there): the volumes /zeppelin, /logs, /notebooks, /conf and user_config.sh point into it; the
 *       Marathon file is marathon.json (the original's {@code <home>/<id>.marathon}); the id is absolute.</li>
 *   <li>The cmd first unpacks the staged tarball into /zeppelin (now RW; the original unpacked it at install and
 *       mounted it RO) and copies the distribution's conf into /conf when missing (the original copied it at install);
 *       the port reaches Zeppelin as {@code ZEPPELIN_PORT} (the original sed-edited zeppelin-site.xml, a copy of the
 *       distribution's template that a template here cannot produce).</li>
 *   <li>Env file: {@code ZETA_zepprod_URL} is {@code zepprod-prod.marathon.slave.mesos:43080}; the original wrote
 *       {@code zepprod.prod.${ZETA_MARATHON_ENV}.${ZETA_MESOS_DOMAIN}:43080}, resolved when sourced (the old Mesos-DNS
 *       naming). Zeta writes env values literally (it escapes {@code $}), so the name is resolved at install, in the
 *       naming the newer packages use.</li>
 *   <li>user_config.sh: {@code CLUSTERNAME=mycluster} (the original's unescaped {@code $(ls /mapr)} ran at install, on
 *       the installer's node); the JDBC URL line prints {@code ${DRILL_ID}/${DRILL_ID}}, the Drill id the script has
 *       just read (the original printed the placeholder {@code \%DRILL_ID%\/%DRILL_ID%}: bug).</li>
 * </ul>
 */
class ZeppelinGoldenTest extends PortGoldenTest {
  @TempDir
  static Path tmp;
  static GoldenCluster cluster;

  @BeforeAll
  static void install() {
    cluster = GoldenCluster.create(tmp);
    cluster.stage("zeppelin");
    cluster.install("zeppelin", "prod", "zepprod", "port=43080", "totalMem=2048", "zeppelinMem=1024m", "cpus=2.0",
        "user=zetaadm");
  }

  @Override
  GoldenCluster cluster() {
    return cluster;
  }

  @Override
  String pkg() {
    return "zeppelin";
  }

  @Override
  String id() {
    return "zepprod";
  }
}
