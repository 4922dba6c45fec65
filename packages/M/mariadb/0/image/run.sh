#!/bin/bash
# Runs MariaDB on the instance's data directory. At the first start (empty /var/lib/mysql) it
# creates the system tables and an 'admin'@'%' account with a generated password, written to
# /creds/creds.txt (0600), as the original image did.
set -e
chown mysql:mysql /var/lib/mysql /logs
if [ ! -d /var/lib/mysql/mysql ]; then
  mariadb-install-db --user=mysql --datadir=/var/lib/mysql --skip-test-db > /logs/install.log
  password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
  mariadbd --user=mysql --datadir=/var/lib/mysql --skip-networking --socket=/run/mysqld/init.sock &
  init=$!
  for _ in $(seq 1 120); do
    mariadb-admin --socket=/run/mysqld/init.sock ping >/dev/null 2>&1 && break
    sleep 0.5
  done
  mariadb --socket=/run/mysqld/init.sock <<SQL
CREATE USER 'admin'@'%' IDENTIFIED BY '${password}';
GRANT ALL PRIVILEGES ON *.* TO 'admin'@'%' WITH GRANT OPTION;
FLUSH PRIVILEGES;
SQL
  umask 077
  printf 'user=admin\npassword=%s\n' "$password" > /creds/creds.txt.tmp
  mv /creds/creds.txt.tmp /creds/creds.txt
  kill -TERM "$init"
  wait "$init" || true
fi
exec mariadbd --user=mysql --datadir=/var/lib/mysql --bind-address=0.0.0.0 --port=3306 \
  --general-log=1 --general-log-file=/logs/general.log \
  --slow-query-log=1 --slow-query-log-file=/logs/slow.log
