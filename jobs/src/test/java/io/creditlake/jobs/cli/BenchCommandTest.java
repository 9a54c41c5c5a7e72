package io.creditlake.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The night's JVM gets this one's options, but none that a second JVM would fight over; a history
 * too short to train on is refused before anything is generated.
 */
class BenchCommandTest {

  @Test
  void aHistoryTooShortToTrainOnIsRefusedUpFront() {
    // the default model validates 12 months back and trains 3 months before that: 16 months at least
    // (BenchIT builds with 16 and its training must succeed)
    assertThat(BenchCommand.fewestMonths(io.creditlake.common.config.ModelSettings.DEFAULT)).isEqualTo(16);
    Cli.Result r = Cli.run("bench", "--scales", "1/1000", "--months", "15", "--work", "/nonexistent/bench");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--months must be between 16 and 240, got: 15");
  }

  @Test
  void theNightStopsWhenTheBenchsPipeCloses() throws Exception {
    java.io.PipedOutputStream bench = new java.io.PipedOutputStream();
    java.io.PipedInputStream night = new java.io.PipedInputStream(bench);
    java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
    Thread watch = BenchCommand.untilClosed(night, stopped::countDown);
    assertThat(watch.isDaemon()).as("never keeps the night's JVM alive by itself").isTrue();
    bench.write('x'); // not a signal: only the end is
    bench.flush();
    assertThat(stopped.await(300, java.util.concurrent.TimeUnit.MILLISECONDS)).as("stopped while the bench lives")
        .isFalse();
    bench.close();
    assertThat(stopped.await(10, java.util.concurrent.TimeUnit.SECONDS)).as("stopped once the pipe closed").isTrue();
  }

  @Test
  void theNightsJvmKeepsHeapAndOpensButNoAgentsRecordingsOrPorts() {
    List<String> kept = List.of("-Xmx4g", "--add-opens=java.base/java.lang=ALL-UNNAMED", "-XX:+UseG1GC",
        "-Dlog4j2.configurationFile=/c/log4j2.properties", "-Xlog:gc", "-Xlog:gc*:stderr:time",
        "-Dspark.sql.shuffle.partitions=8");
    List<String> dropped = List.of("-agentlib:jdwp=transport=dt_socket,server=y,address=5005",
        "-javaagent:/opt/jacoco.jar=destfile=x.exec", "-agentpath:/opt/prof.so",
        "-XX:StartFlightRecording=filename=/tmp/a.jfr,settings=profile", "-Xlog:gc*:file=/tmp/gc.log", "-Xlog:gc:gc.log",
        "-Dcom.sun.management.jmxremote.port=9010", "-Xrunjdwp:transport=dt_socket");
    List<String> all = new java.util.ArrayList<>(kept);
    for (int i = 0; i < dropped.size(); i++) {
      all.add(Math.min(2 * i, all.size()), dropped.get(i));
    }
    assertThat(BenchCommand.childJvmOptions(all)).containsExactlyElementsOf(kept);
  }
}
