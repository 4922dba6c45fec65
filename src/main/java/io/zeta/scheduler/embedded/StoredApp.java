package io.zeta.scheduler.embedded;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** What the agent keeps of an app across restarts: the definition as given and its versions. */
record StoredApp(ObjectNode definition, String version, String lastConfigChangeAt, String lastScalingAt) {}
