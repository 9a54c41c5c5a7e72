package io.creditlake.jobs.generate;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditlake.common.config.SourceConfig;
import io.creditlake.common.domain.CanonicalField;
import io.creditlake.common.domain.FieldType;
import io.creditlake.common.io.CsvRecordReader;
import io.creditlake.common.io.JsonLinesReader;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every format the generator writes reads back — with the pipeline's own readers for CSV and
 * JSON lines, and parquet-mr for Parquet — as exactly the values written: Chinese text in GBK and
 * UTF-8, separators, quotes and line breaks inside fields, empty fields, typed dates and amounts.
 */
class RecordFileTest {

  private static final String[] AWKWARD = {"深圳市华信科技有限公司", "a,b", "say \"hi\"", "two\nlines", "ＡＢＣ１２３",
      " padded ", "x", "（2024）粤0305民初12号"};

  @Test
  void everyConfiguredSourceReadsBackAsWritten(@TempDir Path tmp) throws Exception {
    for (SourceConfig sc : GeneratorTest.CONFIG.sources()) {
      SplittableRandom r = new SplittableRandom(sc.name().hashCode());
      Path file = tmp.resolve(sc.name() + "." + sc.format());
      List<Map<String, String>> expected = new ArrayList<>();
      try (RecordFile out = RecordFile.open(sc, file, "\r\n", true)) {
        for (int row = 0; row < 200; row++) {
          Object[] values = new Object[sc.headerFor().size()];
          Map<String, String> text = new LinkedHashMap<>();
          int i = 0;
          for (Map.Entry<String, String> col : sc.headerFor().entrySet()) {
            Object v = r.nextInt(6) == 0 ? null : value(sc, sc.source().field(col.getKey()).orElseThrow(), r);
            values[i++] = v;
            text.put(col.getValue(), v == null ? (sc.format().equals("csv") ? "" : null)
                : v instanceof BigDecimal b ? b.toPlainString() : v.toString());
          }
          out.write(values);
          if (r.nextInt(20) == 0) {
            out.blankLine();
          }
          expected.add(text);
        }
      }
      assertThat(read(sc, file)).as("%s (%s) read back", sc.name(), sc.format()).isEqualTo(expected);
    }
  }

  /** A value as the generator hands it to a file of this format. */
  private static Object value(SourceConfig sc, CanonicalField f, SplittableRandom r) {
    boolean typed = !sc.format().equals("csv");
    FieldType type = f.personal() ? FieldType.STRING : f.type();
    if (type == FieldType.AMOUNT && typed) {
      return BigDecimal.valueOf(r.nextLong(10_000_000_000L) - 100, 2);
    }
    if (type == FieldType.COUNT && typed) {
      return r.nextInt(1000);
    }
    if (type == FieldType.DATE && sc.format().equals("parquet")) {
      return LocalDate.of(1990, 1, 1).plusDays(r.nextInt(20_000));
    }
    if (sc.format().equals("parquet") || type != FieldType.STRING) {
      return AWKWARD[r.nextInt(AWKWARD.length)].replace("\n", " ") + r.nextInt(100);
    }
    return AWKWARD[r.nextInt(AWKWARD.length)];
  }

  /** A generated file's data rows as header → text (empty CSV fields as "", absent JSON keys and Parquet nulls as null). */
  static List<Map<String, String>> read(SourceConfig sc, Path file) throws IOException {
    List<Map<String, String>> rows = new ArrayList<>();
    List<String> headers = new ArrayList<>(sc.headerFor().values());
    switch (sc.format()) {
      case "csv" -> {
        try (InputStream in = Files.newInputStream(file);
            CsvRecordReader csv = new CsvRecordReader(in, sc.charset(), sc.delimiter().charAt(0))) {
          List<String> header = csv.next().fields();
          for (CsvRecordReader.Record rec = csv.next(); rec != null; rec = csv.next()) {
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
              row.put(header.get(i), rec.fields().get(i));
            }
            rows.add(row);
          }
        }
      }
      case "jsonl" -> {
        try (InputStream in = Files.newInputStream(file); JsonLinesReader json = new JsonLinesReader(in, sc.charset())) {
          for (JsonLinesReader.Record rec = json.next(); rec != null; rec = json.next()) {
            Map<String, String> row = new LinkedHashMap<>();
            for (String h : headers) {
              row.put(h, rec.fields().get(h));
            }
            rows.add(row);
          }
        }
      }
      default -> {
        try (ParquetReader<Group> parquet = ParquetReader.builder(new GroupReadSupport(),
            new org.apache.hadoop.fs.Path(file.toUri())).build()) {
          for (Group g = parquet.read(); g != null; g = parquet.read()) {
            Map<String, String> row = new LinkedHashMap<>();
            for (String h : headers) {
              row.put(h, g.getFieldRepetitionCount(h) == 0 ? null : text(g, h));
            }
            rows.add(row);
          }
        }
      }
    }
    return rows;
  }

  private static String text(Group g, String field) {
    Type t = g.getType().getType(field);
    LogicalTypeAnnotation logical = t.getLogicalTypeAnnotation();
    if (logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
      return LocalDate.ofEpochDay(g.getInteger(field, 0)).toString();
    }
    if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d) {
      return BigDecimal.valueOf(g.getLong(field, 0), d.getScale()).toPlainString();
    }
    if (t.asPrimitiveType().getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT32) {
      return Integer.toString(g.getInteger(field, 0));
    }
    return g.getString(field, 0);
  }
}
