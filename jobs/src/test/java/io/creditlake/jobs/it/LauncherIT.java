package io.creditlake.jobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/creditlake}, the README's launcher, run for real: it starts this checkout's classes,
 * common's included, not the {@code creditlake-common} jar in {@code ~/.m2}, which holds
 * whatever checkout ran {@code mvn install} last.
 */
class LauncherIT {

  @TempDir
  Path tmp;

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void theLauncherRunsThisCheckoutsCommonClasses() throws Exception {
    Path stamp = ROOT.resolve("jobs/target/classpath.txt");
    assertThat(Files.readString(stamp)).as("the class path bin/creditlake adds to the checkout's own classes")
        .contains("spark-sql_2.13").doesNotContain("creditlake-common");
    // the build running this test compiled the classes just before: the launcher must not start
    // another build inside it (it builds when a source is newer than this stamp)
    Files.setLastModifiedTime(stamp, FileTime.from(Instant.now()));
    Path log = tmp.resolve("launcher.log");
    ProcessBuilder pb = new ProcessBuilder("bash", ROOT.resolve("bin/creditlake").toString(), "check-config")
        .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    // the JDK running the tests, not whichever java comes first on PATH
    pb.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + java.io.File.pathSeparator
        + pb.environment().getOrDefault("PATH", ""));
    Process p = pb.start();
    boolean ended = p.waitFor(2, TimeUnit.MINUTES);
    if (!ended) {
      p.destroyForcibly();
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(ended).as("bin/creditlake check-config ended within 2 minutes: " + out).isTrue();
    // the embedded profile lives in common's resources, ConfigLoader in common's classes
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("configuration OK: embedded conf/local.yaml", "sources: registration, tax, loan, litigation");
  }
}
