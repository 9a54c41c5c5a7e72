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
  private static final int BUFFER_CHARS = 1 << 16;

  private final Reader in;
  private final char sep;
  // Parsed straight out of a char buffer: reading char by char through a Reader takes a lock per
  // char (185 MB of GBK took 7.5 s that way on one core, 1.9 s from the buffer).
  private final char[] buf;
  private int pos;
  private int lim;
  private boolean first = true;
  private boolean eof;
  private long line = 1;
  private int width = 16;
  // holds a field only when it spans a buffer refill, a doubled quote or a quoted part
  private final StringBuilder field = new StringBuilder();
  // how much of {@link #field} was quoted: a CR in there is text, not part of a line end
  private int quoted;

  public CsvRecordReader(InputStream bytes, Charset charset, char separator) {
    this(bytes, charset, separator, BUFFER_CHARS);
  }

  /** With a given buffer size, so that tests can put every boundary everywhere. */
  CsvRecordReader(InputStream bytes, Charset charset, char separator, int bufferChars) {
    // The decoder reads ahead of the parser, so it marks bad bytes with U+FFFD instead of
    // throwing; the parser then fails on the line that holds them.
    this.in = new InputStreamReader(bytes, charset.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE)
        .replaceWith(String.valueOf(REPLACEMENT)));
    this.sep = separator;
    this.buf = new char[bufferChars];
  }

  /** The next record, or {@code null} at the end of input. */
  public Record next() throws IOException {
    while (true) {
      if (pos >= lim && !fill()) {
        return null;
      }
      char c = buf[pos];
      if (c == '\n') {
        line++;
        pos++;
      } else if (c == '\r') {
        pos++;
      } else {
        return readRecord();
      }
    }
  }

  private Record readRecord() throws IOException {
    long start = line;
    List<String> fields = new ArrayList<>(width);
    while (true) {
      field.setLength(0);
      quoted = 0;
      if (pos >= lim && !fill()) {
        fields.add("");
        return record(start, fields);
      }
      if (buf[pos] == '"') {
        pos++;
        if (!readQuoted()) {
          fields.add(field.toString());
          return record(start, fields);
        }
        quoted = field.length();
      }
      // the unquoted field, or what follows a quoted part up to the separator, taken as written
      while (true) {
        int s = pos;
        char c = 0;
        while (pos < lim) {
          c = buf[pos];
          if (c == sep || c == '\n') {
            break;
          }
          if (c == REPLACEMENT) {
            throw undecodable();
          }
          pos++;
        }
        if (pos < lim) {
          String value = take(s, pos, c == '\n');
          pos++;
          fields.add(value);
          if (c == '\n') {
            line++;
            return record(start, fields);
          }
          break;
        }
        field.append(buf, s, pos - s);
        if (!fill()) {
          fields.add(take(pos, pos, true));
          return record(start, fields);
        }
      }
    }
  }

  /**
   * Reads a quoted part into {@link #field}, past its closing quote; false when the input ends
   * inside it.
   */
  private boolean readQuoted() throws IOException {
    while (true) {
      if (pos >= lim && !fill()) {
        return false;
      }
      int s = pos;
      while (pos < lim) {
        char c = buf[pos];
        if (c == '"') {
          break;
        }
        if (c == '\n') {
          line++;
        } else if (c == REPLACEMENT) {
          throw undecodable();
        }
        pos++;
      }
      field.append(buf, s, pos - s);
      if (pos < lim) {
        pos++;
        if (pos >= lim && !fill()) {
          return true;
        }
        if (buf[pos] != '"') {
          return true;
        }
        field.append('"');
        pos++;
      }
    }
  }

  /** The field: what {@link #field} holds followed by {@code buf[s, e)}, less a final CR at a line end. */
  private String take(int s, int e, boolean lineEnd) {
    if (field.length() == 0) {
      if (lineEnd && e > s && buf[e - 1] == '\r') {
        e--;
      }
      return new String(buf, s, e - s);
    }
    field.append(buf, s, e - s);
    int n = field.length();
    if (lineEnd && n > quoted && field.charAt(n - 1) == '\r') {
      n--;
    }
    return field.substring(0, n);
  }

  private Record record(long start, List<String> fields) {
    width = Math.max(width, fields.size());
    return new Record(start, fields);
  }

  /** Refills the buffer from the decoder; false at the end of input. */
  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    int n;
    do {
      n = in.read(buf, 0, buf.length);
    } while (n == 0);
    pos = 0;
    if (n < 0) {
      lim = 0;
      eof = true;
      return false;
    }
    lim = n;
    if (first) {
      first = false;
      if (buf[0] == '\uFEFF') {
        pos = 1;
        return pos < lim || fill();
      }
    }
    return true;
  }

  private UndecodableException undecodable() {
    // a replacement character in the text is itself the mark of an earlier failed decoding
    return new UndecodableException(line, new CharacterCodingException());
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
