package io.creditlake.common.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads RFC 4180 CSV from a byte stream, decoding strictly (an undecodable byte is an error, not
 * a replacement character) and keeping the line each record starts on, so that a quarantined row
 * can be found in the file the department sent. Blank lines are skipped; a byte-order mark is
 * ignored; quoted fields may hold separators, doubled quotes and line breaks.
 *
 * <p>Streams: holds one record at a time, whatever the file's size.
 */
public final class CsvRecordReader implements Closeable {

  /** One record: the 1-based line it starts on and its fields as written. */
  public record Record(long line, List<String> fields) {}

  /** The input is not valid in the declared charset; {@link #line} is where decoding failed. */
  public static final class UndecodableException extends IOException {
    private final long line;

    UndecodableException(long line, CharacterCodingException cause) {
      super("undecodable input at line " + line, cause);
      this.line = line;
    }

    public long line() {
      return line;
    }
  }

  private static final char REPLACEMENT = '\uFFFD';

  private final Reader in;
  private final char sep;
  private long line = 1;
  private int pushback = -2;
  private boolean first = true;

  public CsvRecordReader(InputStream bytes, Charset charset, char separator) {
    // The decoder reads ahead of the parser, so it marks bad bytes with U+FFFD instead of
    // throwing; the parser then fails on the line that holds them.
    this.in = new java.io.BufferedReader(new InputStreamReader(bytes, charset.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE)
        .replaceWith(String.valueOf(REPLACEMENT))), 1 << 16);
    this.sep = separator;
  }

  /** The next record, or {@code null} at the end of input. */
  public Record next() throws IOException {
    while (true) {
      int c = read();
      if (c == -1) {
        return null;
      }
      if (c == '\n') {
        line++;
        continue;
      }
      if (c == '\r') {
        continue;
      }
      unread(c);
      return readRecord();
    }
  }

  private Record readRecord() throws IOException {
    long start = line;
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    while (true) {
      int c = read();
      if (quoted) {
        if (c == -1) {
          fields.add(field.toString());
          return new Record(start, fields);
        } else if (c == '"') {
          int d = read();
          if (d == '"') {
            field.append('"');
          } else {
            quoted = false;
            unread(d);
          }
        } else {
          if (c == '\n') {
            line++;
          }
          field.append((char) c);
        }
      } else if (c == '"' && field.length() == 0 && !wasQuoted) {
        quoted = true;
        wasQuoted = true;
      } else if (c == sep) {
        fields.add(field.toString());
        field.setLength(0);
        wasQuoted = false;
      } else if (c == '\n' || c == -1) {
        if (c == '\n') {
          line++;
        }
        fields.add(stripCr(field));
        return new Record(start, fields);
      } else {
        field.append((char) c);
      }
    }
  }

  private static String stripCr(StringBuilder field) {
    int n = field.length();
    return n > 0 && field.charAt(n - 1) == '\r' ? field.substring(0, n - 1) : field.toString();
  }

  private int read() throws IOException {
    if (pushback != -2) {
      int c = pushback;
      pushback = -2;
      return c;
    }
    int c = in.read();
    if (c == REPLACEMENT) {
      // a replacement character in the text is itself the mark of an earlier failed decoding
      throw new UndecodableException(line, new CharacterCodingException());
    }
    if (first) {
      first = false;
      if (c == '\uFEFF') {
        return read();
      }
    }
    return c;
  }

  private void unread(int c) {
    pushback = c;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
