package io.creditlake.common.config;

import io.creditlake.common.domain.Source;
import java.util.List;
import java.util.Map;

/**
 * How one source's files look and map onto its canonical schema ({@link Source}). Changing a
 * header, a format or a value label is a change here, never in code.
 *
 * @param name one of {@code registration}, {@code tax}, {@code loan}, {@code litigation}
 * @param format file format; {@code csv}
 * @param path files of one batch, relative to the input folder, with {@code {date}} standing
 *     for the batch date ({@code yyyy-MM-dd}); a glob is allowed: {@code tax/{date}/*.csv}
 * @param encoding {@code UTF-8} (the default) or {@code GBK}
 * @param delimiter field separator; defaults to {@code ,}
 * @param columns file header → canonical column
 * @param ignoredColumns headers that may appear and are not loaded
 * @param key canonical columns that identify a record; a later row with the same key and other
 *     content is a new version of it
 * @param required canonical columns that must not be empty
 * @param reportingUnit the canonical column naming the unit that sent the row
 * @param eventDate the canonical column holding the date the record describes
 * @param submissionDate the canonical column holding the date the unit submitted it
 * @param dateFormats patterns tried in order (Spark datetime patterns); defaults to
 *     {@code yyyy-MM-dd}
 * @param thousandsSeparator removed from amounts before parsing; defaults to {@code ,}
 * @param values per canonical code column: label in the file → canonical code
 */
public record SourceConfig(
    String name,
    String format,
    String path,
    String encoding,
    String delimiter,
    Map<String, String> columns,
    List<String> ignoredColumns,
    List<String> key,
    List<String> required,
    String reportingUnit,
    String eventDate,
    String submissionDate,
    List<String> dateFormats,
    String thousandsSeparator,
    Map<String, Map<String, String>> values) implements java.io.Serializable {

  public SourceConfig {
    format = format == null ? "csv" : format;
    encoding = encoding == null ? "UTF-8" : encoding;
    delimiter = delimiter == null ? "," : delimiter;
    columns = columns == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(columns));
    ignoredColumns = ignoredColumns == null ? List.of() : List.copyOf(ignoredColumns);
    key = key == null ? List.of() : List.copyOf(key);
    required = required == null ? List.of() : List.copyOf(required);
    dateFormats = dateFormats == null || dateFormats.isEmpty() ? List.of("yyyy-MM-dd") : List.copyOf(dateFormats);
    thousandsSeparator = thousandsSeparator == null ? "," : thousandsSeparator;
    values = values == null ? Map.of() : Map.copyOf(values);
  }

  /** The canonical schema; valid after {@link ConfigLoader} has checked the name. */
  public Source source() {
    return Source.byId(name).orElseThrow();
  }

  /** Canonical column → file header, in the mapping's order. */
  public Map<String, String> headerFor() {
    Map<String, String> inverse = new java.util.LinkedHashMap<>();
    columns.forEach((header, canonical) -> inverse.put(canonical, header));
    return inverse;
  }

  /** The glob of one batch's files, relative to the input folder. */
  public String pathFor(java.time.LocalDate date) {
    return path.replace("{date}", date.toString());
  }

  public java.nio.charset.Charset charset() {
    return java.nio.charset.Charset.forName(encoding);
  }
}
