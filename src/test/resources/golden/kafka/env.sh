#!/bin/bash
export ZETA_kafkaprod_ENV="kafkaprod"
export ZETA_kafkaprod_ZK="master.mesos:2181/kafkaprod"
export ZETA_kafkaprod_API_PORT="21000"
