#!/bin/bash
chmod +x /entrypoint.sh
/entrypoint.sh --config /data/conf/mongod.conf
