package io.zeta.cli;

import io.zeta.cluster.Durations;
import io.zeta.cluster.Locks;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code --wait DURATION} of the commands that take locks: how long to wait for another command on the same target. */
final class WaitOption {
  @Option(names = "--wait", paramLabel = "DURATION", converter = Converter.class,
      description = "How long to wait while another command works on the same target (0, 30s, 2m...; default 10s). "
          + "A lock whose holder is gone is taken over at once.")
  Duration wait;

  Duration duration() {
    return wait == null ? Locks.DEFAULT_WAIT : wait;
  }

  /** Parses 0, 500ms, 30s, 2m, 1h, PT30S. */
  static final class Converter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return Durations.parse(value, "duration");
      } catch (RuntimeException e) {
        throw new TypeConversionException("'" + value + "' is not a duration; use e.g. 0, 30s, 2m or 1h");
      }
    }
  }
}
