#!/bin/bash

#The location the lock will be attempted in
LOCKROOT="/lock"
LOCKDIRNAME="lock"
LOCKFILENAME="mylock.lck"

#This is the command to run if we get the lock.
RUNCMD="/lock/run.sh"

#Number of seconds to consider the Lock stale, this could be application dependent.
LOCKTIMEOUT=60
SLEEPLOOP=30

LOCKDIR=${LOCKROOT}/${LOCKDIRNAME}
LOCKFILE=${LOCKDIR}/${LOCKFILENAME}


if mkdir "${LOCKDIR}" &>/dev/null; then
    echo "No Lockdir. Our lock"
    # This means we created the dir!
    # The lock is ours
    # Run a sleep loop that puts the file in the directory
    while true; do date +%s > $LOCKFILE ; sleep $SLEEPLOOP; done &
    #Now run the real shell scrip
    $RUNCMD
else
    #Pause to allow another lock to start
    sleep 1
    if [ -e "$LOCKFILE" ]; then
        echo "lock dir and lock file Checking Stats"
        CURTIME=`date +%s`
        FILETIME=`cat $LOCKFILE`
        DIFFTIME=$(($CURTIME-$FILETIME))
        echo "Filetime $FILETIME"
        echo "Curtime $CURTIME"
        echo "Difftime $DIFFTIME"

        if [ "$DIFFTIME" -gt "$LOCKTIMEOUT" ]; then
            echo "Time is greater then Timeout We are taking Lock"
            # We should take the lock! First we remove the current directory because we want to be atomic
            rm -rf $LOCKDIR
            if mkdir "${LOCKDIR}" &>/dev/null; then
                while true; do date +%s > $LOCKFILE ; sleep $SLEEPLOOP; done &
                $RUNCMD
            else
                echo "Cannot Establish Lock file"
                exit 1
            fi
        else
            # The lock is not ours.
            echo "Cannot Estblish Lock file - Active "
            exit 1
        fi
    else
        # We get to be the locker. However, we need to delete the directory and recreate so we can be all atomic about
        rm -rf $LOCKDIR
        if mkdir "${LOCKDIR}" &>/dev/null; then
            while true; do date +%s > $LOCKFILE ; sleep $SLEEPLOOP; done &
            $RUNCMD
        else
            echo "Cannot Establish Lock file - Issue"
            exit 1
        fi
    fi
fi
