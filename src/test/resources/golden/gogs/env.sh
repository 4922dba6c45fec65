#!/bin/bash
export ZETA_gogs_gogsprod_PORT="30443"
