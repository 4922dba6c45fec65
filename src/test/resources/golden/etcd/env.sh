#!/bin/bash
export ZETA_etcd_myetcd_CLIENT_PORT="22379"
export ZETA_etcd_myetcd_PEER_PORT="22380"
