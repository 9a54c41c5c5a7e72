package io.creditlake.jobs.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.creditlake.common.errors.CreditLakeException;
import io.creditlake.common.lake.LakeLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.SparkSession;

/**
 * Models in the lake: {@code models/<name>/<version>/pipeline} (the fitted MLlib pipeline),
 * {@code models/<name>/<version>/metadata.json}, and {@code models/<name>/CURRENT} naming the
 * version that scores. Versions are {@code v1}, {@code v2}, … and are never deleted, so any of
 * them stays loadable. Works on any Hadoop file system (local, S3, HDFS).
 */
public final class ModelRegistry {

  static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

  private final SparkSession spark;
  private final String root;

  public ModelRegistry(SparkSession spark, LakeLayout lake, String name) {
    this.spark = spark;
    this.root = lake.models() + "/" + name;
  }

  /** A loaded model: its pipeline and what the registry knows about it. */
  public record Loaded(PipelineModel pipeline, ModelMetadata metadata) {}

  private FileSystem fs(Path p) {
    try {
      return p.getFileSystem(spark.sparkContext().hadoopConfiguration());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every version, oldest first. */
  public List<String> versions() {
    Path dir = new Path(root);
    try {
      FileSystem fs = fs(dir);
      if (!fs.exists(dir)) {
        return List.of();
      }
      List<String> out = new ArrayList<>();
      for (FileStatus s : fs.listStatus(dir)) {
        String n = s.getPath().getName();
        if (s.isDirectory() && n.matches("v\\d+") && fs.exists(new Path(s.getPath(), "metadata.json"))) {
          out.add(n);
        }
      }
      out.sort(Comparator.comparingInt(v -> Integer.parseInt(v.substring(1))));
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String nextVersion() {
    List<String> v = versions();
    return "v" + (v.isEmpty() ? 1 : Integer.parseInt(v.get(v.size() - 1).substring(1)) + 1);
  }

  public Optional<String> current() {
    Path p = new Path(root, "CURRENT");
    try {
      FileSystem fs = fs(p);
      if (!fs.exists(p)) {
        return Optional.empty();
      }
      try (InputStream in = fs.open(p)) {
        return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Saves a new version; the metadata is written last, so a version without it never counts. */
  public void save(PipelineModel pipeline, ModelMetadata metadata) {
    try {
      pipeline.write().save(root + "/" + metadata.version() + "/pipeline");
      write(new Path(root + "/" + metadata.version(), "metadata.json"), JSON.writeValueAsBytes(metadata));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Makes {@code version} the one that scores. */
  public void promote(String version) {
    metadata(version);
    write(new Path(root, "CURRENT"), (version + "\n").getBytes(StandardCharsets.UTF_8));
  }

  public ModelMetadata metadata(String version) {
    Path p = new Path(root + "/" + version, "metadata.json");
    try {
      FileSystem fs = fs(p);
      if (!fs.exists(p)) {
        List<String> all = versions();
        throw new CreditLakeException("model version '" + version + "' is not in " + root + " (versions there: "
            + (all.isEmpty() ? "none" : String.join(", ", all)) + ")");
      }
      try (InputStream in = fs.open(p)) {
        return JSON.readValue(in, ModelMetadata.class);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Loaded load(String version) {
    ModelMetadata m = metadata(version);
    return new Loaded(PipelineModel.load(root + "/" + version + "/pipeline"), m);
  }

  private void write(Path p, byte[] bytes) {
    try (OutputStream out = fs(p).create(p, true)) {
      out.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String root() {
    return root;
  }
}
