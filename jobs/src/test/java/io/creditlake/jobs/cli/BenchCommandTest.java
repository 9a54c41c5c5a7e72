package io.creditlake.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The night's JVM gets this one's options, but none that a second JVM would fight over. */
class BenchCommandTest {

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
