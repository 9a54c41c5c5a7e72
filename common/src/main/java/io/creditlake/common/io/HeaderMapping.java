package io.creditlake.common.io;

import io.creditlake.common.config.SourceConfig;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps a file's header onto the canonical columns of its source: for each canonical column, the
 * position of its header in the file (or -1 when the source does not send it). Headers are
 * compared trimmed, with full-width characters folded, since departments' files vary in both.
 *
 * @param columns canonical columns in the canonical schema's order
 * @param positions for each canonical column, its field position in the file, or -1
 * @param width the header's field count
 */
public record HeaderMapping(List<String> columns, int[] positions, int width) implements Serializable {

  /** The problems of a header: mapped headers that are missing, and unmapped ones present. */
  public record Problems(Set<String> missing, Set<String> unexpected) {
    public boolean any() {
      return !missing.isEmpty() || !unexpected.isEmpty();
    }
  }

  /** Checks a header against the source's mapping; see {@link #map} for the mapping itself. */
  public static Problems check(SourceConfig source, List<String> header) {
    Set<String> present = new LinkedHashSet<>();
    header.forEach(h -> present.add(Text.normalize(h)));
    Set<String> missing = new LinkedHashSet<>();
    for (String h : source.columns().keySet()) {
      if (!present.contains(Text.normalize(h))) {
        missing.add(h);
      }
    }
    Set<String> known = new LinkedHashSet<>();
    source.columns().keySet().forEach(h -> known.add(Text.normalize(h)));
    source.ignoredColumns().forEach(h -> known.add(Text.normalize(h)));
    Set<String> unexpected = new LinkedHashSet<>();
    for (String h : present) {
      if (!known.contains(h)) {
        unexpected.add(h);
      }
    }
    return new Problems(missing, unexpected);
  }

  /** The mapping of a header that passed {@link #check}. */
  public static HeaderMapping map(SourceConfig source, List<String> header) {
    List<String> normalized = header.stream().map(Text::normalize).toList();
    List<String> columns = new ArrayList<>(source.source().fieldNames());
    int[] positions = new int[columns.size()];
    Map<String, String> headerFor = source.headerFor();
    for (int i = 0; i < columns.size(); i++) {
      String h = headerFor.get(columns.get(i));
      positions[i] = h == null ? -1 : normalized.indexOf(Text.normalize(h));
    }
    return new HeaderMapping(List.copyOf(columns), positions, header.size());
  }

  /** A record's values in canonical order (null where not sent); null when the width is wrong. */
  public String[] apply(List<String> fields) {
    return fields.size() == width ? valuesOf(fields) : null;
  }

  /**
   * A record's values in canonical order, whatever its width: what stands where the header says,
   * null where the source sends nothing or the record is too short.
   */
  public String[] valuesOf(List<String> fields) {
    String[] out = new String[positions.length];
    for (int i = 0; i < positions.length; i++) {
      out[i] = positions[i] >= 0 && positions[i] < fields.size() ? fields.get(positions[i]) : null;
    }
    return out;
  }
}
