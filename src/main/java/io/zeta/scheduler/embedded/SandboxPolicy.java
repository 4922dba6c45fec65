package io.zeta.scheduler.embedded;

import java.time.Duration;

/**
 * How much a sandbox may hold and how long it is kept.
 *
 * @param gcDelay how long the sandbox of an ended task is kept (Mesos's {@code --gc_delay}); less
 *     when the disk fills up, as Mesos shortens it by the disk usage above its headroom
 * @param diskHeadroom the fraction of the disk kept free (Mesos's {@code --gc_disk_headroom})
 * @param defaultExtractLimitMb what archives may expand to for apps that give no {@code disk}
 * @param maxExpansionRatio an archive expanding more than this many times its size is refused ...
 * @param ratioFloorBytes ... once it has expanded beyond this many bytes (small archives of
 *     zeros are fine)
 */
public record SandboxPolicy(Duration gcDelay, double diskHeadroom, long defaultExtractLimitMb,
    double maxExpansionRatio, long ratioFloorBytes) {

  /** Mesos keeps sandboxes a week; 10 GiB and 100x over 1 GiB let any real distribution through. */
  public static SandboxPolicy defaults() {
    return new SandboxPolicy(Duration.ofDays(7), 0.1, 10 * 1024, 100, 1L << 30);
  }

  public SandboxPolicy withGcDelay(Duration delay) {
    return new SandboxPolicy(delay, diskHeadroom, defaultExtractLimitMb, maxExpansionRatio, ratioFloorBytes);
  }

  public SandboxPolicy withExtractLimits(long defaultLimitMb, double ratio, long floorBytes) {
    return new SandboxPolicy(gcDelay, diskHeadroom, defaultLimitMb, ratio, floorBytes);
  }

  /** The byte limit for one task's extracted archives: its {@code disk} in MB, else the default. */
  long extractLimitBytes(AppSpec app) {
    long mb = app.disk() > 0 ? (long) Math.ceil(app.disk()) : defaultExtractLimitMb;
    return mb * 1024 * 1024;
  }
}
