package io.creditlake.jobs.lookup;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * One business as the lake knows it.
 *
 * @param uscc the code looked up (normalised)
 * @param registered whether the registry knows it
 * @param registry its registry record as of its latest event: name, type, industry, district, capital, founding date, status
 * @param registryEvents its registry events in date order
 * @param snapshot the profile snapshot shown, or null when none
 * @param profile that profile's columns ({@code docs/PROFILES.md}), or null
 * @param flags its flags on that snapshot
 * @param abnormalList its abnormal-list entries and removals
 * @param score its latest risk score on or before the snapshot (date, probability, points, grade,
 *     reasons, model), or null before any scoring
 * @param drift the scoring model's variables whose PSI on that score's date is above the warning
 *     threshold: a score to read with care
 */
public record LookupResult(String uscc, boolean registered, Map<String, Object> registry,
    List<Map<String, Object>> registryEvents, LocalDate snapshot, Map<String, Object> profile,
    List<Map<String, Object>> flags, List<Map<String, Object>> abnormalList, Map<String, Object> score,
    List<Map<String, Object>> drift) {}
