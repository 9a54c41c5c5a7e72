package io.creditlake.common.reference;

import io.creditlake.common.config.ConfigLoader;
import io.creditlake.common.io.CsvRecordReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The small reference tables under {@code conf/reference/}: Shenzhen's district codes (versioned:
 * codes are retired, never reused) and the GB/T 4754-2017 industry sections.
 */
public final class ReferenceTables {

  /**
   * A district code in force from {@code validFromYear} until {@code validToYear} (inclusive;
   * null while in force).
   */
  public record District(String code, String nameZh, String nameEn, int validFromYear, Integer validToYear) {
    public boolean inForce(LocalDate date) {
      return date.getYear() >= validFromYear && (validToYear == null || date.getYear() <= validToYear);
    }
  }

  /** One of the 20 sections A–T. */
  public record IndustrySection(String section, String nameZh, String nameEn) {}

  private final List<District> districts;
  private final List<IndustrySection> sections;

  private ReferenceTables(List<District> districts, List<IndustrySection> sections) {
    this.districts = List.copyOf(districts);
    this.sections = List.copyOf(sections);
  }

  /** The tables packaged with the embedded configuration. */
  public static ReferenceTables load() {
    List<District> d = new ArrayList<>();
    for (List<String> r : read("shenzhen_districts.csv")) {
      d.add(new District(r.get(0), r.get(1), r.get(2), Integer.parseInt(r.get(3)),
          r.get(4).isBlank() ? null : Integer.valueOf(r.get(4))));
    }
    List<IndustrySection> s = new ArrayList<>();
    for (List<String> r : read("gbt4754_sections.csv")) {
      s.add(new IndustrySection(r.get(0), r.get(1), r.get(2)));
    }
    return new ReferenceTables(d, s);
  }

  public List<District> districts() {
    return districts;
  }

  /** Districts in force on a date. */
  public List<District> districtsOn(LocalDate date) {
    return districts.stream().filter(x -> x.inForce(date)).toList();
  }

  /** The district a code meant on a date, if it was in force then. */
  public Optional<District> district(String code, LocalDate date) {
    return districts.stream().filter(x -> x.code().equals(code) && x.inForce(date)).findFirst();
  }

  public List<IndustrySection> sections() {
    return sections;
  }

  /** The section of an industry code such as {@code I6510}. */
  public Optional<IndustrySection> sectionOf(String industryCode) {
    if (industryCode == null || industryCode.isEmpty()) {
      return Optional.empty();
    }
    String letter = industryCode.substring(0, 1);
    return sections.stream().filter(x -> x.section().equals(letter)).findFirst();
  }

  private static List<List<String>> read(String name) {
    String resource = ConfigLoader.EMBEDDED_DIR + "reference/" + name;
    try (InputStream in = ReferenceTables.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing from the classpath: " + resource + " (was the jobs module built?)");
      }
      CsvRecordReader csv = new CsvRecordReader(in, StandardCharsets.UTF_8, ',');
      List<List<String>> rows = new ArrayList<>();
      csv.next();
      for (CsvRecordReader.Record r = csv.next(); r != null; r = csv.next()) {
        rows.add(r.fields());
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(resource, e);
    }
  }
}
