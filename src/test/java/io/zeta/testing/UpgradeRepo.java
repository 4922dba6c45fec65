package io.zeta.testing;

import java.nio.file.Path;

/**
 * A test repository with versions of a small stateful package "kv" for upgrade tests: each
 * version has a persistent {@code data} dir, a rendered {@code conf/kv.properties} that its task
 * fetches, and a COMMAND health check. 1.0.0 declares no upgradesFrom; 2.0.0 upgrades from 1.0.0
 * and adds an option; 3.0.0 upgrades from anything but its task exits at once (never healthy);
 * 4.0.0 upgrades only from 0.9.0. {@link #multi} writes a package of three apps.
 */
public final class UpgradeRepo {
  private UpgradeRepo() {}

  public static TestRepo kv(Path root) {
    TestRepo repo = new TestRepo(root);
    version(repo, 0, "1.0.0", null, "exec sleep 3600", false);
    version(repo, 1, "2.0.0", "[\"1.0.0\"]", "exec sleep 3600", true);
    version(repo, 2, "3.0.0", "[\"*\"]", "echo kv 3.0 is broken; exit 3", true);
    version(repo, 3, "4.0.0", "[\"0.9.0\"]", "exec sleep 3600", true);
    return repo;
  }

  private static void version(TestRepo repo, int release, String version, String upgradesFrom, String cmd,
      boolean mode) {
    repo.file("kv", release, "package.json", """
        {"packagingVersion": "4.0", "name": "kv", "version": "%s", "maintainer": "t@example.com",
         "description": "stateful test package", "tags": ["test"]%s}"""
        .formatted(version, upgradesFrom == null ? "" : ", \"upgradesFrom\": " + upgradesFrom));
    repo.file("kv", release, "config.json", """
        {"type": "object", "additionalProperties": false,
         "properties": {"greeting": {"type": "string", "default": "hello"},
                        "token": {"type": "string", "format": "password", "default": "s3cr3t-default"}%s}}"""
        .formatted(mode ? ", \"mode\": {\"type\": \"string\", \"default\": \"fast\"}" : ""));
    repo.file("kv", release, "zeta.json", """
        {"zetaVersion": "1", "instancePolicy": "many-per-role", "recommendedBaseDir": "data",
         "directories": [{"path": "data", "mode": "0770", "persistent": true}, {"path": "conf", "mode": "0750"}],
         "configFiles": [{"template": "kv.properties.mustache", "target": "conf/kv.properties", "mode": "0640"}]}""");
    repo.file("kv", release, "kv.properties.mustache", "version=" + version + "\ngreeting={{greeting}}\n"
        + (mode ? "mode={{mode}}\n" : ""));
    repo.file("kv", release, "marathon.json.mustache", """
        {"id": "{{zeta.appId}}", "cmd": "%s", "cpus": 0.01, "mem": 16, "instances": 1,
         "fetch": [{"uri": "{{zeta.homeUri}}/conf/kv.properties", "extract": false}],
         "healthChecks": [{"protocol": "COMMAND", "command": {"value": "test -f kv.properties"},
                           "gracePeriodSeconds": 30, "intervalSeconds": 1, "timeoutSeconds": 5,
                           "maxConsecutiveFailures": 3}]}""".formatted(cmd));
  }

  /** "trio": three apps (a, b, c) of one instance, versions 1.0.0 and 2.0.0 (which upgrades from 1.0.0). */
  public static TestRepo multi(Path root) {
    TestRepo repo = new TestRepo(root);
    for (int release = 0; release < 2; release++) {
      String version = release == 0 ? "1.0.0" : "2.0.0";
      repo.file("trio", release, "package.json", """
          {"packagingVersion": "4.0", "name": "trio", "version": "%s", "maintainer": "t@example.com",
           "description": "three apps", "tags": ["test"]%s}"""
          .formatted(version, release == 0 ? "" : ", \"upgradesFrom\": [\"1.0.0\"]"));
      repo.file("trio", release, "config.json", """
          {"type": "object", "properties": {"greeting": {"type": "string", "default": "hello"}}}""");
      repo.file("trio", release, "zeta.json", """
          {"zetaVersion": "1", "instancePolicy": "many-per-role", "recommendedBaseDir": "apps",
           "apps": [{"name": "a", "template": "app.json.mustache"}, {"name": "b", "template": "app.json.mustache"},
                    {"name": "c", "template": "app.json.mustache"}]}""");
      repo.file("trio", release, "app.json.mustache", """
          {"id": "{{zeta.app.id}}", "cmd": "echo %s {{greeting}}; exec sleep 3600", "cpus": 0.01, "mem": 16,
           "instances": 1,
           "healthChecks": [{"protocol": "COMMAND", "command": {"value": "true"}, "gracePeriodSeconds": 30,
                             "intervalSeconds": 1, "timeoutSeconds": 5, "maxConsecutiveFailures": 3}]}"""
          .formatted(version));
    }
    return repo;
  }
}
