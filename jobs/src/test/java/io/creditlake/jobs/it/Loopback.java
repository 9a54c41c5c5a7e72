package io.creditlake.jobs.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Real servers on 127.0.0.1 for the integration tests, started from Maven Central's jars: a Spark
 * standalone master and worker (no Spark download exists here; STACK.md) and s3proxy. Every
 * process is started with its log in a file and stopped, with its children, by {@link #close}.
 */
final class Loopback implements AutoCloseable {

  static final Path TARGET = Path.of("target").toAbsolutePath();
  static final Path CLUSTER_JAR = TARGET.resolve("creditlake-cluster.jar");
  static final String JAVA = ProcessHandle.current().info().command().orElse("java");

  private final List<Process> started = new ArrayList<>();
  final Path logs;

  Loopback(Path logs) throws IOException {
    this.logs = Files.createDirectories(logs);
  }

  /** {@code target/spark-home} with Spark's runtime jars in {@code jars/}, made once. */
  static Path sparkHome() throws Exception {
    Path home = TARGET.resolve("spark-home");
    Path jars = home.resolve("jars");
    if (!Files.isDirectory(jars) || count(jars) < 100) {
      mvn("-f", Path.of("src/it/spark-home/pom.xml").toAbsolutePath().toString(), "dependency:copy-dependencies",
          "-DincludeScope=runtime", "-Dspark.version=" + System.getProperty("spark.version", "4.2.0"),
          "-DoutputDirectory=" + jars);
    }
    return home;
  }

  /** s3proxy's standalone jar from Maven Central, fetched once into {@code target/it-tools}. */
  static Path s3proxyJar() throws Exception {
    Path dir = TARGET.resolve("it-tools");
    Path jar = dir.resolve("s3proxy-4.1.0-jar-with-dependencies.jar");
    if (!Files.exists(jar)) {
      mvn("dependency:copy", "-Dartifact=org.gaul:s3proxy:4.1.0:jar:jar-with-dependencies",
          "-DoutputDirectory=" + dir);
    }
    return jar;
  }

  private static void mvn(String... args) throws Exception {
    String home = System.getProperty("maven.home");
    List<String> cmd = new ArrayList<>(List.of(home == null || home.isBlank() ? "mvn" : home + "/bin/mvn", "-B", "-q"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).inheritIO().start();
    if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException("failed: " + cmd);
    }
  }

  private static long count(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.count();
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Starts a JVM (main class and arguments) with its output in {@code logs/<name>.log}. */
  Process java(String name, Map<String, String> env, List<String> jvm, String classpath, String main, List<String> args)
      throws IOException {
    List<String> cmd = new ArrayList<>(List.of(JAVA));
    cmd.addAll(jvm);
    cmd.addAll(List.of("-cp", classpath, main));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log(name).toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    started.add(p);
    return p;
  }

  Path log(String name) {
    return logs.resolve(name + ".log");
  }

  String logText(String name) {
    try {
      return Files.exists(log(name)) ? Files.readString(log(name)) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until {@code ready}, failing with the log's tail if the process dies or time runs out. */
  void await(String name, Process p, Duration timeout, BooleanSupplier ready) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (!ready.getAsBoolean()) {
      if (!p.isAlive() || System.nanoTime() > end) {
        String log = logText(name);
        throw new IllegalStateException(name + (p.isAlive() ? " not ready after " + timeout : " exited "
            + p.exitValue()) + "; its log ends:\n" + log.substring(Math.max(0, log.length() - 4000)));
      }
      Thread.sleep(200);
    }
  }

  /** Stops every process started, children first (the worker's executors). */
  @Override
  public void close() {
    List<Process> newestFirst = new ArrayList<>(started);
    java.util.Collections.reverse(newestFirst);
    for (Process p : newestFirst) {
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
    }
    for (Process p : started) {
      try {
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
