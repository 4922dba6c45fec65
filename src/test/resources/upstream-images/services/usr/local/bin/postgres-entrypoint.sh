#!/bin/bash
# ENTRYPOINT of the test stand-in for docker.io/library/postgres: the official image's
# docker-entrypoint.sh for what the Universe package uses. At the first start in an empty $PGDATA
# it runs initdb with POSTGRES_USER/POSTGRES_PASSWORD/POSTGRES_INITDB_ARGS, lets every host in
# with a password, creates POSTGRES_DB and runs /docker-entrypoint-initdb.d/*.sh|*.sql; then
# postgres runs as user postgres listening on all addresses.
set -e
if [ "${1:0:1}" = '-' ]; then
  set -- postgres "$@"
fi
if [ "$1" != postgres ]; then
  exec "$@"
fi
: "${PGDATA:=/var/lib/postgresql/data}"
export PGDATA
if [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$BASH_SOURCE" "$@"
fi
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  : "${POSTGRES_USER:=postgres}"
  : "${POSTGRES_DB:=$POSTGRES_USER}"
  auth=scram-sha-256
  if [ -z "$POSTGRES_PASSWORD" ]; then
    echo "postgres-entrypoint: POSTGRES_PASSWORD is empty: every host is trusted (as the 9.6 image did)" >&2
    auth=trust
  fi
  # shellcheck disable=SC2086
  initdb --username="$POSTGRES_USER" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") $POSTGRES_INITDB_ARGS
  printf '\nhost all all all %s\n' "$auth" >> "$PGDATA/pg_hba.conf"
  # No LLVM in this image (jit off), and clients come from outside the container.
  printf "listen_addresses = '*'\njit = off\n" >> "$PGDATA/postgresql.conf"
  pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start
  if [ "$POSTGRES_DB" != postgres ]; then
    psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres -c "CREATE DATABASE \"$POSTGRES_DB\""
  fi
  for f in /docker-entrypoint-initdb.d/*; do
    case "$f" in
      *.sh) . "$f" ;;
      *.sql) psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -f "$f" ;;
    esac
  done
  pg_ctl -D "$PGDATA" -m fast -w stop
  echo "postgres-entrypoint: PostgreSQL init process complete; ready for start up."
fi
exec "$@"
