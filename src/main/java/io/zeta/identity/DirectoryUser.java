package io.zeta.identity;

/**
 * A user in the directory. {@code uidNumber} and {@code gidNumber} are -1 for an account without
 * POSIX numbers (common in Active Directory).
 */
public record DirectoryUser(String uid, long uidNumber, long gidNumber, String dn) {}
