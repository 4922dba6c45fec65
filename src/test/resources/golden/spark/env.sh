#!/bin/bash
export ZETA_sparkprod_HISTORY_PORT="23501"
