package io.creditlake.jobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/creditlake}, the README's launcher, run for real: it starts this checkout's classes,
 * common's included, not the {@code creditlake-common} jar in {@code ~/.m2}, which holds
 * whatever checkout ran {@code mvn install} last.
 */
class LauncherIT {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void theLauncherRunsThisCheckoutsCommonClasses() throws Exception {
    Path stamp = ROOT.resolve("jobs/target/classpath.txt");
    assertThat(Files.readString(stamp)).as("the class path bin/creditlake adds to the checkout's own classes")
        .contains("spark-sql_2.13").doesNotContain("creditlake-common");
    // this build made the classes just now: the launcher must not build again inside the build
    Files.setLastModifiedTime(stamp, FileTime.from(Instant.now()));
    Process p = new ProcessBuilder("bash", ROOT.resolve("bin/creditlake").toString(), "check-config")
        .directory(ROOT.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    // the embedded profile lives in common's resources, ConfigLoader in common's classes
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("configuration OK: embedded conf/local.yaml", "sources: registration, tax, loan, litigation");
  }
}
