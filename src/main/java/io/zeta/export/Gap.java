package io.zeta.export;

/**
 * One Zeta feature a package uses that plain Universe / Cosmos cannot express as is: how the
 * export approximates it, what is lost, and the Cosmos or package-format change that would close it.
 * {@code feature} is a stable key (e.g. {@code persistent-data}) so gaps of many packages group.
 */
public record Gap(String feature, String title, String detail, String approximation, String lost) {}
