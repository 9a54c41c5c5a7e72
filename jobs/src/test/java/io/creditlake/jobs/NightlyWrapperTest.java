package io.creditlake.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/creditlake-nightly}, the cron wrapper, run for real with bash: one run at a time
 * (flock), the business date, the arguments passed on, the exit code and the log. The creditlake
 * command is a fake script that records its arguments and waits for a "release" file.
 */
class NightlyWrapperTest {

  /** Surefire runs in jobs/; the repository is its parent, as for {@code ../conf} in {@link TestLake}. */
  static final Path SCRIPT = Path.of("../bin/creditlake-nightly").toAbsolutePath().normalize();
  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  static final long TIMEOUT_MS = 5_000;

  /** Records its arguments (one a line) and each start, then waits for "release" and exits $FAKE_EXIT. */
  static final String FAKE = """
      #!/usr/bin/env bash
      d="$(dirname "$0")"
      printf '%s\\n' "$@" > "$d/args"
      echo "$*" >> "$d/invocations"
      echo "fake output"
      echo "fake error" >&2
      touch "$d/started"
      for _ in $(seq 250); do
        if [ -e "$d/release" ]; then exit "${FAKE_EXIT:-0}"; fi
        sleep 0.02 9>&-   # the sleeps do not hold the wrapper's lock fd; this script does
      done
      exit 99
      """;

  @TempDir Path tmp;
  Path fake;
  Path lock;
  Path logs;
  final AtomicInteger starts = new AtomicInteger();

  record Started(Process process, Path out, Path err) {}

  record Done(int code, String out, String err) {}

  @BeforeEach
  void fakeCommand() throws IOException {
    assumeTrue(System.getProperty("os.name").startsWith("Linux"), "the wrapper needs Linux (flock, GNU date)");
    assertThat(SCRIPT).as("the wrapper script").isRegularFile();
    fake = tmp.resolve("fake-creditlake");
    Files.writeString(fake, FAKE);
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
    lock = tmp.resolve("lake/sub/.nightly.lock");
    logs = tmp.resolve("logs");
  }

  @AfterEach
  void releaseLeftovers() throws IOException {
    release();   // a fake command left waiting by a failed test ends now
  }

  Started start(int fakeExit, String... args) throws IOException {
    return startWith(fake.toString(), fakeExit, args);
  }

  /** Starts the wrapper with {@code command} as CREDITLAKE_CMD; output goes to files. */
  Started startWith(String command, int fakeExit, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("bash", SCRIPT.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("CREDITLAKE_"));
    env.put("CREDITLAKE_CMD", command);
    env.put("CREDITLAKE_LOCK", lock.toString());
    env.put("CREDITLAKE_LOG_DIR", logs.toString());
    env.put("FAKE_EXIT", Integer.toString(fakeExit));
    int n = starts.incrementAndGet();
    Path out = tmp.resolve("wrapper-" + n + ".out");
    Path err = tmp.resolve("wrapper-" + n + ".err");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(new File("/dev/null"));
    return new Started(pb.start(), out, err);
  }

  static Done finish(Started s) throws Exception {
    Process p = s.process();
    if (!p.waitFor(TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      fail("the wrapper did not end within " + TIMEOUT_MS + " ms; stderr: " + Files.readString(s.err()));
    }
    return new Done(p.exitValue(), Files.readString(s.out()), Files.readString(s.err()));
  }

  Done run(int fakeExit, String... args) throws Exception {
    release();
    return finish(start(fakeExit, args));
  }

  void release() throws IOException {
    if (!Files.exists(tmp.resolve("release"))) {
      Files.createFile(tmp.resolve("release"));
    }
  }

  void awaitFile(Path f) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
    while (!Files.exists(f)) {
      if (System.nanoTime() > end) {
        fail("no " + f.getFileName() + " within " + TIMEOUT_MS + " ms");
      }
      Thread.sleep(10);
    }
  }

  /** Alive and not a zombie (a dead process has closed its files; init may reap it much later). */
  static boolean running(ProcessHandle h) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(h.pid()), "stat"));
      return h.isAlive() && stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException gone) {
      return false;
    }
  }

  List<String> args() throws IOException {
    return Files.readAllLines(tmp.resolve("args"));
  }

  long invocations() throws IOException {
    Path f = tmp.resolve("invocations");
    return Files.exists(f) ? Files.readAllLines(f).size() : 0;
  }

  @Test
  void aSecondStartWhileTheFirstRunsExits75NamingTheLockAndRunsNothing() throws Exception {
    Started first = start(0, "--date", "2026-11-26");
    awaitFile(tmp.resolve("started"));

    Done second = finish(start(0, "--date", "2026-11-26"));
    assertThat(second.code()).isEqualTo(75);
    assertThat(second.err().lines()).as("one line on standard error").hasSize(1);
    assertThat(second.err())
        .contains("another nightly run holds the lock " + lock)
        .contains("pid " + first.process().pid())
        .contains("date 2026-11-26")
        .contains("Wait for it to finish");
    assertThat(second.out()).isEmpty();
    assertThat(invocations()).as("the command ran once, for the first start only").isEqualTo(1);
    assertThat(first.process().isAlive()).as("the first run goes on").isTrue();

    release();
    Done firstDone = finish(first);
    assertThat(firstDone.code()).isZero();

    Done third = finish(start(0, "--date", "2026-11-26"));
    assertThat(third.code()).as("the lock is free once the first run ended; stderr: %s", third.err()).isZero();
    assertThat(invocations()).isEqualTo(2);
  }

  @Test
  void theLockIsAnFlockOnTheConfiguredFileSoAnyHolderBlocksAStart() throws Exception {
    Files.createDirectories(lock.getParent());
    Path held = tmp.resolve("held");
    Process holder = new ProcessBuilder("flock", "-x", lock.toString(), "bash", "-c",
        "touch \"$1\"; for _ in $(seq 250); do [ -e \"$2\" ] && exit 0; sleep 0.02; done; exit 99",
        "holder", held.toString(), tmp.resolve("release").toString()).start();
    try {
      awaitFile(held);
      Done refused = finish(start(0, "--date", "2026-11-26"));
      assertThat(refused.code()).isEqualTo(75);
      assertThat(refused.err()).contains("holds the lock " + lock + ": a process that did not record itself");
      assertThat(invocations()).isZero();
    } finally {
      release();
      holder.waitFor(TIMEOUT_MS, TimeUnit.MILLISECONDS);
      holder.destroyForcibly();
    }
    assertThat(run(0, "--date", "2026-11-26").code()).isZero();
    assertThat(Files.readString(lock)).as("the holder record").startsWith("pid ").contains("date 2026-11-26");
  }

  @Test
  void aFailureIsPassedOnAndFreesTheLock() throws Exception {
    Done failed = run(1, "--date", "2026-11-26");
    assertThat(failed.code()).isEqualTo(1);
    Done next = run(0, "--date", "2026-11-26");
    assertThat(next.code()).as("stderr: %s", next.err()).isZero();
    assertThat(invocations()).isEqualTo(2);
  }

  @Test
  void killingTheRunFreesTheLock() throws Exception {
    Started first = start(0, "--date", "2026-11-26");
    awaitFile(tmp.resolve("started"));
    List<ProcessHandle> tree = new ArrayList<>(first.process().descendants().toList());
    tree.add(first.process().toHandle());
    tree.forEach(ProcessHandle::destroyForcibly);
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
    while (tree.stream().anyMatch(NightlyWrapperTest::running) && System.nanoTime() < end) {
      Thread.sleep(10);
    }
    assertThat(tree).as("killed").noneMatch(NightlyWrapperTest::running);

    Done next = run(0, "--date", "2026-11-26");
    assertThat(next.code()).as("stderr: %s", next.err()).isZero();
    assertThat(invocations()).isEqualTo(2);
  }

  @Test
  void withoutADateTheBusinessDateIsYesterdayInShanghai() throws Exception {
    LocalDate before = LocalDate.now(SHANGHAI).minusDays(1);
    Done done = run(0, "--config", "/opt/credit lake/conf/cluster.yaml", "--json");
    LocalDate after = LocalDate.now(SHANGHAI).minusDays(1);
    assertThat(done.code()).isZero();
    // a run across midnight in Shanghai may have seen either day
    String date = args().get(2);
    assertThat(date).isIn(before.toString(), after.toString());
    assertThat(args()).containsExactly("run", "--date", date, "--config", "/opt/credit lake/conf/cluster.yaml", "--json");
    assertThat(logs.resolve("nightly-" + date + ".log")).isRegularFile();
  }

  @Test
  void aGivenDateAndEveryOtherArgumentArePassedAsGiven() throws Exception {
    assertThat(run(0, "--date", "2026-11-26", "--force").code()).isZero();
    assertThat(args()).containsExactly("run", "--date", "2026-11-26", "--force");

    assertThat(run(0, "--force", "--date=2026-11-25").code()).isZero();
    assertThat(args()).containsExactly("run", "--force", "--date=2026-11-25");
    assertThat(logs.resolve("nightly-2026-11-25.log")).isRegularFile();
  }

  @Test
  void theCommandIsWordSplitSoASparkSubmitLineWorks() throws Exception {
    release();
    Done done = finish(startWith(fake + " --master spark://host:7077 --class io.creditlake.jobs.cli.CreditLakeCommand app.jar",
        0, "--date", "2026-11-26"));
    assertThat(done.code()).isZero();
    assertThat(args()).containsExactly("--master", "spark://host:7077", "--class", "io.creditlake.jobs.cli.CreditLakeCommand",
        "app.jar", "run", "--date", "2026-11-26");
  }

  @Test
  void aBadDateIsAUsageErrorAndRunsNothing() throws Exception {
    Done bad = run(0, "--date", "2026/11/26");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("--date takes a date yyyy-mm-dd, got: 2026/11/26");
    Done missing = run(0, "--force", "--date");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(invocations()).isZero();
  }

  @Test
  void theLogOfTheDateHasStartAndEndLinesAroundTheOutputAndIsAppended() throws Exception {
    Done done = run(1, "--date", "2026-11-26", "--force");
    assertThat(done.code()).isEqualTo(1);
    Path log = logs.resolve("nightly-2026-11-26.log");
    List<String> lines = Files.readAllLines(log);
    String stamp = "\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} [+-]\\d{4}";
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).matches("creditlake-nightly: start " + stamp + ", date 2026-11-26, pid \\d+: "
        + "\\Q" + fake + "\\E run --date 2026-11-26 --force");
    assertThat(lines.subList(1, 3)).containsExactly("fake output", "fake error");
    assertThat(lines.get(3)).matches("creditlake-nightly: end " + stamp + ", date 2026-11-26, exit code 1 after \\d+ s");
    assertThat(done.out().lines().toList()).as("standard output gets the same").isEqualTo(lines);

    assertThat(run(0, "--date", "2026-11-26").code()).isZero();
    List<String> again = Files.readAllLines(log);
    assertThat(again).hasSize(8).startsWith(lines.toArray(String[]::new));
    assertThat(again.get(7)).contains("exit code 0");
  }
}
