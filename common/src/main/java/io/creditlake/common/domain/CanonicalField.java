package io.creditlake.common.domain;

import java.util.List;

/**
 * One column of a source's canonical schema.
 *
 * @param name canonical column name, as in silver
 * @param type how it is typed and validated
 * @param codes allowed values for {@link FieldType#CODE}, empty otherwise
 * @param personal personal data (a name or an ID number): masked in silver and downstream
 */
public record CanonicalField(String name, FieldType type, List<String> codes, boolean personal) {

  public static CanonicalField of(String name, FieldType type) {
    return new CanonicalField(name, type, List.of(), false);
  }

  public static CanonicalField code(String name, String... codes) {
    return new CanonicalField(name, FieldType.CODE, List.of(codes), false);
  }

  public static CanonicalField personal(String name) {
    return new CanonicalField(name, FieldType.STRING, List.of(), true);
  }
}
