#!/bin/bash
export ZETA_drillprod_ENV="drillprod"
export ZETA_drillprod_WEB_HOST="drillprod-prod.marathon.slave.mesos"
export ZETA_drillprod_WEB_PORT="20004"
export ZETA_drillprod_USER_PORT="20005"
export ZETA_drillprod_BIT_PORT="20006"
