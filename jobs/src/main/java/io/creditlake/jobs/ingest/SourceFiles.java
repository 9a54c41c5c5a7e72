package io.creditlake.jobs.ingest;

import static org.apache.spark.sql.types.DataTypes.StringType;

import io.creditlake.common.config.SourceConfig;
import io.creditlake.common.errors.Errors;
import io.creditlake.common.errors.SourceFileException;
import io.creditlake.common.io.CsvRecordReader;
import io.creditlake.common.io.HeaderMapping;
import io.creditlake.common.io.JsonLinesReader;
import io.creditlake.common.io.Text;
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
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Finds a source's files for a range of batch dates and reads them into bronze-shaped rows.
 *
 * <p>Files are read whole inside Spark tasks, packed a few to a task by size: a task decodes
 * strictly, checks the header and streams the records with the line each starts on (Spark's CSV
 * reader cannot tell lines). In the check that reads them first, a file that is not the
 * configured source yields one row carrying {@link #FILE_ERROR} instead of failing the task, so
 * the driver can name the file and stop just that source before anything is written.
 */
public final class SourceFiles {

  /** Set on the single row a broken file yields: what is wrong with it. */
  public static final String FILE_ERROR = "_file_error";

  /** One file of one batch. */
  public record FileTask(String path, LocalDate batchDate, long bytes) implements Serializable {}

  static final String JSON_LINES = "jsonl";
  static final String PARQUET = "parquet";

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
        // a unit delivers on its own schedule (weekly, monthly): a day without its files is normal
        continue;
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

  /**
   * The rows {@link #readChecked} returns: bronze's columns (without run id and ingest time) and
   * {@link RowValidator#READ_PROBLEM}. Nothing else: Spark cannot leave out a column of rows made
   * in Java, and one that validation does not read keeps it from giving validation's first step a
   * generated method of its own (see {@code RowValidator}).
   */
  static StructType rowSchema(SourceConfig source) {
    List<StructField> fields = new ArrayList<>();
    for (StructField f : Tables.bronze(source.source()).fields()) {
      if (!f.name().equals(Tables.RUN_ID) && !f.name().equals(Tables.INGEST_TIME)) {
        fields.add(f);
      }
    }
    fields.add(DataTypes.createStructField(RowValidator.READ_PROBLEM, StringType, true));
    return DataTypes.createStructType(fields);
  }

  /** The check's rows: {@link #rowSchema} and {@link #FILE_ERROR}. */
  static StructType checkSchema(SourceConfig source) {
    return rowSchema(source).add(DataTypes.createStructField(FILE_ERROR, StringType, true));
  }

  /**
   * Checks that every file is the configured source and returns its rows, or throws naming the
   * first broken file and how many more there are — before anything is written. The rows are
   * not cached: each use reads the files again.
   *
   * <p>Text files are checked by a pass that only parses them, and parsed again by each use of the
   * rows: parsing is cheap (185 MB of GBK in 2 s on one core), a cache of the rows was not (a
   * columnar cache of 2 M tax rows cost 9 s, and reading it back for bronze and validation more).
   * Files are expected to be complete when the run starts (the delivery contract); one replaced
   * during the run by a different number of rows fails ingest's conservation check. Parquet is read by
   * Spark, where a corrupt page shows only when the data is read: it is read once, cached and
   * counted here, and the caller unpersists.
   */
  public static Dataset<Row> readChecked(SparkSession spark, SourceConfig source, List<FileTask> files) {
    if (!source.format().equals(PARQUET)) {
      int error = checkSchema(source).fieldIndex(FILE_ERROR);
      List<String> broken = rows(spark, source, files, true).filter(r -> !r.isNullAt(error)).map(r -> r.getString(error))
          .collect();
      if (!broken.isEmpty()) {
        throw SourceFileException.reported(source.name(), broken.get(0), broken.size() - 1);
      }
      return read(spark, source, files);
    }
    Dataset<Row> raw = null;
    try {
      raw = read(spark, source, files).persist(StorageLevel.MEMORY_AND_DISK());
      raw.count();
      return raw;
    } catch (SourceFileException e) {
      throw e;
    } catch (Exception e) { // Spark throws its checked SparkException from Scala code
      if (raw != null) {
        raw.unpersist();
      }
      // Spark reads Parquet itself: a corrupt or unreadable file surfaces as a read failure
      throw Errors.unreadable(source.name(), files.size() + " Parquet file(s) of " + files.get(0).batchDate() + "..", e);
    }
  }

  static Dataset<Row> read(SparkSession spark, SourceConfig source, List<FileTask> files) {
    if (source.format().equals(PARQUET)) {
      return readParquet(spark, source, files);
    }
    return spark.createDataFrame(rows(spark, source, files, false), rowSchema(source));
  }

  /** A text source's rows as read, in the shape of {@link #checkSchema} for the check, else {@link #rowSchema}. */
  private static JavaRDD<Row> rows(SparkSession spark, SourceConfig source, List<FileTask> files, boolean check) {
    Map<String, String> hadoopConf = new HashMap<>();
    spark.sparkContext().hadoopConfiguration().forEach(e -> hadoopConf.put(e.getKey(), e.getValue()));
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    // broadcast once per executor instead of shipping the Hadoop settings with every task
    FileReader reader = new FileReader(source, jsc.broadcast(hadoopConf), check);
    List<List<FileTask>> groups = groups(files, Math.max(2, 2 * jsc.defaultParallelism()));
    return jsc.parallelize(groups, Math.max(1, groups.size())).flatMap(reader::readAll);
  }

  /**
   * Parquet carries its own types and has no lines: Spark's reader does the work, every mapped
   * column is kept as its text form in bronze, and {@code _line} is the row's 1-based ordinal in
   * its file. The files' merged schema is checked against the mapping like a CSV header. The batch
   * date comes from the file's path, by the source's path pattern.
   */
  static Dataset<Row> readParquet(SparkSession spark, SourceConfig source, List<FileTask> files) {
    Dataset<Row> df = spark.read().option("mergeSchema", "true")
        .parquet(files.stream().map(FileTask::path).toArray(String[]::new));
    List<String> fieldNames = List.of(df.schema().fieldNames());
    String described = files.size() + " Parquet file(s) under " + new Path(files.get(0).path()).getParent().getParent();
    HeaderMapping.Problems problems = HeaderMapping.check(source, fieldNames);
    if (!problems.missing().isEmpty()) {
      throw Errors.missingHeaders(source.name(), described, problems.missing());
    }
    if (!problems.unexpected().isEmpty()) {
      throw Errors.unexpectedHeaders(source.name(), described, problems.unexpected());
    }
    HeaderMapping mapping = HeaderMapping.map(source, fieldNames);
    List<org.apache.spark.sql.Column> cols = new ArrayList<>();
    for (int i = 0; i < mapping.columns().size(); i++) {
      int at = mapping.positions()[i];
      org.apache.spark.sql.Column c = at < 0 ? functions.lit(null) : df.col("`" + fieldNames.get(at) + "`");
      cols.add(c.cast(StringType).as(mapping.columns().get(i)));
    }
    org.apache.spark.sql.Column file = functions.col("_metadata.file_path");
    org.apache.spark.sql.Column batch = functions.to_date(functions.regexp_extract(file, datePattern(source.path()), 1));
    cols.add(file.as(Tables.SOURCE_FILE));
    cols.add(functions.col("_metadata.row_index").plus(1).as(Tables.LINE));
    cols.add(batch.as(Tables.BATCH_DATE));
    cols.add(functions.concat(functions.lit(source.name() + "/"), batch.cast(StringType)).as(Tables.BATCH_ID));
    cols.add(functions.lit(null).cast(StringType).as(RowValidator.READ_PROBLEM));
    return df.select(cols.toArray(org.apache.spark.sql.Column[]::new));
  }

  /** A regex that finds the batch date in a file path, from a path pattern such as {@code loan/{date}/*.parquet}. */
  static String datePattern(String pathPattern) {
    StringBuilder re = new StringBuilder("/");
    String rest = pathPattern;
    while (!rest.isEmpty()) {
      if (rest.startsWith("{date}")) {
        re.append("(\\d{4}-\\d{2}-\\d{2})");
        rest = rest.substring("{date}".length());
      } else {
        char c = rest.charAt(0);
        re.append(c == '*' ? "[^/]*" : c == '?' ? "[^/]" : java.util.regex.Pattern.quote(String.valueOf(c)));
        rest = rest.substring(1);
      }
    }
    return re.append("$").toString();
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
    private final boolean check;
    private final int width;
    private final int problemAt;

    /** {@code check}: a broken file yields an error row (the check) rather than failing the task. */
    FileReader(SourceConfig source, Broadcast<Map<String, String>> hadoopConf, boolean check) {
      this.source = source;
      this.hadoopConf = hadoopConf;
      this.check = check;
      this.width = (check ? checkSchema(source) : rowSchema(source)).size();
      this.problemAt = rowSchema(source).fieldIndex(RowValidator.READ_PROBLEM);
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
      return source.format().equals(JSON_LINES) ? jsonLines(task, in) : csv(task, in);
    }

    private Iterator<Row> csv(FileTask task, InputStream in) throws IOException {
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
      return new Streaming(task, csv, () -> {
        CsvRecordReader.Record rec = csv.next();
        return rec == null ? null : csvRow(task, rec, mapping);
      });
    }

    private Row csvRow(FileTask task, CsvRecordReader.Record rec, HeaderMapping mapping) {
      Object[] values = new Object[width];
      String[] mapped = mapping.valuesOf(rec.fields());
      System.arraycopy(mapped, 0, values, 0, mapped.length);
      if (rec.fields().size() != mapping.width()) {
        values[problemAt] = Reasons.BAD_FIELD_COUNT;
      }
      fillMeta(values, task, rec.line());
      return RowFactory.create(values);
    }

    /**
     * JSON lines: every record is checked against the mapping like a CSV header — a field that is
     * neither mapped nor ignored means the file is not this source; a line that is not a JSON
     * object is a bad row ({@link Reasons#BAD_RECORD}); mapped fields a record lacks are empty.
     */
    private Iterator<Row> jsonLines(FileTask task, InputStream in) {
      JsonLinesReader json = new JsonLinesReader(in, source.charset());
      Map<String, Integer> index = new HashMap<>();
      List<String> canonical = source.source().fieldNames();
      source.columns().forEach((header, column) -> index.put(Text.normalize(header), canonical.indexOf(column)));
      java.util.Set<String> ignored = new java.util.HashSet<>();
      source.ignoredColumns().forEach(h -> ignored.add(Text.normalize(h)));
      return new Streaming(task, json, () -> {
        JsonLinesReader.Record rec = json.next();
        if (rec == null) {
          return null;
        }
        Object[] values = new Object[width];
        fillMeta(values, task, rec.line());
        if (rec.fields() == null) {
          values[problemAt] = Reasons.BAD_RECORD;
          return RowFactory.create(values);
        }
        for (Map.Entry<String, String> f : rec.fields().entrySet()) {
          String key = Text.normalize(f.getKey());
          Integer i = index.get(key);
          if (i != null) {
            values[i] = f.getValue();
          } else if (!ignored.contains(key)) {
            throw Errors.unexpectedField(source.name(), task.path(), f.getKey(), rec.line());
          }
        }
        return RowFactory.create(values);
      });
    }

    /** The check's error row; after the check, a file that broke since fails the task. */
    private Iterator<Row> error(FileTask task, SourceFileException e) {
      if (!check) {
        throw e;
      }
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

    /** A file's next row, or null at its end. */
    private interface RowSupplier {
      Row next() throws IOException;
    }

    /**
     * Streams a file's rows; a decoding failure or a record that shows the file is not this
     * source ends it with an error row in the check, and fails the task after it.
     */
    private final class Streaming implements Iterator<Row> {
      private final FileTask task;
      private final java.io.Closeable file;
      private final RowSupplier rows;
      private Row next;
      private boolean done;

      Streaming(FileTask task, java.io.Closeable file, RowSupplier rows) {
        this.task = task;
        this.file = file;
        this.rows = rows;
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
          Row r = rows.next();
          if (r == null) {
            finish();
          }
          return r;
        } catch (CsvRecordReader.UndecodableException e) {
          finish();
          return error(task, Errors.undecodable(source.name(), task.path(), source.charset(), e.line())).next();
        } catch (SourceFileException e) {
          finish();
          return error(task, e).next();
        } catch (IOException e) {
          finish();
          return error(task, Errors.unreadable(source.name(), task.path(), e)).next();
        }
      }

      private void finish() {
        done = true;
        try {
          file.close();
        } catch (IOException ignored) {
          // the file was read; a failing close loses nothing
        }
      }
    }
  }
}
