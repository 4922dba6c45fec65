#!/bin/bash
export ZETA_mongo_mongoprod_PORT="30122"
