
# MapR-specific environment settings for Drill

export HADOOP_HOME="/opt/mapr/hadoop/hadoop-2.7.0"
export DRILL_JAVA_OPTS="${DRILL_JAVA_OPTS} -Djava.security.auth.login.config=/opt/mapr/conf/mapr.login.conf -Dzookeeper.sasl.client=false"
export MAPR_TICKETFILE_LOCATION=/opt/mapr/conf/mapruserticket
export MAPR_IMPERSONATION_ENABLED=true

