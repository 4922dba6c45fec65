#!/bin/bash
APP_MEM="1024"
APP_CPU="1"
APP_IMG="dockerregv2-shared.marathon.slave.mesos:5005/usershell:1.0.1"
