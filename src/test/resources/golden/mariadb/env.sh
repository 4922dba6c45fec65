#!/bin/bash
export ZETA_mariadb_mydb_PORT="30306"
