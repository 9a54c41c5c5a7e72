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
 * <p>One Spark task per file: the task decodes strictly, checks the header and streams the
 * records with the line each starts on (Spark's CSV reader cannot tell lines). A file that is not
 * the configured source yields one row carrying {@link #FILE_ERROR} instead of failing the task,
 * so the driver can name the file and stop just that source before anything is written.
 */
public final class SourceFiles {

  /** Set on the single row a broken file yields: what is wrong with it. */
  public static final String FILE_ERROR = "_file_error";

  /** One file of one batch. */
  public record FileTask(String path, LocalDate batchDate) implements Serializable {}

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
          tasks.add(new FileTask(f.getPath().toString(), date));
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
    FileReader reader = new FileReader(source, hadoopConf);
    JavaRDD<Row> rows = JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(files, Math.max(1, files.size()))
        .flatMap(reader::read);
    return spark.createDataFrame(rows, readSchema(source));
  }

  /** Reads one file inside a task; serialisable, so it carries only the config and Hadoop settings. */
  static final class FileReader implements Serializable {
    private final SourceConfig source;
    private final Map<String, String> hadoopConf;
    private final int width;

    FileReader(SourceConfig source, Map<String, String> hadoopConf) {
      this.source = source;
      this.hadoopConf = hadoopConf;
      this.width = readSchema(source).size();
    }

    Iterator<Row> read(FileTask task) throws IOException {
      Configuration conf = new Configuration(false);
      hadoopConf.forEach(conf::set);
      Path path = new Path(task.path());
      InputStream in = path.getFileSystem(conf).open(path);
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
