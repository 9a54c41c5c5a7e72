package io.creditlake.common.config;

import java.util.List;
import java.util.Map;

/**
 * How reporting units' submission rates are scored ({@code creditlake rates}).
 *
 * @param weights weight of each rate in the composite score: {@code coverage}, {@code timeliness},
 *     {@code validity}, {@code completeness}
 * @param obligations what each source's units owe
 */
public record RatesSettings(Map<String, Double> weights, List<Obligation> obligations) {

  public static final List<String> RATES = List.of("coverage", "timeliness", "validity", "completeness");
  public static final RatesSettings DEFAULT = new RatesSettings(null, null);

  public RatesSettings {
    weights = weights == null ? Map.of("coverage", 40.0, "timeliness", 30.0, "validity", 20.0, "completeness", 10.0)
        : Map.copyOf(weights);
    obligations = obligations == null ? List.of() : List.copyOf(obligations);
  }

  /**
   * What the units of a source owe for a period (the month a record describes).
   *
   * @param source the source
   * @param expected how the records owed are known: {@code received} (no list to check against:
   *     every record sent is the obligation), {@code active_businesses} (one record per business
   *     active in the period, from the registry) or {@code running_loans} (every loan the unit
   *     reported the period before that is still running, and every loan it reports now)
   * @param deadlineDays a record is on time when submitted within this many days of its date…
   * @param deadlineMonths …or by day {@code deadlineDay} of the month this many months after its period
   * @param deadlineDay see {@code deadlineMonths}; past the month's end means its last day
   * @param optional fields whose filling measures completeness
   */
  public record Obligation(String source, String expected, Integer deadlineDays, Integer deadlineMonths,
      Integer deadlineDay, List<String> optional) {

    public static final List<String> EXPECTED = List.of("received", "active_businesses", "running_loans");

    public Obligation {
      optional = optional == null ? List.of() : List.copyOf(optional);
    }
  }
}
