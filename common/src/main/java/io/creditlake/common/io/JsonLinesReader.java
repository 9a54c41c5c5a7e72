package io.creditlake.common.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads JSON lines — one JSON object per line — from a byte stream, decoding strictly and keeping
 * each record's line. Values come back as the text a department wrote: numbers exactly as written
 * ({@code 1234.50} stays {@code 1234.50}), strings unquoted, nested values as JSON. Blank lines
 * are skipped. A line that is not a JSON object is returned with a problem instead of fields.
 */
public final class JsonLinesReader implements Closeable {

  /** One line: its number, its fields (null when malformed) and, if malformed, what is wrong. */
  public record Record(long line, Map<String, String> fields, String problem) {}

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .configure(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
  private static final char REPLACEMENT = '\uFFFD';

  private final BufferedReader in;
  private long line;

  public JsonLinesReader(InputStream bytes, Charset charset) {
    this.in = new BufferedReader(new InputStreamReader(bytes, charset.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE)
        .replaceWith(String.valueOf(REPLACEMENT))), 1 << 16);
  }

  /** The next record, or null at the end; throws when a line is not valid in the charset. */
  public Record next() throws IOException {
    String text;
    do {
      text = in.readLine();
      line++;
      if (text == null) {
        return null;
      }
      if (line == 1 && !text.isEmpty() && text.charAt(0) == '\uFEFF') {
        text = text.substring(1);
      }
    } while (text.isBlank());
    if (text.indexOf(REPLACEMENT) >= 0) {
      throw new CsvRecordReader.UndecodableException(line, new CharacterCodingException());
    }
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return new Record(line, null, "not JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      return new Record(line, null, "not a JSON object");
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      fields.put(e.getKey(), v.isNull() ? null
          : v.isTextual() ? v.asText()
          : v.isBigDecimal() ? v.decimalValue().toPlainString()
          : v.isValueNode() ? v.asText()
          : v.toString());
    }
    return new Record(line, fields, null);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
