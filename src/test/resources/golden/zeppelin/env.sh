#!/bin/bash
export ZETA_zepprod_ID="zepprod"
export ZETA_zepprod_PORT="43080"
export ZETA_zepprod_USER="zetaadm"
export ZETA_zepprod_URL="zepprod-prod.marathon.slave.mesos:43080"
