package io.creditlake.jobs.ingest;

import static org.apache.spark.sql.types.DataTypes.StringType;

import io.creditlake.common.config.SourceConfig;
import io.creditlake.common.errors.Errors;
import io.creditlake.common.errors.SourceFileException;
import io.creditlake.common.io.CsvRecordReader;
import io.creditlake.common.io.HeaderMapping;
import io.creditlake.common.lake.Tables;
import io.creditlake.common.validation.Reasons;
import io.creditlake.common.validation.RowValidator;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.Charset;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Finds a source's files for a range of batch dates and reads them into bronze-shaped rows.
 *
 * <p>Files are read whole inside Spark tasks, packed a few to a task by size: a task decodes
 * strictly, checks the header and streams the records with the line each starts on (Spark's CSV
 * reader cannot tell lines). A file that is not
 * the configured source yields one row carrying {@link #FILE_ERROR} instead of failing the task,
 * so the driver can name the file and stop just that source before anything is written.
 */
public final class SourceFiles {

  /** Set on the single row a broken file yields: what is wrong with it. */
  public static final String FILE_ERROR = "_file_error";

  /** One file of one batch. */
  public record FileTask(String path, LocalDate batchDate, long bytes) implements Serializable {}

  /** Bytes a task reads at most, unless a single file is larger. */
  static final long TARGET_BYTES_PER_TASK = 64L << 20;

  private SourceFiles() {}

  /** The files of every date; throws when a date has none. */
  public static List<FileTask> list(SparkSession spark, SourceConfig source, String inputRoot, List<LocalDate> dates) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    List<FileTask> tasks = new ArrayList<>();
    for (LocalDate date : dates) {
      Path glob = new Path(inputRoot + "/" + source.pathFor(date));
      FileStatus[] found;
      try {
        found = glob.getFileSystem(conf).globStatus(glob);
      } catch (IOException e) {
        throw Errors.unreadable(source.name(), glob.toString(), e);
      }
      if (found == null || found.length == 0) {
        throw Errors.noFiles(source.name(), glob.toString(), date.toString());
      }
      Arrays.sort(found);
      for (FileStatus f : found) {
        if (f.isFile()) {
          tasks.add(new FileTask(f.getPath().toString(), date, f.getLen()));
        }
      }
    }
    return tasks;
  }

  /** Bronze columns (without run id and ingest time), {@link RowValidator#READ_PROBLEM} and {@link #FILE_ERROR}. */
  static StructType readSchema(SourceConfig source) {
    List<StructField> fields = new ArrayList<>();
    for (StructField f : Tables.bronze(source.source()).fields()) {
      if (!f.name().equals(Tables.RUN_ID) && !f.name().equals(Tables.INGEST_TIME)) {
        fields.add(f);
      }
    }
    fields.add(DataTypes.createStructField(RowValidator.READ_PROBLEM, StringType, true));
    fields.add(DataTypes.createStructField(FILE_ERROR, StringType, true));
    return DataTypes.createStructType(fields);
  }

  public static Dataset<Row> read(SparkSession spark, SourceConfig source, List<FileTask> files) {
    Map<String, String> hadoopConf = new HashMap<>();
    spark.sparkContext().hadoopConfiguration().forEach(e -> hadoopConf.put(e.getKey(), e.getValue()));
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    // broadcast once per executor instead of shipping the Hadoop settings with every task
    FileReader reader = new FileReader(source, jsc.broadcast(hadoopConf));
    List<List<FileTask>> groups = groups(files, Math.max(2, 2 * jsc.defaultParallelism()));
    JavaRDD<Row> rows = jsc.parallelize(groups, Math.max(1, groups.size())).flatMap(reader::readAll);
    return spark.createDataFrame(rows, readSchema(source));
  }

  /**
   * Packs files into task groups of about {@link #TARGET_BYTES_PER_TASK}, biggest first onto the
   * lightest group, with at least {@code minGroups} groups while there are files for them. Many
   * small daily files then cost a few tasks rather than one task each.
   */
  static List<List<FileTask>> groups(List<FileTask> files, int minGroups) {
    long total = files.stream().mapToLong(FileTask::bytes).sum();
    int n = (int) Math.min(files.size(), Math.max(minGroups, (total + TARGET_BYTES_PER_TASK - 1) / TARGET_BYTES_PER_TASK));
    List<List<FileTask>> groups = new ArrayList<>();
    long[] load = new long[n];
    for (int i = 0; i < n; i++) {
      groups.add(new ArrayList<>());
    }
    List<FileTask> bySize = new ArrayList<>(files);
    bySize.sort((a, b) -> Long.compare(b.bytes(), a.bytes()));
    for (FileTask f : bySize) {
      int lightest = 0;
      for (int i = 1; i < n; i++) {
        if (load[i] < load[lightest]) {
          lightest = i;
        }
      }
      groups.get(lightest).add(f);
      load[lightest] += f.bytes();
    }
    return groups;
  }

  /** Reads one file inside a task; serialisable, so it carries only the config and Hadoop settings. */
  static final class FileReader implements Serializable {
    private final SourceConfig source;
    private final Broadcast<Map<String, String>> hadoopConf;
    private final int width;

    FileReader(SourceConfig source, Broadcast<Map<String, String>> hadoopConf) {
      this.source = source;
      this.hadoopConf = hadoopConf;
      this.width = readSchema(source).size();
    }

    /** The files of a group one after the other, each opened only when the one before is done. */
    Iterator<Row> readAll(List<FileTask> group) {
      Configuration conf = new Configuration(false);
      hadoopConf.value().forEach(conf::set);
      Iterator<FileTask> tasks = group.iterator();
      return new Iterator<>() {
        private Iterator<Row> current = Collections.emptyIterator();

        @Override
        public boolean hasNext() {
          while (!current.hasNext() && tasks.hasNext()) {
            try {
              current = read(tasks.next(), conf);
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }
          return current.hasNext();
        }

        @Override
        public Row next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          return current.next();
        }
      };
    }

    Iterator<Row> read(FileTask task, Configuration conf) throws IOException {
      Path path = new Path(task.path());
      InputStream in;
      try {
        in = path.getFileSystem(conf).open(path);
      } catch (IOException e) {
        return error(task, Errors.unreadable(source.name(), task.path(), e));
      }
      Charset charset = source.charset();
      CsvRecordReader csv = new CsvRecordReader(in, charset, source.delimiter().charAt(0));
      CsvRecordReader.Record header;
      try {
        header = csv.next();
      } catch (CsvRecordReader.UndecodableException e) {
        csv.close();
        return error(task, Errors.undecodable(source.name(), task.path(), charset, e.line()));
      }
      if (header == null) {
        csv.close();
        return error(task, Errors.emptyFile(source.name(), task.path()));
      }
      HeaderMapping.Problems problems = HeaderMapping.check(source, header.fields());
      if (!problems.missing().isEmpty()) {
        csv.close();
        return error(task, Errors.missingHeaders(source.name(), task.path(), problems.missing()));
      }
      if (!problems.unexpected().isEmpty()) {
        csv.close();
        return error(task, Errors.unexpectedHeaders(source.name(), task.path(), problems.unexpected()));
      }
      HeaderMapping mapping = HeaderMapping.map(source, header.fields());
      return new RecordIterator(task, csv, mapping, charset);
    }

    private Iterator<Row> error(FileTask task, SourceFileException e) {
      Object[] values = new Object[width];
      fillMeta(values, task, 0L);
      values[width - 1] = e.getMessage();
      return Collections.singletonList(RowFactory.create(values)).iterator();
    }

    private void fillMeta(Object[] values, FileTask task, long line) {
      int n = source.source().fields().size();
      values[n] = task.path();
      values[n + 1] = line;
      values[n + 2] = Date.valueOf(task.batchDate());
      values[n + 3] = source.name() + "/" + task.batchDate();
    }

    /** Streams a file's records as rows; a decoding failure mid-file ends it with an error row. */
    private final class RecordIterator implements Iterator<Row> {
      private final FileTask task;
      private final CsvRecordReader csv;
      private final HeaderMapping mapping;
      private final Charset charset;
      private Row next;
      private boolean done;

      RecordIterator(FileTask task, CsvRecordReader csv, HeaderMapping mapping, Charset charset) {
        this.task = task;
        this.csv = csv;
        this.mapping = mapping;
        this.charset = charset;
      }

      @Override
      public boolean hasNext() {
        if (next == null && !done) {
          next = advance();
        }
        return next != null;
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Row r = next;
        next = null;
        return r;
      }

      private Row advance() {
        try {
          CsvRecordReader.Record rec = csv.next();
          if (rec == null) {
            finish();
            return null;
          }
          return toRow(rec);
        } catch (CsvRecordReader.UndecodableException e) {
          finish();
          return error(task, Errors.undecodable(source.name(), task.path(), charset, e.line())).next();
        } catch (IOException e) {
          finish();
          return error(task, Errors.unreadable(source.name(), task.path(), e)).next();
        }
      }

      private Row toRow(CsvRecordReader.Record rec) {
        Object[] values = new Object[width];
        List<String> fields = rec.fields();
        int[] positions = mapping.positions();
        for (int i = 0; i < positions.length; i++) {
          values[i] = positions[i] >= 0 && positions[i] < fields.size() ? fields.get(positions[i]) : null;
        }
        fillMeta(values, task, rec.line());
        if (fields.size() != mapping.width()) {
          values[width - 2] = Reasons.BAD_FIELD_COUNT;
        }
        return RowFactory.create(values);
      }

      private void finish() {
        done = true;
        try {
          csv.close();
        } catch (IOException ignored) {
          // the file was read; a failing close loses nothing
        }
      }
    }
  }
}
