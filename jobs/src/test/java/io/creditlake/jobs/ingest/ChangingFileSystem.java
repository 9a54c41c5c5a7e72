package io.creditlake.jobs.ingest;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local disk under the scheme {@code changing:}, where a file can be given another content
 * from its second opening on: a delivery replaced while ingest runs, after its check read it.
 */
public class ChangingFileSystem extends RawLocalFileSystem {

  static final String SCHEME = "changing";
  /** Local path of a file → local path of what it reads as from its second opening on. */
  static final Map<String, String> LATER = new ConcurrentHashMap<>();
  private static final Map<String, AtomicInteger> OPENED = new ConcurrentHashMap<>();

  static void reset() {
    LATER.clear();
    OPENED.clear();
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
