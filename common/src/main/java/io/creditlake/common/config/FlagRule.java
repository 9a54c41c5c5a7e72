package io.creditlake.common.config;

import java.util.List;

/**
 * An early-warning rule: a Spark SQL boolean expression over the columns of a credit profile
 * ({@code docs/PROFILES.md}) and, prefixed {@code prev_}, the same business's profile at the
 * snapshot before. A new rule is a new entry in {@code conf/}; no code changes.
 *
 * @param code short unique code, e.g. {@code NPL_LOAN}
 * @param severity {@code HIGH}, {@code MEDIUM} or {@code LOW}
 * @param description what it means, for the people who read the flags
 * @param when the condition, e.g. {@code loan_npl_balance > 0}
 */
public record FlagRule(String code, String severity, String description, String when) {

  public static final List<String> SEVERITIES = List.of("HIGH", "MEDIUM", "LOW");
}
