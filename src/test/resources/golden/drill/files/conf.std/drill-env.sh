# Licensed to the Apache Software Foundation (ASF) under one or more
# contributor license agreements.  See the NOTICE file distributed with
# this work for additional information regarding copyright ownership.
# The ASF licenses this file to You under the Apache License, Version 2.0
# (the "License"); you may not use this file except in compliance with
# the License.  You may obtain a copy of the License at
#
#     http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.

CALL_SCRIPT="$0"
MESOS_ROLE="prod"
CLUSTERNAME="mycluster"
APP_ID="drillprod"
. /mapr/mycluster/zeta/kstore/env/zeta_shared.sh
. /mapr/mycluster/zeta/kstore/env/zeta_prod.sh
# Zeta writes no zeta_shared.sh or zeta_<role>.sh: this instance's exports and ZETA_ZKS are set here.
. /mapr/mycluster/zeta/prod/drill/drillprod/env.sh
export ZETA_ZKS="master.mesos:2181"

echo "Webhost: ${ZETA_drillprod_WEB_HOST}:${ZETA_drillprod_WEB_PORT}"

export DRILL_HEAP="4G"

export DRILL_MAX_DIRECT_MEMORY="8G"

# Value for the JVM -XX:MaxPermSize option for the Drillbit. Default is 512M.
export DRILLBIT_MAX_PERM="512M"

# Native library path passed to Java. Note: use this form instead
# of the old form of DRILLBIT_JAVA_OPTS="-Djava.library.path=<dir>"
# The old form is not compatible with Drill-on-YARN.
export DRILL_JAVA_LIB_PATH="/mapr/mycluster/zeta/prod/drill/drillprod/conf.std/lib/libjpam.so"

# Value for the code cache size for the Drillbit. Because the Drillbit generates
# code, it benefits from a large cache. Default is 1G.

export DRILLBIT_CODE_CACHE_SIZE="1G"

# Location to place Drill logs. Set to $DRILL_HOME/log by default.
HOSTNAME=$(hostname -f)

export DRILL_LOG_DIR="/mapr/mycluster/zeta/prod/drill/drillprod/logs"

# Location to place the Drillbit pid file when running as a daemon using
# drillbit.sh start.
# Set to $DRILL_HOME by default.
export DRILL_PID_DIR="/mapr/mycluster/zeta/prod/drill/drillprod/logs/pids"

SPILLLOC="/var/mapr/local/${HOSTNAME}/local/drillspill/${APP_ID}"


o=$(echo $CALL_SCRIPT|grep sqlline)
if [ "$o" != "" ]; then
    echo "SQL Line: no SPILL Loc"
    mkdir -p ${DRILL_LOG_DIR}/sqlline/$(whoami)
    chown $(whoami) ${DRILL_LOG_DIR}/sqlline/$(whoami)
    chmod 750 ${DRILL_LOG_DIR}/sqlline/$(whoami)
    export DRILL_LOG_DIR="${DRILL_LOG_DIR}/sqlline/$(whoami)"
    echo "Log Dir: $DRILL_LOG_DIR"
else
    mkdir -p /mapr/mycluster/zeta/prod/drill/drillprod/logs/drillbits/$HOSTNAME
    export DRILL_LOG_DIR="/mapr/mycluster/zeta/prod/drill/drillprod/logs/drillbits/$HOSTNAME"
    export DRILL_SPILLLOC="$SPILLLOC"

    if [ -d "/mapr/mycluster${SPILLLOC}" ]; then
        echo "Spill Location exists: ${SPILLLOC}"
    else
        echo "Need to create SPILL LOCATION: ${SPILLLOC}"
        mkdir -p /mapr/mycluster${SPILLLOC}
    fi
    chown -R mapr:zetaproddata /mapr/mycluster${SPILLLOC}
    chmod -R 775 /mapr/mycluster${SPILLLOC}

fi
