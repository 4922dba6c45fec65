package io.zeta.scheduler.embedded;

/**
 * One port an app asks for: {@code port} 0 means any free host port; a non-zero port is used as the
 * host port only when the app sets {@code requirePorts}, otherwise it only names the PORT_n variable.
 */
record PortDefinition(int port, String name) {}
