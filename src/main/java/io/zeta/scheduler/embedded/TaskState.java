package io.zeta.scheduler.embedded;

/** The Mesos task states a local task goes through. */
enum TaskState {
  TASK_STAGING, TASK_RUNNING, TASK_KILLING, TASK_FINISHED, TASK_FAILED, TASK_KILLED;

  boolean isTerminal() {
    return this == TASK_FINISHED || this == TASK_FAILED || this == TASK_KILLED;
  }
}
