package io.creditlake.jobs.it;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.creditlake.common.lake.Runs;
import io.creditlake.common.spark.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster jar on a real Spark standalone cluster (a master and a worker on 127.0.0.1 started
 * from Maven's Spark jars), submitted with spark-submit exactly as the README shows, runs the
 * night of a slice of the committed sample (October 2026) with inputs and lake on a real S3
 * endpoint (s3proxy on 127.0.0.1) through the cluster profile {@code conf/cluster-s3.yaml} —
 * production's path. The output tables are read back and checked against the sample's truth.
 * (One submission covers both the cluster and S3: each costs about 2½ minutes of the suite.)
 */
class ClusterIT {

  static final LocalDate FROM = LocalDate.of(2026, 10, 1);
  static final LocalDate TO = LocalDate.of(2026, 10, 31);
  static final Path SAMPLE = Path.of("../sample-data").toAbsolutePath().normalize();
  static final Path CONF = Path.of("../conf").toAbsolutePath().normalize();

  @TempDir
  static Path tmp;
  static Loopback loopback;
  static Path sparkHome;
  static String master;

  @BeforeAll
  static void startCluster() throws Exception {
    assertThat(Loopback.CLUSTER_JAR).as("built by the package phase").exists();
    assertThat(Files.size(Loopback.CLUSTER_JAR)).as("small: Spark and its libraries are the cluster's")
        .isLessThan(60L << 20);
    sparkHome = Loopback.sparkHome();
    loopback = new Loopback(Loopback.TARGET.resolve("it-logs"));
    int port = Loopback.freePort();
    master = "spark://127.0.0.1:" + port;
    Process m = loopback.java("master", env(), List.of("-Xmx512m"), jars(), "org.apache.spark.deploy.master.Master",
        List.of("--host", "127.0.0.1", "--port", String.valueOf(port), "--webui-port", String.valueOf(Loopback.freePort())));
    loopback.await("master", m, Duration.ofSeconds(60), () -> loopback.logText("master").contains("I have been elected leader"));
    Process w = loopback.java("worker", env(), List.of("-Xmx512m"), jars(), "org.apache.spark.deploy.worker.Worker",
        List.of("--host", "127.0.0.1", "--cores", "2", "--memory", "2g", "--webui-port",
            String.valueOf(Loopback.freePort()), "--work-dir", tmp.resolve("work").toString(), master));
    loopback.await("worker", w, Duration.ofSeconds(60), () -> loopback.logText("worker").contains("Successfully registered with master"));
  }

  @AfterAll
  static void stopCluster() {
    if (loopback != null) {
      loopback.close();
    }
  }

  @Test
  void theNightOnAClusterWithInputsAndLakeOnS3() throws Exception {
    // s3proxy keeps a bucket as a folder and an object as a file under it
    Path store = tmp.resolve("s3");
    Path bucket = Files.createDirectories(store.resolve("creditlake"));
    int s3port = Loopback.freePort();
    String secret = "it-secret-" + Long.toHexString(System.nanoTime());
    Path props = tmp.resolve("s3proxy.properties");
    Files.writeString(props, String.join("\n",
        "s3proxy.endpoint=http://127.0.0.1:" + s3port,
        "s3proxy.authorization=aws-v2-or-v4",
        "s3proxy.identity=it-access",
        "s3proxy.credential=" + secret,
        "jclouds.provider=filesystem-nio2",
        "jclouds.filesystem.basedir=" + store) + "\n");
    Process s3 = loopback.java("s3proxy", Map.of(), List.of("-Xmx512m"), Loopback.s3proxyJar().toString(),
        "org.gaul.s3proxy.Main", List.of("--properties", props.toString()));
    loopback.await("s3proxy", s3, Duration.ofSeconds(60), () -> portOpen(s3port));
    upload(s3port, secret, "s3a://creditlake/incoming");

    Map<String, String> env = Map.of(
        "CREDITLAKE_LAKE", "s3a://creditlake/lake",
        "CREDITLAKE_INPUT", "s3a://creditlake/incoming",
        "CREDITLAKE_S3_ENDPOINT", "http://127.0.0.1:" + s3port,
        "CREDITLAKE_S3_PATH_STYLE", "true",
        "CREDITLAKE_S3_SSL", "false",
        "CREDITLAKE_SHUFFLE_PARTITIONS", "4",
        "AWS_ACCESS_KEY_ID", "it-access",
        "AWS_SECRET_ACCESS_KEY", secret);
    int exit = submit("night-s3", env, List.of("--config", CONF.resolve("cluster-s3.yaml").toString(), "run",
        "--from", FROM.toString(), "--to", TO.toString()));
    assertThat(exit).as("spark-submit's exit code; log in target/it-logs/night-s3.log").isZero();
    String log = loopback.logText("night-s3");
    assertThat(log).contains("lake s3a://creditlake/lake").doesNotContain(secret);
    assertThat(loopback.logText("s3proxy")).doesNotContain(secret);
    // what the night wrote through S3 is in s3proxy's folder: read it back as a plain Delta lake
    checkLake(bucket.resolve("lake").toUri().toString());
    // the night's page went through s3a like every table did
    Path page = bucket.resolve("lake/reports/report-" + TO + ".html");
    assertThat(page).exists();
    assertThat(Files.readString(page)).contains("<svg").contains("ingest:registration");
  }

  /** Every step as expected for a month of history with no model, and the rows read exactly the sample's. */
  private static void checkLake(String lake) throws IOException {
    SparkSession spark = TestSpark.get();
    Map<String, String> steps = new TreeMap<>();
    for (Row r : spark.read().format("delta").load(lake + "/ops/runs").filter(col(Runs.JOB).equalTo("run"))
        .select(Runs.SOURCE, Runs.STATUS).collectAsList()) {
      steps.put(r.getString(0), r.getString(1));
    }
    assertThat(steps).containsExactlyInAnyOrderEntriesOf(Map.of(
        "ingest:registration", "SUCCEEDED", "ingest:tax", "SUCCEEDED", "ingest:loan", "SUCCEEDED",
        "ingest:litigation", "SUCCEEDED", "profiles", "SUCCEEDED", "flags", "SUCCEEDED", "train", "SKIPPED",
        "score", "SKIPPED", "rates", "SUCCEEDED", "report", "SUCCEEDED"));
    Map<String, Long> read = new TreeMap<>();
    for (Row r : spark.read().format("delta").load(lake + "/ops/runs").filter(col(Runs.JOB).equalTo("ingest"))
        .select(Runs.SOURCE, Runs.ROWS_READ).collectAsList()) {
      read.put(r.getString(0), r.getLong(1));
    }
    assertThat(read).as("rows read per source, as the sample's truth says").isEqualTo(truthRows());
    long silver = spark.read().format("delta").load(lake + "/silver/tax").count();
    assertThat(silver).isEqualTo(read.get("tax") - quarantined(spark, lake, "tax") - duplicates(spark, lake, "tax"));
    // the businesses registered in the slice's registry records, each profiled at the month-end
    long registered = spark.read().format("delta").load(lake + "/silver/registration").select("uscc").distinct().count();
    assertThat(spark.read().format("delta").load(lake + "/gold/entity_profiles")
        .filter("snapshot_date = DATE'2026-10-31'").count()).isPositive().isLessThanOrEqualTo(registered);
    assertThat(spark.read().format("delta").load(lake + "/gold/submission_rates").filter("period = '2026-09'").count())
        .isEqualTo(14);
  }

  private static long quarantined(SparkSession spark, String lake, String source) {
    return spark.read().format("delta").load(lake + "/quarantine").filter(col("source").equalTo(source)).count();
  }

  private static long duplicates(SparkSession spark, String lake, String source) {
    return spark.read().format("delta").load(lake + "/ops/runs").filter(col(Runs.JOB).equalTo("ingest")
        .and(col(Runs.SOURCE).equalTo(source))).select(Runs.ROWS_DUPLICATE).first().getLong(0);
  }

  /** Rows per source in the slice's batches, from sample-data/_truth/batches.csv. */
  private static Map<String, Long> truthRows() throws IOException {
    Map<String, Long> out = new TreeMap<>();
    for (String line : Files.readAllLines(SAMPLE.resolve("_truth/batches.csv")).stream().skip(1).toList()) {
      String[] f = line.split(",");
      LocalDate d = LocalDate.parse(f[1]);
      if (!d.isBefore(FROM) && !d.isAfter(TO)) {
        out.merge(f[0], Long.parseLong(f[2]), Long::sum);
      }
    }
    return out;
  }

  /** The slice's files, put through S3's API (as the departments' upload would), so each has its ETag. */
  private static void upload(int port, String secret, String to) throws IOException {
    org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
    conf.set("fs.s3a.endpoint", "http://127.0.0.1:" + port);
    conf.set("fs.s3a.endpoint.region", "us-east-1");
    conf.set("fs.s3a.path.style.access", "true");
    conf.set("fs.s3a.connection.ssl.enabled", "false");
    conf.set("fs.s3a.access.key", "it-access");
    conf.set("fs.s3a.secret.key", secret);
    conf.setBoolean("fs.s3a.impl.disable.cache", true);
    try (org.apache.hadoop.fs.FileSystem fs = org.apache.hadoop.fs.FileSystem.get(java.net.URI.create(to), conf)) {
      for (String source : List.of("registration", "tax", "loan", "litigation")) {
        try (Stream<Path> days = Files.list(SAMPLE.resolve(source))) {
          for (Path day : days.toList()) {
            LocalDate d = LocalDate.parse(day.getFileName().toString());
            if (d.isBefore(FROM) || d.isAfter(TO)) {
              continue;
            }
            try (Stream<Path> files = Files.list(day)) {
              for (Path f : files.toList()) {
                fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(f.toUri()),
                    new org.apache.hadoop.fs.Path(to + "/" + source + "/" + day.getFileName() + "/" + f.getFileName()));
              }
            }
          }
        }
      }
    }
  }

  /** spark-submit of the cluster jar, as README shows; returns its exit code. */
  private static int submit(String name, Map<String, String> extraEnv, List<String> appArgs) throws Exception {
    List<String> args = new ArrayList<>(List.of("--master", master, "--deploy-mode", "client",
        "--class", "io.creditlake.jobs.cli.CreditLakeCommand",
        "--conf", "spark.driver.host=127.0.0.1",
        "--conf", "spark.executor.memory=1g",
        "--conf", "spark.sql.shuffle.partitions=4",
        "--conf", "spark.databricks.delta.snapshotPartitions=2",
        "--conf", "spark.ui.enabled=false",
        Loopback.CLUSTER_JAR.toString()));
    args.addAll(appArgs);
    Map<String, String> env = new java.util.HashMap<>(env());
    env.putAll(extraEnv);
    // client mode: this JVM is the driver, and needs Spark's --add-opens list like any other
    List<String> jvm = new ArrayList<>(List.of("-Xmx1g"));
    jvm.addAll(List.of(System.getProperty("spark.jvm.opens", "").split(" ")));
    jvm.removeIf(String::isBlank);
    Process p = loopback.java(name, env, jvm, jars(), "org.apache.spark.deploy.SparkSubmit", args);
    if (!p.waitFor(15, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException(name + " did not finish in 15 minutes");
    }
    return p.exitValue();
  }

  private static Map<String, String> env() {
    return Map.of("SPARK_HOME", sparkHome.toString(), "SPARK_SCALA_VERSION", "2.13", "SPARK_LOCAL_IP", "127.0.0.1");
  }

  private static String jars() {
    return sparkHome.resolve("jars") + "/*";
  }

  private static boolean portOpen(int port) {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
