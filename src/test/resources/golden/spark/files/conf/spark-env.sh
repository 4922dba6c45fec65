#!/usr/bin/env bash
export JAVA_LIBRARY_PATH=/opt/mesosphere/lib
export MESOS_NATIVE_JAVA_LIBRARY=/opt/mesosphere/lib/libmesos.so
export LD_LIBRARY_PATH=/opt/mesosphere/lib
export JAVA_HOME=/opt/mesosphere/active/java/usr/java

export HADOOP_HOME="/opt/mapr/hadoop/hadoop-2.7.0"
export MAPR_HOME="/opt/mapr"

HNAME=$(hostname -f)
APP_ID="sparkprod"
TMP_LOC="/mapr/mycluster/var/mapr/local/$HNAME/local/spark/$APP_ID"
ME=$(whoami)
if [ "$ME" == "root" ]; then
    echo "TMP_LOC: $TMP_LOC"
    mkdir -p $TMP_LOC
    chown -R zetaadm:zetaprodzeta $TMP_LOC
    chmod -R 775 $TMP_LOC
fi

if [ "$ZETA_SPARK_SVC" == "shuffle" ] || [ "$ZETA_SPARK_SVC" == "history" ]; then
    echo "Running History or Shuffle - Linking /tmp/spark to cluster local space"
    ln -s $TMP_LOC /tmp/spark
    chmod 777 /tmp/spark
else
    echo "Not running history or shuffle, using container local space but still linking to the nodes local space"
    ln -s $TMP_LOC /tmp/spark
#    chmod 777 /tmp/spark
fi

export HADOOP_CONF_DIR=${HADOOP_HOME}/etc/hadoop
MAPR_HADOOP_CLASSPATH=`${HADOOP_HOME}/bin/hadoop classpath`:`ls $MAPR_HOME/lib/slf4j-log*`:
MAPR_HADOOP_JNI_PATH=`${HADOOP_HOME}/bin/hadoop jnipath`
export SPARK_LIBRARY_PATH=$MAPR_HADOOP_JNI_PATH
MAPR_SPARK_CLASSPATH="$MAPR_HADOOP_CLASSPATH"
SPARK_DIST_CLASSPATH=$MAPR_SPARK_CLASSPATH
# Security status
source $MAPR_HOME/conf/env.sh
if [ "$MAPR_SECURITY_STATUS" = "true" ]; then
SPARK_SUBMIT_OPTS="$SPARK_SUBMIT_OPTS -Dmapr_sec_enabled=true"
fi
export PYSPARK_PYTHON="/opt/conda/bin/python3"
