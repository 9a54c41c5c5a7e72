package io.creditlake.common.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.creditlake.common.io.CsvRecordReader.Record;
import io.creditlake.common.io.CsvRecordReader.UndecodableException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRecordReaderTest {

  private static final Charset GBK = Charset.forName("GBK");

  private static List<Record> readAll(byte[] bytes, Charset charset, char sep) throws IOException {
    List<Record> out = new ArrayList<>();
    try (CsvRecordReader r = new CsvRecordReader(new ByteArrayInputStream(bytes), charset, sep)) {
      for (Record rec = r.next(); rec != null; rec = r.next()) {
        out.add(rec);
      }
      assertThat(r.next()).as("stays at the end").isNull();
    }
    return out;
  }

  private static List<Record> readAll(String text) throws IOException {
    return readAll(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8, ',');
  }

  private static Record rec(long line, String... fields) {
    return new Record(line, List.of(fields));
  }

  /** Reads until the input cannot be decoded; fails if it can. */
  private static UndecodableException undecodable(byte[] bytes, Charset charset) {
    UndecodableException e = catchThrowableOfType(UndecodableException.class, () -> readAll(bytes, charset, ','));
    assertThat(e).as("an UndecodableException").isNotNull();
    assertThat(e.getCause()).isInstanceOf(CharacterCodingException.class);
    return e;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  // ---------------------------------------------------------------- lines

  @Test
  void headerIsLineOneAndBlankLinesAreSkippedButCounted() throws IOException {
    assertThat(readAll("h1,h2\n\na,b\n\n\nc,d\n")).containsExactly(
        rec(1, "h1", "h2"),
        rec(3, "a", "b"),
        rec(6, "c", "d"));
  }

  @Test
  void crlfLinesAndBlankLines() throws IOException {
    assertThat(readAll("h1,h2\r\n\r\na,b\r\n\r\n\r\nc,d\r\n")).containsExactly(
        rec(1, "h1", "h2"),
        rec(3, "a", "b"),
        rec(6, "c", "d"));
  }

  @Test
  void leadingBlankLinesAreCounted() throws IOException {
    assertThat(readAll("\n\r\nh\nx\n")).containsExactly(rec(3, "h"), rec(4, "x"));
  }

  @Test
  void emptyInput() throws IOException {
    assertThat(readAll("")).isEmpty();
    assertThat(readAll("\n\r\n\n")).isEmpty();
  }

  @Test
  void trailingRecordWithoutFinalNewline() throws IOException {
    assertThat(readAll("a,b\nc,d")).containsExactly(rec(1, "a", "b"), rec(2, "c", "d"));
    assertThat(readAll("a,b\r\nc,d")).containsExactly(rec(1, "a", "b"), rec(2, "c", "d"));
    assertThat(readAll("a,b\n\"c\",\"d\"")).containsExactly(rec(1, "a", "b"), rec(2, "c", "d"));
  }

  // ---------------------------------------------------------------- fields

  @Test
  void emptyTrailingFields() throws IOException {
    assertThat(readAll("a,b,\n")).containsExactly(rec(1, "a", "b", ""));
    assertThat(readAll("a,b,\r\n")).containsExactly(rec(1, "a", "b", ""));
    assertThat(readAll("a,b,")).containsExactly(rec(1, "a", "b", ""));
    assertThat(readAll(",,\n")).containsExactly(rec(1, "", "", ""));
    assertThat(readAll(",\"\",x\n")).containsExactly(rec(1, "", "", "x"));
  }

  @Test
  void fieldsKeepTheirSpaces() throws IOException {
    assertThat(readAll(" a , b \n")).containsExactly(rec(1, " a ", " b "));
  }

  @Test
  void quotedFieldsWithSeparatorsAndDoubledQuotes() throws IOException {
    assertThat(readAll("id,text\n1,\"a,b\"\n2,\"say \"\"hi\"\"\"\n3,\"\"\"\"\n")).containsExactly(
        rec(1, "id", "text"),
        rec(2, "1", "a,b"),
        rec(3, "2", "say \"hi\""),
        rec(4, "3", "\""));
  }

  @Test
  void quotedFieldWithEmbeddedNewlineKeepsStartLine() throws IOException {
    assertThat(readAll("id,text\n1,\"line1\nline2\nline3\",z\n2,x\n\n3,y\n")).containsExactly(
        rec(1, "id", "text"),
        rec(2, "1", "line1\nline2\nline3", "z"),
        rec(5, "2", "x"),
        rec(7, "3", "y"));
  }

  @Test
  void quotedFieldWithEmbeddedCrlf() throws IOException {
    assertThat(readAll("id,text\r\n1,\"a\r\nb\"\r\n2,\"c\"\r\n")).containsExactly(
        rec(1, "id", "text"),
        rec(2, "1", "a\r\nb"),
        rec(4, "2", "c"));
    assertThat(readAll("\"a\r\"\r\nb\r\n")).as("a quoted CR is text").containsExactly(rec(1, "a\r"), rec(2, "b"));
  }

  @Test
  void otherSeparators() throws IOException {
    byte[] bytes = "a;b,c;\"d;e\"\n".getBytes(StandardCharsets.UTF_8);
    assertThat(readAll(bytes, StandardCharsets.UTF_8, ';')).containsExactly(rec(1, "a", "b,c", "d;e"));
    byte[] tabs = "a\tb,c\n".getBytes(StandardCharsets.UTF_8);
    assertThat(readAll(tabs, StandardCharsets.UTF_8, '\t')).containsExactly(rec(1, "a", "b,c"));
  }

  // ---------------------------------------------------------------- encodings

  @Test
  void utf8BomIsStripped() throws IOException {
    byte[] bytes = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
        "统一社会信用代码,企业名称\n91350100M000100Y43,测试公司\n".getBytes(StandardCharsets.UTF_8));
    assertThat(readAll(bytes, StandardCharsets.UTF_8, ',')).containsExactly(
        rec(1, "统一社会信用代码", "企业名称"),
        rec(2, "91350100M000100Y43", "测试公司"));
  }

  @Test
  void bomBeforeQuotedHeader() throws IOException {
    byte[] bytes = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
        "\"a\",b\n".getBytes(StandardCharsets.UTF_8));
    assertThat(readAll(bytes, StandardCharsets.UTF_8, ',')).containsExactly(rec(1, "a", "b"));
  }

  @Test
  void gbkDecodes() throws IOException {
    String text = "纳税人识别号,税种,申报税额\r\n91350100M000100Y43,增值税,\"1,234.50\"\r\n";
    byte[] bytes = text.getBytes(GBK);
    assertThat(bytes.length).as("GBK uses 2 bytes per Chinese character")
        .isLessThan(text.getBytes(StandardCharsets.UTF_8).length);
    assertThat(readAll(bytes, GBK, ',')).containsExactly(
        rec(1, "纳税人识别号", "税种", "申报税额"),
        rec(2, "91350100M000100Y43", "增值税", "1,234.50"));
  }

  @Test
  void gbkBytesReadAsUtf8FailOnTheirLine() {
    byte[] bytes = concat(
        "uscc,name\n91350100M000100Y43,ascii only\n".getBytes(StandardCharsets.UTF_8),
        "91350100M000100Y43,测试公司\n".getBytes(GBK));
    UndecodableException e = undecodable(bytes, StandardCharsets.UTF_8);
    assertThat(e.line()).as("the GBK text is on line 3").isEqualTo(3);
    assertThat(e.getMessage()).isEqualTo("undecodable input at line 3");
  }

  @Test
  void loneFfByteFailsOnItsLine() {
    byte[] bytes = concat("a,b\n\nc,d\n".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xFF},
        ",e\n".getBytes(StandardCharsets.UTF_8));
    assertThat(undecodable(bytes, StandardCharsets.UTF_8).line()).isEqualTo(4);
  }

  @Test
  void undecodableHeaderIsLineOne() {
    byte[] bytes = concat(new byte[] {(byte) 0xFF}, "a,b\nc,d\n".getBytes(StandardCharsets.UTF_8));
    assertThat(undecodable(bytes, StandardCharsets.UTF_8).line()).isEqualTo(1);
  }

  @Test
  void undecodableByteFarIntoALargeFileFailsOnItsLine() {
    StringBuilder sb = new StringBuilder("id,text\n");
    for (int i = 2; i < 20_000; i++) {
      sb.append(i).append(",some text on line ").append(i).append('\n');
    }
    byte[] bytes = concat(sb.toString().getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xFF},
        ",x\n".getBytes(StandardCharsets.UTF_8));
    assertThat(undecodable(bytes, StandardCharsets.UTF_8).line()).isEqualTo(20_000);
  }

  @Test
  void invalidGbkSequenceFails() {
    // 0x81 0x20: lead byte followed by a byte that cannot be a GBK trail byte
    byte[] bytes = concat("a\n".getBytes(GBK), new byte[] {(byte) 0x81, (byte) 0x20}, "\n".getBytes(GBK));
    assertThat(undecodable(bytes, GBK).line()).isEqualTo(2);
  }

  // ---------------------------------------------------------------- buffer boundaries

  /** Writes records as RFC 4180 with CRLF or LF, quoting where a field needs it and sometimes where not. */
  private static String write(List<List<String>> records, java.util.Random rnd) {
    StringBuilder out = new StringBuilder();
    for (List<String> r : records) {
      for (int i = 0; i < r.size(); i++) {
        String f = r.get(i);
        if (i > 0) {
          out.append(',');
        }
        boolean needs = f.isEmpty() && r.size() == 1 || f.contains(",") || f.contains("\"") || f.contains("\n")
            || f.contains("\r") || f.startsWith("\uFEFF");
        if (needs || rnd.nextInt(4) == 0) {
          out.append('"').append(f.replace("\"", "\"\"")).append('"');
        } else {
          out.append(f);
        }
      }
      out.append(rnd.nextBoolean() ? "\r\n" : "\n");
    }
    return out.toString();
  }

  @Test
  void everyBufferBoundaryReadsTheSameRecords() throws IOException {
    java.util.Random rnd = new java.util.Random(7);
    String alphabet = "ab,\"\n\r 纳税€x";
    for (int round = 0; round < 200; round++) {
      List<List<String>> records = new ArrayList<>();
      List<Long> lines = new ArrayList<>();
      long line = 1;
      for (int r = 0, n = 1 + rnd.nextInt(6); r < n; r++) {
        List<String> fields = new ArrayList<>();
        for (int f = 0, w = 1 + rnd.nextInt(4); f < w; f++) {
          StringBuilder v = new StringBuilder();
          for (int k = 0, len = rnd.nextInt(7); k < len; k++) {
            v.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
          }
          fields.add(v.toString());
        }
        if (fields.size() == 1 && fields.get(0).isEmpty()) {
          fields.set(0, "z"); // a lone empty field is a blank line, which the reader skips
        }
        records.add(fields);
        lines.add(line);
        line += String.join(",", fields).chars().filter(c -> c == '\n').count() + 1;
      }
      byte[] bytes = write(records, rnd).getBytes(StandardCharsets.UTF_8);
      for (int size : new int[] {1, 2, 3, 5, 8, 1 << 16}) {
        List<Record> got = new ArrayList<>();
        try (CsvRecordReader r = new CsvRecordReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8, ',', size)) {
          for (Record rec = r.next(); rec != null; rec = r.next()) {
            got.add(rec);
          }
        }
        List<Record> want = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
          want.add(new Record(lines.get(i), records.get(i)));
        }
        assertThat(got).as("round %d, buffer of %d chars, input %s", round, size, new String(bytes, StandardCharsets.UTF_8))
            .isEqualTo(want);
      }
    }
  }

  @Test
  void undecodableByteAcrossBufferBoundariesFailsOnItsLine() {
    byte[] bytes = concat("a,\"b\nc\"\nd,e\n".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xFF}, "\n".getBytes(StandardCharsets.UTF_8));
    for (int size : new int[] {1, 2, 3, 7}) {
      UndecodableException e = catchThrowableOfType(UndecodableException.class, () -> {
        try (CsvRecordReader r = new CsvRecordReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8, ',', size)) {
          while (r.next() != null) {
            // read on
          }
        }
      });
      assertThat(e).as("buffer of %d", size).isNotNull();
      assertThat(e.line()).isEqualTo(4);
    }
  }
}
