package io.creditlake.jobs.generate;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Map;

/**
 * What {@code generate} wrote.
 *
 * @param out the folder
 * @param businesses businesses in the city
 * @param from first day of history
 * @param to last day of history
 * @param nightly the nightly batch's date, or null when none was written
 * @param files data files written
 * @param total rows over all sources
 * @param sources rows per source
 * @param durationMs wall time
 */
public record GenerateResult(String out, int businesses, LocalDate from, LocalDate to, LocalDate nightly, int files,
    Counts total, Map<String, Counts> sources, long durationMs) {

  /**
   * Rows written and records not delivered.
   *
   * @param rows data rows in the files
   * @param clean rows sent once, as they should be
   * @param updates later versions of a record (a court's judgment)
   * @param corrections records re-sent with other content
   * @param duplicates records re-sent unchanged
   * @param dirty rows with a defect, for quarantine
   * @param late records first sent after their deadline
   * @param missed records their unit never sent
   * @param undelivered records due after the generated range
   */
  public record Counts(long rows, long clean, long updates, long corrections, long duplicates, long dirty, long late,
      long missed, long undelivered) {

    static Counts sum(Collection<Counts> all) {
      long[] t = new long[9];
      for (Counts c : all) {
        long[] v = {c.rows, c.clean, c.updates, c.corrections, c.duplicates, c.dirty, c.late, c.missed, c.undelivered};
        for (int i = 0; i < t.length; i++) {
          t[i] += v[i];
        }
      }
      return new Counts(t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7], t[8]);
    }
  }
}
