package io.zeta.cluster.storage;

/**
 * What a listing says of one file or directory.
 *
 * @param path the cluster path ("/apps/team1")
 * @param mode permission bits (0770)
 */
public record FileInfo(String path, String name, boolean directory, long length, long modified, String owner,
    String group, int mode) {}
