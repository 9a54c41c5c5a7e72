package io.creditlake.common.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonLinesReaderTest {

  static List<JsonLinesReader.Record> read(byte[] bytes, Charset cs) throws Exception {
    List<JsonLinesReader.Record> out = new ArrayList<>();
    try (JsonLinesReader r = new JsonLinesReader(new ByteArrayInputStream(bytes), cs)) {
      for (JsonLinesReader.Record rec = r.next(); rec != null; rec = r.next()) {
        out.add(rec);
      }
    }
    return out;
  }

  @Test
  void valuesComeBackAsWrittenWithTheirLines() throws Exception {
    String text = "\uFEFF{\"a\": 1234.50, \"b\": \"x\", \"c\": null, \"d\": true, \"e\": {\"f\": [1,2]}, \"g\": 7}\n"
        + "\n   \n"
        + "{\"案号\": \"(2026)粤03民初1号\"}\r\n";
    List<JsonLinesReader.Record> recs = read(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    Map<String, String> first = new LinkedHashMap<>();
    first.put("a", "1234.50");
    first.put("b", "x");
    first.put("c", null);
    first.put("d", "true");
    first.put("e", "{\"f\":[1,2]}");
    first.put("g", "7");
    assertThat(recs).extracting(JsonLinesReader.Record::line).containsExactly(1L, 4L);
    assertThat(recs.get(0).fields()).as("numbers keep their written scale").containsExactlyEntriesOf(first);
    assertThat(recs.get(1).fields()).containsEntry("案号", "(2026)粤03民初1号");
  }

  @Test
  void aLineThatIsNotAnObjectIsAProblemNotAFailure() throws Exception {
    List<JsonLinesReader.Record> recs = read("[1]\n{oops\n{\"a\":1}\n".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    assertThat(recs).extracting(JsonLinesReader.Record::line).containsExactly(1L, 2L, 3L);
    assertThat(recs.get(0).problem()).isEqualTo("not a JSON object");
    assertThat(recs.get(1).problem()).startsWith("not JSON");
    assertThat(recs.get(1).fields()).isNull();
    assertThat(recs.get(2).problem()).isNull();
  }

  @Test
  void gbkDecodesAndBadBytesNameTheirLine() throws Exception {
    Charset gbk = Charset.forName("GBK");
    assertThat(read("{\"税种\": \"增值税\"}\n".getBytes(gbk), gbk).get(0).fields()).containsEntry("税种", "增值税");
    byte[] bad = "{\"a\": 1}\n{\"b\": \"增值税\"}\n".getBytes(gbk);
    assertThatThrownBy(() -> read(bad, StandardCharsets.UTF_8))
        .isInstanceOfSatisfying(CsvRecordReader.UndecodableException.class, e -> assertThat(e.line()).isEqualTo(2));
  }
}
