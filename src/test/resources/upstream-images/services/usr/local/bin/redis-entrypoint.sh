#!/bin/sh
# ENTRYPOINT of the test stand-in for docker.io/library/redis: behaves as the official image's
# docker-entrypoint.sh (options alone run redis-server; redis-server runs as user redis in /data)
# and, as the official image's build does, turns protected mode off: clients come in through the
# container's port mapping, not over loopback.
set -e
if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then
  set -- redis-server "$@"
fi
if [ "$1" = redis-server ]; then
  shift
  if [ "${1%.conf}" != "${1:-}" ]; then
    conf=$1; shift
    set -- redis-server "$conf" --protected-mode no "$@"
  else
    set -- redis-server --protected-mode no "$@"
  fi
  if [ "$(id -u)" = 0 ]; then
    find . \! -user redis -exec chown redis '{}' + 2>/dev/null || true
    exec setpriv --reuid=redis --regid=redis --init-groups "$@"
  fi
fi
exec "$@"
