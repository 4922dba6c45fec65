#!/bin/sh
CHK=`getent hosts $MYHOSTNAME`
while [ "$CHK" = "" ]; do

    echo "Sleeping 2 seconds and checking for $MYHOSTNAME again"
    sleep 2
    CHK=`getent hosts $MYHOSTNAME`
done
echo "Found $MYHOSTNAME now starting etcd"
echo ""
INIT_CLUSTER=""
N=1
while [ $N -le 3 ]; do
    if [ "$INIT_CLUSTER" != "" ]; then INIT_CLUSTER="${INIT_CLUSTER},"; fi
    INIT_CLUSTER="${INIT_CLUSTER}etcd${N}=http://etcd${N}-myetcd-prod.marathon.slave.mesos:22380"
    N=$((N+1))
done
exec /usr/local/bin/etcd --data-dir=/etcd-data/$MYNAME --name $MYNAME --advertise-client-urls http://$MYHOSTNAME:22379 --listen-client-urls http://0.0.0.0:2379 --initial-advertise-peer-urls http://$MYHOSTNAME:22380 --listen-peer-urls http://0.0.0.0:2380 --initial-cluster=${INIT_CLUSTER} --initial-cluster-token etcd-prod-myetcd -initial-cluster-state new
