#!/bin/sh
# /app-entrypoint.sh of the test stand-in for docker.io/bitnami/nginx 1.10: initializes nginx
# (the persistent /bitnami/nginx tree) and runs the command, by default nami start --foreground nginx.
set -e
nami initialize nginx
exec "$@"
