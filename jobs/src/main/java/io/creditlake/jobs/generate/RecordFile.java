package io.creditlake.jobs.generate;

import io.creditlake.common.config.SourceConfig;
import io.creditlake.common.domain.CanonicalField;
import io.creditlake.common.domain.FieldType;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Types;

/**
 * One generated data file in its source's format. Records arrive as values in the order of the
 * source's configured columns (LocalDate, BigDecimal, Integer or String; text formatting is the
 * caller's, see {@link Generator}); {@link #write} returns where the record is: its line for text
 * formats, its 1-based ordinal for Parquet.
 */
interface RecordFile extends AutoCloseable {

  long write(Object[] values) throws IOException;

  /** An empty line, as real text files have; nothing for Parquet. */
  void blankLine() throws IOException;

  @Override
  void close() throws IOException;

  /** Whether values of typed columns must be typed (Parquet) rather than text. */
  boolean typed();

  static RecordFile open(SourceConfig sc, Path path, String eol, boolean bom) throws IOException {
    return switch (sc.format()) {
      case "parquet" -> new ParquetFile(sc, path);
      case "jsonl" -> new JsonLinesFile(sc, path, eol);
      default -> new CsvFile(sc, path, eol, bom);
    };
  }

  /** A text file in the source's charset that counts its lines. */
  abstract class TextFile implements RecordFile {
    final SourceConfig sc;
    final Writer w;
    final String eol;
    long line;

    TextFile(SourceConfig sc, Path path, String eol) throws IOException {
      this.sc = sc;
      this.w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(path), sc.charset()), 1 << 16);
      this.eol = eol;
    }

    @Override
    public void blankLine() throws IOException {
      w.write(eol);
      line++;
    }

    @Override
    public void close() throws IOException {
      w.close();
    }
  }

  /** CSV with the configured headers, separator and charset; quotes only where needed. */
  final class CsvFile extends TextFile {
    private final char sep;

    CsvFile(SourceConfig sc, Path path, String eol, boolean bom) throws IOException {
      super(sc, path, eol);
      this.sep = sc.delimiter().charAt(0);
      if (bom && sc.charset().equals(StandardCharsets.UTF_8)) {
        w.write('\uFEFF');
      }
      row(new ArrayList<>(sc.columns().keySet()));
    }

    @Override
    public long write(Object[] values) throws IOException {
      List<String> fields = new ArrayList<>(values.length);
      for (Object v : values) {
        fields.add(v == null ? "" : v.toString());
      }
      return row(fields);
    }

    private long row(List<String> fields) throws IOException {
      for (int i = 0; i < fields.size(); i++) {
        if (i > 0) {
          w.write(sep);
        }
        String f = fields.get(i);
        if (f.indexOf(sep) >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) {
          w.write('"');
          w.write(f.replace("\"", "\"\""));
          w.write('"');
        } else {
          w.write(f);
        }
      }
      w.write(eol);
      return ++line;
    }

    @Override
    public boolean typed() {
      return false;
    }
  }

  /** JSON lines with the configured keys: amounts and counts as JSON numbers, the rest as strings. */
  final class JsonLinesFile extends TextFile {

    JsonLinesFile(SourceConfig sc, Path path, String eol) throws IOException {
      super(sc, path, eol);
    }

    @Override
    public long write(Object[] values) throws IOException {
      StringBuilder sb = new StringBuilder(256).append('{');
      int i = 0;
      for (String header : sc.headerFor().values()) {
        Object v = values[i++];
        if (v == null) {
          continue;
        }
        if (sb.length() > 1) {
          sb.append(", ");
        }
        quote(sb, header).append(": ");
        boolean number = v instanceof BigDecimal || v instanceof Integer;
        if (number) {
          sb.append(v instanceof BigDecimal b ? b.toPlainString() : v.toString());
        } else {
          quote(sb, v.toString());
        }
      }
      w.write(sb.append('}').toString());
      w.write(eol);
      return ++line;
    }

    private static StringBuilder quote(StringBuilder sb, String s) {
      sb.append('"');
      for (char c : s.toCharArray()) {
        switch (c) {
          case '"' -> sb.append("\\\"");
          case '\\' -> sb.append("\\\\");
          case '\n' -> sb.append("\\n");
          case '\r' -> sb.append("\\r");
          case '\t' -> sb.append("\\t");
          default -> {
            if (c < 0x20) {
              sb.append(String.format("\\u%04x", (int) c));
            } else {
              sb.append(c);
            }
          }
        }
      }
      return sb.append('"');
    }

    @Override
    public boolean typed() {
      return true;
    }
  }

  /**
   * Parquet with the configured column names and real types: dates as DATE, amounts as
   * DECIMAL(18,2), counts as INT32, the rest as UTF-8 strings — as a data platform exports them.
   */
  final class ParquetFile implements RecordFile {
    private final SourceConfig sc;
    private final ParquetWriter<Group> writer;
    private final SimpleGroupFactory groups;
    private long ordinal;

    ParquetFile(SourceConfig sc, Path path) throws IOException {
      this.sc = sc;
      Types.MessageTypeBuilder schema = Types.buildMessage();
      for (Map.Entry<String, String> col : sc.headerFor().entrySet()) {
        CanonicalField f = sc.source().field(col.getKey()).orElseThrow();
        schema.addField(switch (f.personal() ? FieldType.STRING : f.type()) {
          case DATE -> Types.optional(PrimitiveType.PrimitiveTypeName.INT32)
              .as(LogicalTypeAnnotation.dateType()).named(col.getValue());
          case AMOUNT -> Types.optional(PrimitiveType.PrimitiveTypeName.INT64)
              .as(LogicalTypeAnnotation.decimalType(2, 18)).named(col.getValue());
          case COUNT -> Types.optional(PrimitiveType.PrimitiveTypeName.INT32).named(col.getValue());
          default -> Types.optional(PrimitiveType.PrimitiveTypeName.BINARY)
              .as(LogicalTypeAnnotation.stringType()).named(col.getValue());
        });
      }
      MessageType type = schema.named("record");
      this.groups = new SimpleGroupFactory(type);
      this.writer = ExampleParquetWriter.builder(new LocalOutputFile(path))
          .withType(type)
          .withCompressionCodec(CompressionCodecName.SNAPPY)
          // small row groups: a generator keeps a dozen of these files open at once
          .withRowGroupSize(16L << 20)
          .build();
    }

    @Override
    public long write(Object[] values) throws IOException {
      Group g = groups.newGroup();
      int i = 0;
      for (String name : sc.headerFor().values()) {
        Object v = values[i++];
        if (v == null) {
          continue;
        }
        if (v instanceof LocalDate d) {
          g.add(name, (int) d.toEpochDay());
        } else if (v instanceof BigDecimal b) {
          g.add(name, b.setScale(2, RoundingMode.HALF_UP).unscaledValue().longValueExact());
        } else if (v instanceof Integer n) {
          g.add(name, n);
        } else {
          g.add(name, v.toString());
        }
      }
      writer.write(g);
      return ++ordinal;
    }

    @Override
    public void blankLine() {
      // Parquet has no lines
    }

    @Override
    public boolean typed() {
      return true;
    }

    @Override
    public void close() throws IOException {
      writer.close();
    }
  }
}
