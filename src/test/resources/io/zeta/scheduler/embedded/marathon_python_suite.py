"""Drives Zeta's agent with marathon-python (Debian's python3-marathon, an independent client).

Usage: python3 marathon_python_suite.py URL AREA [TOKEN]
AREA is one of: system, apps, tasks, deployments, groups, events. Every call goes through the client's
MarathonClient, which builds its model objects strictly from the keys it receives: a key it does
not know raises TypeError, which is what this suite is for. Exits 0 when every check held,
otherwise 1 with the first failed check on stderr.
"""
import sys
import time
import traceback

from marathon import MarathonClient
from marathon.exceptions import ConflictError, MarathonHttpError, NotFoundError
from marathon.models import MarathonApp, MarathonDeployment, MarathonGroup, MarathonTask
from marathon.models.app import MarathonHealthCheck

WAIT = 30


class CheckFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise CheckFailed(message)
    print("ok:", message)


def raises(error, call, message):
    try:
        call()
    except error as e:
        print("ok:", message, "->", e)
        return e
    raise CheckFailed(message + ": no " + error.__name__ + " raised")


def await_deployment(c, deployment_id):
    """As Marathon's clients wait: a deployment that is no longer listed has finished."""
    deadline = time.time() + WAIT
    while time.time() < deadline:
        if all(d.id != deployment_id for d in c.list_deployments()):
            return
        time.sleep(0.1)
    raise CheckFailed("deployment %s still running after %ss" % (deployment_id, WAIT))


def await_app(c, app_id, predicate, what):
    deadline = time.time() + WAIT
    while time.time() < deadline:
        app = c.get_app(app_id)
        if predicate(app):
            return app
        time.sleep(0.1)
    raise CheckFailed("%s: %s not reached in %ss" % (app_id, what, WAIT))


def create(c, app_id, **fields):
    app = c.create_app(app_id, MarathonApp(**fields))
    check(isinstance(app, MarathonApp) and app.id == app_id, "create_app %s answers the app" % app_id)
    check(len(app.deployments) == 1, "the created app carries its deployment")
    await_deployment(c, app.deployments[0].id)
    return app


NEVER_HEALTHY = [MarathonHealthCheck(protocol="COMMAND", command={"value": "false"}, grace_period_seconds=600,
                                     interval_seconds=1, max_consecutive_failures=0)]


def area_system(c):
    check(c.ping().strip() in (b"pong", b'"pong"'), "ping answers pong")
    info = c.get_info()
    check(info.elected is True and info.leader, "get_info builds MarathonInfo (elected, leader)")
    check(info.http_config is not None, "get_info has http_config")
    check(c.get_leader().get("leader") == info.leader, "get_leader names the leader of /v2/info")


def area_apps(c):
    create(c, "/py/web", cmd="exec sleep 3801", instances=2,
           labels={"HAPROXY_GROUP": "external", "tier": "frontend"})
    create(c, "/py/db", cmd="exec sleep 3802", instances=1, labels={"HAPROXY_GROUP": "internal"})

    plain = c.list_apps(app_id="/py/")
    check(sorted(a.id for a in plain) == ["/py/db", "/py/web"], "list_apps(app_id) filters by id")
    check(all(a.tasks == [] for a in plain), "list_apps without embed has no tasks")
    check(all(a.tasks_running is not None for a in plain), "list_apps always has the counts")
    embedded = c.list_apps(app_id="/py/", embed_tasks=True, embed_counts=True, embed_deployments=True,
                           embed_readiness=True, embed_last_task_failure=True, embed_failures=True,
                           embed_task_stats=True)
    web = [a for a in embedded if a.id == "/py/web"][0]
    check(len(web.tasks) == 2 and all(isinstance(t, MarathonTask) for t in web.tasks),
          "list_apps(embed app.tasks) embeds the tasks as MarathonTask")
    check(web.task_stats is not None and web.task_stats.total_summary.stats.counts.running == 2,
          "embed app.taskStats gives MarathonTaskStats with the running count")
    check([a.id for a in c.list_apps(cmd="sleep 3802")] == ["/py/db"], "list_apps(cmd) filters by command")
    check([a.id for a in c.list_apps(app_id="/py/", label="HAPROXY_GROUP==external")] == ["/py/web"],
          "list_apps(label=key==value)")
    check(sorted(a.id for a in c.list_apps(app_id="/py/", label="HAPROXY_GROUP")) == ["/py/db", "/py/web"],
          "list_apps(label=key)")
    check([a.id for a in c.list_apps(app_id="/py/", label="HAPROXY_GROUP!=external")] == ["/py/db"],
          "list_apps(label=key!=value)")
    check([a.id for a in c.list_apps(app_id="/py/", label="tier in (frontend, backend)")] == ["/py/web"],
          "list_apps(label=key in (a,b))")
    bad = raises(MarathonHttpError, lambda: c.list_apps(label="tier in ("), "a bad label selector is refused")
    check(bad.status_code == 422, "a bad label selector answers 422")

    app = c.get_app("/py/web", embed_tasks=True, embed_task_stats=True)
    check(len(app.tasks) == 2, "get_app(embed_tasks) has the tasks")
    check(app.task_stats.with_latest_config.stats.counts.running == 2, "get_app(embed_task_stats)")
    port = app.port_definitions[0].port
    check(10000 <= port < 20000, "a service port from 10000-19999 was assigned (%s)" % port)
    check(all(t.service_ports == [port] for t in app.tasks), "tasks carry the app's service ports")
    endpoints = [e for e in c.list_endpoints() if e.app_id == "/py/web"]
    check(len(endpoints) == 2 and all(e.service_port == port for e in endpoints),
          "list_endpoints pairs each task port with the service port")
    check(c.get_app("/py/db").port_definitions[0].port != port, "service ports are unique across apps")
    raises(NotFoundError, lambda: c.get_app("/py/none"), "get_app of an unknown app is NotFoundError")

    first_version = app.version
    result = c.scale_app("/py/web", instances=3)
    check("deploymentId" in result and "version" in result, "scale_app answers a deployment result")
    await_deployment(c, result["deploymentId"])
    check(c.get_app("/py/web").tasks_running == 3, "scale_app(instances) scales up")
    await_deployment(c, c.scale_app("/py/web", delta=-1)["deploymentId"])
    check(c.get_app("/py/web").instances == 2, "scale_app(delta) scales down")

    result = c.update_app("/py/web", MarathonApp(env={"COLOR": "blue"}))
    await_deployment(c, result["deploymentId"])
    check(c.get_app("/py/web").env == {"COLOR": "blue"}, "update_app changes the definition")
    check(c.get_app("/py/web").port_definitions[0].port == port, "an update keeps the service port")

    result = c.update_apps([MarathonApp(id="/py/web", labels={"HAPROXY_GROUP": "external", "tier": "frontend",
                                                              "n": "1"}),
                            MarathonApp(id="/py/db", instances=2)])
    check("deploymentId" in result, "update_apps answers one deployment result")
    await_deployment(c, result["deploymentId"])
    check(c.get_app("/py/web").labels.get("n") == "1" and c.get_app("/py/db").tasks_running == 2,
          "update_apps changes both apps")

    before = {t.id for t in c.get_app("/py/web").tasks}
    result = c.restart_app("/py/web")
    check("deploymentId" in result, "restart_app answers a deployment result")
    await_deployment(c, result["deploymentId"])
    after = {t.id for t in c.get_app("/py/web").tasks}
    check(len(after) == 2 and not (before & after), "restart_app replaces every task")

    versions = c.list_versions("/py/web")
    check(len(versions) >= 4 and versions[-1] == first_version, "list_versions lists every version, newest first")
    old = c.get_version("/py/web", first_version)
    check(isinstance(old, MarathonApp) and old.instances == 2 and old.env == {}, "get_version answers the old app")
    raises(NotFoundError, lambda: c.get_version("/py/web", "2001-01-01T00:00:00.000Z"), "an unknown version")
    await_deployment(c, c.rollback_app("/py/web", first_version)["deploymentId"])
    check(c.get_app("/py/web").env == {}, "rollback_app brings the old version back")

    c.create_app("/py/slow", MarathonApp(cmd="exec sleep 3803", health_checks=NEVER_HEALTHY))
    locked = raises(ConflictError, lambda: c.scale_app("/py/slow", instances=2), "a locked app refuses a change")
    check("locked" in locked.error_message, "the 409 says the app is locked")
    raises(ConflictError, lambda: c.restart_app("/py/slow"), "a locked app refuses a restart")
    check("deploymentId" in c.restart_app("/py/slow", force=True), "restart_app(force=True) overrides the lock")
    check("deploymentId" in c.scale_app("/py/slow", instances=0, force=True), "scale_app(force=True) too")
    for app_id in ("/py/web", "/py/db", "/py/slow"):
        c.delete_app(app_id, force=True)
    check(not c.list_apps(app_id="/py/"), "delete_app removes the apps")


def area_tasks(c):
    create(c, "/pyt/a", cmd="exec sleep 3811", instances=3)
    create(c, "/pyt/b", cmd="exec sleep 3812", instances=1)
    tasks = [t for t in c.list_tasks() if t.app_id.startswith("/pyt/")]
    check(len(tasks) == 4, "list_tasks lists every app's tasks as MarathonTask")
    check(all(t.state == "TASK_RUNNING" and t.started_at and t.staged_at and t.version for t in tasks),
          "tasks have state, stagedAt, startedAt and version")
    check(all(t.ip_addresses and t.ip_addresses[0].ip_address and t.slave_id for t in tasks),
          "tasks have ipAddresses and slaveId")
    check(all(len(t.service_ports) == 1 and len(t.ports) == 1 for t in tasks), "tasks have ports and servicePorts")
    mine = c.list_tasks("/pyt/a")
    check(len(mine) == 3 and all(t.app_id == "/pyt/a" for t in mine), "list_tasks(app_id)")

    victim = mine[0].id
    killed = c.kill_task("/pyt/a", victim)
    check(isinstance(killed, MarathonTask) and killed.id == victim, "kill_task answers the task")
    await_app(c, "/pyt/a", lambda a: a.tasks_running == 3 and victim not in [t.id for t in a.tasks],
              "a replacement for the killed task")
    victim = c.list_tasks("/pyt/a")[0].id
    result = c.kill_task("/pyt/a", victim, scale=True)
    check("deploymentId" in result, "kill_task(scale=True) answers a deployment result")
    await_deployment(c, result["deploymentId"])
    check(c.get_app("/pyt/a").instances == 2, "kill_task(scale=True) lowers the instances")
    raises(NotFoundError, lambda: c.kill_task("/pyt/a", "pyt_a.nope"), "kill_task of an unknown task")

    killed = c.kill_tasks("/pyt/a", host="127.0.0.1")
    check(len(killed) == 2 and all(isinstance(t, MarathonTask) for t in killed), "kill_tasks(host) kills them all")
    await_app(c, "/pyt/a", lambda a: a.tasks_running == 2 and not ({t.id for t in killed} & {t.id for t in a.tasks}),
              "replacements for the killed tasks")
    check(c.kill_tasks("/pyt/a", host="elsewhere.example") == [], "kill_tasks on another host kills nothing")
    result = c.kill_tasks("/pyt/a", scale=True)
    await_deployment(c, result["deploymentId"])
    check(c.get_app("/pyt/a").instances == 0, "kill_tasks(scale=True) scales to zero")

    b_task = c.list_tasks("/pyt/b")[0].id
    check(c.kill_given_tasks([b_task]) is True, "kill_given_tasks answers 200")
    await_app(c, "/pyt/b", lambda a: a.tasks_running == 1 and a.tasks[0].id != b_task, "a replacement")
    check(c.kill_given_tasks([c.list_tasks("/pyt/b")[0].id], scale=True) is True, "kill_given_tasks(scale=True)")
    await_app(c, "/pyt/b", lambda a: a.instances == 0 and not a.tasks, "scaled to zero")
    for app_id in ("/pyt/a", "/pyt/b"):
        c.delete_app(app_id)


def area_deployments(c):
    create(c, "/pyd/web", cmd="exec sleep 3821")
    result = c.update_app("/pyd/web", MarathonApp(instances=2, health_checks=NEVER_HEALTHY))
    listed = [d for d in c.list_deployments() if d.id == result["deploymentId"]]
    check(len(listed) == 1 and isinstance(listed[0], MarathonDeployment), "list_deployments as MarathonDeployment")
    d = listed[0]
    check(d.affected_apps == ["/pyd/web"] and d.total_steps == 1 and d.current_step == 1,
          "a deployment has affectedApps, currentStep and totalSteps")
    check(d.steps[0].actions[0].action == "RestartApplication" and d.steps[0].actions[0].app == "/pyd/web",
          "a deployment has its steps and actions")
    check(d.current_actions[0].readiness_check_results == [], "current actions carry readiness results")

    back = c.delete_deployment(d.id)
    check("deploymentId" in back and back["deploymentId"] != d.id, "delete_deployment rolls back (a new deployment)")
    await_deployment(c, back["deploymentId"])
    app = c.get_app("/pyd/web")
    check(app.instances == 1 and app.health_checks == [], "the rollback restored the previous version")

    slow = c.update_app("/pyd/web", MarathonApp(health_checks=NEVER_HEALTHY))["deploymentId"]
    check(c.delete_deployment(slow, force=True) == {}, "delete_deployment(force=True) answers 202 without a body")
    check(all(x.id != slow for x in c.list_deployments()), "the stopped deployment is gone")
    check(len(c.get_app("/pyd/web").health_checks) == 1, "stopping without rollback keeps the new version")
    raises(NotFoundError, lambda: c.delete_deployment(slow), "an unknown deployment is NotFoundError")
    c.delete_app("/pyd/web", force=True)


def area_groups(c):
    create(c, "/team1/web1", cmd="exec sleep 3831", instances=0)
    roots = c.list_groups()
    check(any(g.id == "/team1" for g in roots), "list_groups shows /<role> of /<role>/<id> instances as a group")
    team = c.get_group("/team1")
    check(isinstance(team, MarathonGroup) and [a.id for a in team.apps] == ["/team1/web1"],
          "get_group has the group's apps as MarathonApp")

    group = MarathonGroup(id="/pyg", apps=[MarathonApp(id="/pyg/front", cmd="exec sleep 3832"),
                                             MarathonApp(id="/pyg/back", cmd="exec sleep 3833")])
    result = c.create_group(group)
    check("deploymentId" in result and "version" in result, "create_group answers a deployment result")
    deployment = [d for d in c.list_deployments() if d.id == result["deploymentId"]]
    check(not deployment or sorted(deployment[0].affected_apps) == ["/pyg/back", "/pyg/front"],
          "the group's apps deploy as one deployment")
    await_deployment(c, result["deploymentId"])
    check(c.get_app("/pyg/front").tasks_running == 1 and c.get_app("/pyg/back").tasks_running == 1,
          "both apps of the group run")
    raises(ConflictError, lambda: c.create_group(MarathonGroup(id="/pyg")), "create_group of an existing group")

    got = c.get_group("/pyg")
    check(sorted(a.id for a in got.apps) == ["/pyg/back", "/pyg/front"] and got.version, "get_group of the new group")
    result = c.update_group("/pyg", MarathonGroup(apps=[MarathonApp(id="/pyg/front", cmd="exec sleep 3832",
                                                                     instances=2)]))
    await_deployment(c, result["deploymentId"])
    check(c.get_app("/pyg/front").tasks_running == 2, "update_group changes the listed apps")
    raises(NotFoundError, lambda: c.get_app("/pyg/back"), "update_group removes the apps not listed")
    await_deployment(c, c.scale_group("/pyg", 1.5)["deploymentId"])
    check(c.get_app("/pyg/front").instances == 3, "scale_group multiplies the instances")

    result = c.delete_group("/pyg")
    check("deploymentId" in result, "delete_group answers a deployment result")
    await_deployment(c, result["deploymentId"])
    raises(NotFoundError, lambda: c.get_group("/pyg"), "the deleted group is gone")
    raises(NotFoundError, lambda: c.get_app("/pyg/front"), "with its apps")
    c.delete_app("/team1/web1")


def area_events(c, token):
    """marathon-python's event_stream: its SSE request sends no token header, so a client of an
    agent with auth gives it an sse_session that carries one (as for DC/OS)."""
    import threading
    import requests
    from marathon.models.events import (MarathonApiPostEvent, MarathonDeploymentInfo, MarathonDeploymentSuccess,
                                        MarathonStatusUpdateEvent)
    session = requests.Session()
    if token:
        session.headers["Authorization"] = "token=" + token
    streaming = MarathonClient(c.servers, auth_token=token, sse_session=session)
    received = []
    errors = []
    attached = threading.Event()

    def consume():
        try:
            stream = streaming.event_stream(event_types=["api_post_event", "status_update_event",
                                                         "deployment_info", "deployment_success"])
            attached.set()
            for event in stream:
                received.append(event)
        except Exception as e:  # a model that cannot be built from an event ends the stream
            errors.append(traceback.format_exc())
            attached.set()

    threading.Thread(target=consume, daemon=True).start()
    check(attached.wait(WAIT) and not errors, "event_stream attaches" + ("".join(errors) if errors else ""))
    time.sleep(0.5)
    app = create(c, "/pye/web", cmd="exec sleep 3841")
    deadline = time.time() + WAIT
    while time.time() < deadline and not any(isinstance(e, MarathonDeploymentSuccess) for e in received):
        time.sleep(0.1)
    check(not errors, "every event builds its marathon-python object" + ("".join(errors) if errors else ""))
    posts = [e for e in received if isinstance(e, MarathonApiPostEvent)]
    check(posts and posts[0].app_definition["id"] == "/pye/web", "an api_post_event with the app definition")
    infos = [e for e in received if isinstance(e, MarathonDeploymentInfo)]
    check(infos and infos[0].plan.id == app.deployments[0].id, "a deployment_info with its plan")
    check(any(isinstance(e, MarathonStatusUpdateEvent) and e.task_status == "TASK_RUNNING" and e.app_id == "/pye/web"
              for e in received), "a status_update_event of the running task")
    check(any(isinstance(e, MarathonDeploymentSuccess) and e.id == app.deployments[0].id for e in received),
          "a deployment_success of the deployment")
    check({e.event_type for e in received} <= {"api_post_event", "status_update_event", "deployment_info",
                                               "deployment_success"}, "the event_type filter holds")
    c.delete_app("/pye/web")


def main():
    url, area = sys.argv[1], sys.argv[2]
    token = sys.argv[3] if len(sys.argv) > 3 else None
    c = MarathonClient(url, auth_token=token, timeout=10)
    try:
        if area == "events":
            area_events(c, token)
        else:
            globals()["area_" + area](c)
    except CheckFailed as e:
        print("FAILED:", e, file=sys.stderr)
        return 1
    except Exception:  # a model that cannot be built from the agent's JSON, an unexpected HTTP error
        traceback.print_exc()
        return 1
    print("all checks of %s passed" % area)
    return 0


if __name__ == "__main__":
    sys.exit(main())
