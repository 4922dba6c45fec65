#!/bin/bash
export ZETA_MARATHON_LB_INSTALLED="Y"
