package io.zeta.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeta.ZetaException;
import io.zeta.cluster.DirectoryConfig;
import io.zeta.testing.Slapd;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The directory client against a real slapd, below the CLI: the read side and ensureRole's numbers. */
class LdapDirectoryTest {
  @TempDir
  static Path tmp;
  static Slapd slapd;

  @BeforeAll
  static void start() {
    Assumptions.assumeTrue(Slapd.available(), "no /usr/sbin/slapd on this machine (apt-get install slapd)");
    slapd = Slapd.start(tmp.resolve("slapd"));
  }

  @AfterAll
  static void stop() {
    if (slapd != null) {
      slapd.close();
    }
  }

  static DirectoryConfig config(String url) {
    return new DirectoryConfig(url, false, Slapd.BASE, Slapd.ROOT_DN, "openldap", null, null, null, null, null, null);
  }

  @Test
  void ensureRoleCreatesGroupsAndServiceUserAndReadsThemBack() throws Exception {
    try (Directory d = Directories.check(config(slapd.url()), Slapd.ROOT_PASSWORD)) {
      RoleAccounts a = d.ensureRole("prod", 2_000_000);
      assertThat(a.created()).hasSize(7);
      assertThat(d.user("zetasvcprod")).get().extracting(DirectoryUser::uidNumber).isEqualTo(2_000_000L);
      assertThat(d.group("zetaprodetl")).get().extracting(DirectoryGroup::gidNumber).isEqualTo(2_500_002L);
      assertThat(d.groupsOf("zetasvcprod")).containsExactly("zetaprodapps", "zetaproddata", "zetaprodetl", "zetaprodzeta");
      String before = slapd.dump();
      assertThat(d.ensureRole("prod", 2_000_000).created()).isEmpty();
      assertThat(slapd.dump()).isEqualTo(before);
      assertThatThrownBy(() -> d.ensureRole("prod", 3_000_000)).isInstanceOf(ZetaException.class)
          .hasMessageContaining("already has zetasvcprod with uid 2000000");
      assertThat(slapd.dump()).isEqualTo(before);
      assertThat(d.highestUidNumber(2_000_000, 2_499_999)).contains(2_000_000L);
    }
  }

  @Test
  void unreachableAndWrongPasswordAreOneLineErrors() {
    assertThatThrownBy(() -> Directories.check(config("ldap://127.0.0.1:1"), "x"))
        .hasMessage("cannot reach the directory at ldap://127.0.0.1:1: connection refused — check --ldap");
    assertThatThrownBy(() -> Directories.check(config(slapd.url()), "wrong"))
        .hasMessage("the directory refused the bind as " + Slapd.ROOT_DN + ": invalid credentials — check --bind-password-file");
  }
}
