package io.creditlake.jobs.ingest;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.spark.sql.SparkSession;

/**
 * The local disk under the scheme {@code changing:}, where a file can be given another content
 * from its second opening on: a delivery replaced while ingest runs, after its check read it.
 */
public class ChangingFileSystem extends RawLocalFileSystem {

  static final String SCHEME = "changing";
  /** Local path of a file → local path of what it reads as from its second opening on. */
  private static final Map<String, String> LATER = new ConcurrentHashMap<>();
  private static final Map<String, AtomicInteger> OPENED = new ConcurrentHashMap<>();

  /**
   * Registers the file system with the session's Hadoop configuration, with {@code file} reading
   * as {@code later} from its second opening on; returns {@code input} under this scheme. Closing
   * the result unregisters it.
   */
  public static Installed install(SparkSession spark, java.nio.file.Path file, java.nio.file.Path later,
      java.nio.file.Path input) {
    LATER.clear();
    OPENED.clear();
    LATER.put(file.toAbsolutePath().toString(), later.toAbsolutePath().toString());
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    hadoop.set("fs." + SCHEME + ".impl", ChangingFileSystem.class.getName());
    hadoop.setBoolean("fs." + SCHEME + ".impl.disable.cache", true);
    return new Installed(SCHEME + "://" + input.toAbsolutePath(), hadoop);
  }

  /** @param input the input folder under this scheme */
  public record Installed(String input, Configuration hadoop) implements AutoCloseable {
    @Override
    public void close() {
      hadoop.unset("fs." + SCHEME + ".impl");
      LATER.clear();
      OPENED.clear();
    }
  }

  @Override
  public URI getUri() {
    return URI.create(SCHEME + ":///");
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    String local = f.toUri().getPath();
    int opened = OPENED.computeIfAbsent(local, k -> new AtomicInteger()).incrementAndGet();
    String later = LATER.get(local);
    return super.open(opened > 1 && later != null ? new Path(SCHEME + "://" + later) : f, bufferSize);
  }
}
