package io.creditlake.jobs.generate;

import io.creditlake.common.domain.Source;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * A generated record in canonical values (LocalDate, BigDecimal, Integer or String), indexed by
 * its source's canonical fields — an array, not a map, because full scale writes 45 M of them.
 */
final class Rec {

  private static final Map<Source, Map<String, Integer>> INDEX = new EnumMap<>(Source.class);

  static {
    for (Source s : Source.values()) {
      Map<String, Integer> m = new HashMap<>();
      for (int i = 0; i < s.fields().size(); i++) {
        m.put(s.fields().get(i).name(), i);
      }
      INDEX.put(s, m);
    }
  }

  final Source source;
  final Object[] values;

  Rec(Source source) {
    this(source, new Object[source.fields().size()]);
  }

  private Rec(Source source, Object[] values) {
    this.source = source;
    this.values = values;
  }

  static int index(Source source, String field) {
    Integer i = INDEX.get(source).get(field);
    if (i == null) {
      throw new IllegalArgumentException(source.id() + " has no field " + field);
    }
    return i;
  }

  Rec set(String field, Object value) {
    values[index(source, field)] = value;
    return this;
  }

  Object get(String field) {
    return values[index(source, field)];
  }

  Rec copy() {
    return new Rec(source, values.clone());
  }
}
