#!/bin/bash

CLUSTERNAME=mycluster
MESOS_ROLE="prod"
APP_UP=""
APP_ID="zepprod"

. /mapr/$CLUSTERNAME/zeta/kstore/env/zeta_prod.sh

RUSER=$(whoami)




echo "This script provides you the information to setup your interpreters in Zeppelin"
echo ""
echo "First Drill"
echo "Based on roles, here are the options for Drill instances to connect to:"
echo ""
ls -ls /mapr/$CLUSTERNAME/zeta/${MESOS_ROLE}/drill/
echo ""
echo ""
read -e -p "Please enter the name of the Drill Role to choose}: " -i "drill${MESOS_ROLE}" DRILL_ID
echo ""
echo ""
echo "on the Interpreters page, scroll to jdbc"
echo ""
echo "Here, set the following options and press save:"
echo ""
echo "default.user: ${RUSER}"
echo "default.password: %ENTERYOURPASSWORD%"
echo "default.url: jdbc:drill:zk=master.mesos:2181/${DRILL_ID}/${DRILL_ID}"
echo "default.driver: org.apache.drill.jdbc.Driver"
echo "common.max_count: 10000"
echo ""
echo ""
echo "While passwords show up in plain text in the web there is some security around them in the back ground"
echo ""
echo ""

