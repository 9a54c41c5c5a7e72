package io.creditlake.jobs.lookup;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.creditlake.common.domain.Source;
import io.creditlake.common.domain.Uscc;
import io.creditlake.common.io.Text;
import io.creditlake.common.lake.LakeLayout;
import io.creditlake.common.lake.Tables;
import io.creditlake.jobs.flag.FlagsJob;
import io.creditlake.jobs.model.ScoreJob;
import io.creditlake.jobs.profile.ProfileFeatures;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One business from the lake: its registry record and history, its latest profile (or the one
 * of a given day), its flags on that snapshot, and its abnormal-list history. Reads only what
 * one business needs; tables not built yet are reported empty.
 */
public final class LookupJob {

  private final LakeLayout lake;
  private final double psiWarning;

  /** @param psiWarning drift above this PSI is shown beside the score */
  public LookupJob(LakeLayout lake, double psiWarning) {
    this.lake = lake;
    this.psiWarning = psiWarning;
  }

  /**
   * What is wrong with a code typed by a person, or empty when it is a valid USCC. The code is
   * taken as typed after trimming, folding full-width characters and upper-casing.
   */
  public static Optional<String> problem(String typed) {
    String code = normalize(typed);
    return switch (Uscc.verdict(code)) {
      case VALID -> Optional.empty();
      case LEGACY_REGISTRATION_NUMBER -> Optional.of("'" + code + "' is a pre-2015 15-digit registration number, not a"
          + " unified social credit code; look the business up by its 18-character USCC");
      case BAD_LENGTH -> Optional.of("'" + code + "' has " + code.length() + " characters; a unified social credit code has 18");
      case BAD_CHARACTER -> {
        int i = 0;
        while (Uscc.ALPHABET.indexOf(code.charAt(i)) >= 0) {
          i++;
        }
        yield Optional.of("'" + code + "': position " + (i + 1) + " holds '" + code.charAt(i)
            + "', which a USCC never uses (0-9 and A-Z without I, O, S, V, Z)");
      }
      case BAD_ORG_CHECK -> Optional.of("'" + code + "': the organisation-code check character (position 17) should be '"
          + Uscc.orgCheckChar(code.substring(8, 16)).map(String::valueOf).orElse("?") + "', not '" + code.charAt(16) + "'");
      case BAD_CHECK -> Optional.of("'" + code + "': the check character (position 18) should be '"
          + Uscc.checkChar(code.substring(0, 17)) + "', not '" + code.charAt(17) + "'");
    };
  }

  public static String normalize(String typed) {
    return Text.normalize(typed).toUpperCase(Locale.ROOT);
  }

  /**
   * @param uscc a valid code (see {@link #problem})
   * @param date the snapshot to show: the latest one on or before it; null for the latest
   */
  public LookupResult run(SparkSession spark, String uscc, LocalDate date) {
    String code = normalize(uscc);
    List<Map<String, Object>> events = new ArrayList<>();
    Map<String, Object> registry = null;
    Dataset<Row> reg = table(spark, lake.silver(Source.REGISTRATION));
    if (reg != null) {
      for (Row r : reg.filter(col("uscc").equalTo(code)).orderBy("event_date", Tables.KNOWN_SINCE).collectAsList()) {
        registry = values(r, "name", "entity_type", "industry_code", "district_code", "registered_capital", "founding_date",
            "status");
        events.add(values(r, "event_date", "event_type", "change_item", "abnormal_ground", Tables.SUBMITTED));
      }
    }
    Map<String, Object> profile = null;
    LocalDate snapshot = null;
    Dataset<Row> profiles = table(spark, lake.gold(ProfileFeatures.TABLE));
    if (profiles != null) {
      Dataset<Row> mine = profiles.filter(col(ProfileFeatures.USCC).equalTo(code));
      if (date != null) {
        mine = mine.filter(col(ProfileFeatures.SNAPSHOT_DATE).leq(lit(Date.valueOf(date))));
      }
      List<Row> latest = mine.orderBy(col(ProfileFeatures.SNAPSHOT_DATE).desc()).limit(1).collectAsList();
      if (!latest.isEmpty()) {
        Row r = latest.get(0);
        profile = values(r, r.schema().fieldNames());
        profile.remove(ProfileFeatures.RUN_ID);
        profile.remove(ProfileFeatures.COMPUTED_AT);
        snapshot = r.getDate(r.fieldIndex(ProfileFeatures.SNAPSHOT_DATE)).toLocalDate();
      }
    }
    List<Map<String, Object>> flags = new ArrayList<>();
    Dataset<Row> flagTable = table(spark, lake.gold(FlagsJob.TABLE));
    if (flagTable != null && snapshot != null) {
      for (Row r : flagTable.filter(col("uscc").equalTo(code).and(col("snapshot_date").equalTo(lit(Date.valueOf(snapshot)))))
          .orderBy("severity", "flag_code").collectAsList()) {
        flags.add(values(r, "flag_code", "severity", "origin", "description", "is_new", "evidence"));
      }
    }
    List<Map<String, Object>> abnormal = new ArrayList<>();
    Dataset<Row> history = table(spark, lake.gold("abnormal_list_history"));
    if (history != null) {
      for (Row r : history.filter(col("uscc").equalTo(code)).orderBy("event_date").collectAsList()) {
        abnormal.add(values(r, "action", "event_date", "ground", "removed_on", "days_listed"));
      }
    }
    Map<String, Object> score = null;
    List<Map<String, Object>> drift = new ArrayList<>();
    Dataset<Row> scores = table(spark, lake.gold(ScoreJob.SCORES));
    if (scores != null) {
      Dataset<Row> mine = scores.filter(col("uscc").equalTo(code));
      if (snapshot != null) {
        mine = mine.filter(col("snapshot_date").leq(lit(Date.valueOf(snapshot))));
      }
      List<Row> latest = mine.orderBy(col("snapshot_date").desc(), col("_computed_at").desc()).limit(1).collectAsList();
      if (!latest.isEmpty()) {
        Row r = latest.get(0);
        score = values(r, "snapshot_date", "probability", "score", "grade", "reasons", "model_name", "model_version");
        score.put("reasons", scala.jdk.javaapi.CollectionConverters.asJava(r.<String>getSeq(r.fieldIndex("reasons"))));
        Dataset<Row> monitoring = table(spark, lake.gold(ScoreJob.MONITORING));
        if (monitoring != null) {
          for (Row m : monitoring.filter(col("snapshot_date").equalTo(r.get(r.fieldIndex("snapshot_date")))
              .and(col("model_name").equalTo(r.getString(r.fieldIndex("model_name"))))
              .and(col("model_version").equalTo(r.getString(r.fieldIndex("model_version"))))
              .and(col("psi").gt(psiWarning))).orderBy(col("psi").desc()).collectAsList()) {
            drift.add(values(m, "variable", "psi", "verdict"));
          }
        }
      }
    }
    return new LookupResult(code, registry != null, registry, events, snapshot, profile, flags, abnormal, score, drift);
  }

  private static Dataset<Row> table(SparkSession spark, String path) {
    try {
      Path p = new Path(path + "/_delta_log");
      return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p)
          ? spark.read().format("delta").load(path) : null;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Map<String, Object> values(Row r, String... columns) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String c : columns) {
      Object v = r.get(r.fieldIndex(c));
      if (v instanceof Date d) {
        v = d.toLocalDate();
      } else if (v instanceof scala.collection.Map<?, ?> m) {
        v = scala.jdk.javaapi.CollectionConverters.asJava(m);
      }
      out.put(c, v);
    }
    return out;
  }
}
