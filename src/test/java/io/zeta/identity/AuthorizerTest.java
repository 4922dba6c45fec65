package io.zeta.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeta.cluster.Access.Action;
import io.zeta.cluster.DirectoryConfig;
import io.zeta.testing.Slapd;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model of docs/SECURITY.md, "Who may do what", with groups from a real slapd. */
class AuthorizerTest {
  @TempDir
  static Path tmp;
  static Slapd slapd;
  static Directory directory;

  @BeforeAll
  static void start() throws IOException {
    Assumptions.assumeTrue(Slapd.available(), "no /usr/sbin/slapd on this machine (apt-get install slapd)");
    slapd = Slapd.start(tmp.resolve("slapd"));
    directory = Directories.check(new DirectoryConfig(slapd.url(), false, Slapd.BASE, Slapd.ROOT_DN, "openldap", null,
        null, null, null, null, null), Slapd.ROOT_PASSWORD);
    directory.ensureRole("prod", 2_000_000);
    directory.ensureRole("dev", 3_000_000);
    long uid = 5000;
    for (String u : List.of("alice", "bob", "carol", "paul")) {
      directory.addUser(new Directory.NewUser(u, uid++, 5000, u, "Test"));
    }
    directory.addRoleMember("prod", "alice");
    slapd.add("dn: cn=zetaadmins,ou=groups," + Slapd.BASE, "objectClass: posixGroup", "cn: zetaadmins", "gidNumber: 4000",
        "memberUid: carol");
    slapd.add("dn: cn=zetapackagers,ou=groups," + Slapd.BASE, "objectClass: posixGroup", "cn: zetapackagers",
        "gidNumber: 4001", "memberUid: paul");
  }

  @AfterAll
  static void stop() throws IOException {
    if (directory != null) {
      directory.close();
    }
    if (slapd != null) {
      slapd.close();
    }
  }

  /** A clock the test moves. */
  static final class MovingClock extends Clock {
    Instant now = Instant.parse("2026-12-01T00:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  static GroupCache cache(Clock clock) {
    return new GroupCache(u -> {
      try {
        return directory.groupsOf(u);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, Duration.ofSeconds(60), clock);
  }

  static Authorizer as(String user, GroupCache cache) {
    return Authorizer.enforced(Principal.of(user, "os"), new Authorizer.Policy(Optional.of("zetaadmins"),
        Optional.of("zetapackagers"), "zetaadm"), cache,
        role -> Directory.ROLE_BASES.stream().map(b -> Directory.roleGroup(role, b)).toList());
  }

  @Test
  void membersActInTheirRoleOnlyAndRefusalsNameTheGroupsThatWouldAllow() {
    GroupCache cache = cache(Clock.systemUTC());
    Authorizer alice = as("alice", cache);
    Authorizer bob = as("bob", cache);
    for (Action a : Action.values()) {
      if (a.scope() == Action.Scope.ROLE) {
        assertThat(alice.may(a, "prod")).as(a.name()).isTrue();
        assertThat(alice.may(a, "dev")).as(a.name()).isFalse();
        assertThat(bob.may(a, "prod")).as(a.name()).isFalse();
      } else {
        assertThat(alice.may(a, null)).as(a.name()).isFalse();
      }
    }
    assertThatThrownBy(() -> bob.require(Action.INSTALL, "prod")).isInstanceOf(AccessDeniedException.class)
        .hasMessage("bob may not install in role prod: needs membership of zetaprodapps, zetaproddata, zetaprodetl or "
            + "zetaprodzeta, or of the admin group zetaadmins");
    assertThatThrownBy(() -> alice.require(Action.STAGE, null))
        .hasMessage("alice may not stage packages: needs membership of the packagers group zetapackagers, or of the "
            + "admin group zetaadmins");
    assertThatThrownBy(() -> alice.require(Action.ROLE_ADD, "qa"))
        .hasMessage("alice may not add roles: needs membership of the admin group zetaadmins");
    assertThat(alice.mayRead("prod")).isTrue();
    assertThat(alice.isAdmin()).isFalse();
  }

  @Test
  void adminsMayEverythingPackagersStageTheOwnerIsAlwaysAdmin() {
    GroupCache cache = cache(Clock.systemUTC());
    Authorizer carol = as("carol", cache);
    Authorizer paul = as("paul", cache);
    Authorizer owner = as("zetaadm", cache);
    for (Action a : Action.values()) {
      assertThat(carol.may(a, "dev")).as(a.name()).isTrue();
      assertThat(owner.may(a, "dev")).as(a.name()).isTrue();
    }
    assertThat(paul.may(Action.STAGE, null)).isTrue();
    assertThat(paul.may(Action.UNSTAGE, null)).isTrue();
    assertThat(paul.may(Action.INSTALL, "prod")).isFalse();
    assertThat(paul.may(Action.ROLE_ADD, null)).isFalse();
  }

  @Test
  void onlyAdminsActAsSomeoneElseAndThenHaveThatUsersRights() {
    GroupCache cache = cache(Clock.systemUTC());
    Authorizer carolAsBob = as("carol", cache).actingAs("bob");
    assertThat(carolAsBob.principal()).isEqualTo("carol as bob");
    assertThat(carolAsBob.name()).isEqualTo("bob");
    assertThat(carolAsBob.may(Action.INSTALL, "prod")).isFalse();
    assertThatThrownBy(() -> as("alice", cache).actingAs("bob")).isInstanceOf(AccessDeniedException.class)
        .hasMessage("alice may not act as another user (--as) bob: needs membership of the admin group zetaadmins");
    assertThatThrownBy(() -> as("carol", cache).actingAs("bob\nx")).hasMessageStartingWith("invalid user name");
  }

  @Test
  void withoutADirectoryEverythingIsAllowedButImpersonation() {
    Authorizer bob = Authorizer.unenforced(Principal.of("bob", "os"), "zetaadm");
    assertThat(bob.enforced()).isFalse();
    for (Action a : Action.values()) {
      assertThat(bob.may(a, "prod")).as(a.name()).isEqualTo(a != Action.IMPERSONATE);
    }
    assertThatThrownBy(() -> bob.actingAs("alice")).isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("needs to be the cluster's owner zetaadm or root");
    assertThat(Authorizer.unenforced(Principal.of("root", "os"), "zetaadm").actingAs("alice").principal())
        .isEqualTo("root as alice");
  }

  @Test
  void groupLookupsAreCachedUntilTheyExpire() throws IOException {
    MovingClock clock = new MovingClock();
    GroupCache cache = cache(clock);
    Authorizer alice = as("alice", cache);
    for (int i = 0; i < 10; i++) {
      alice.require(Action.STATUS, "prod");
      alice.mayRead("dev");
    }
    assertThat(cache.lookups()).isEqualTo(1);
    assertThat(cache.hits()).isEqualTo(19);
    // A change in the directory shows once the answer expires, not before.
    directory.removeRoleMember("prod", "alice");
    try {
      clock.now = clock.now.plusSeconds(59);
      assertThat(alice.mayRead("prod")).isTrue();
      clock.now = clock.now.plusSeconds(2);
      assertThat(alice.mayRead("prod")).isFalse();
      assertThat(cache.lookups()).isEqualTo(2);
    } finally {
      directory.addRoleMember("prod", "alice");
    }
    assertThat(Set.copyOf(new GroupCache(u -> Set.of("x"), Duration.ZERO).groupsOf("a"))).containsExactly("x");
  }
}
