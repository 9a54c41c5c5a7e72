package io.creditlake.jobs.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditlake.common.spark.TestSpark;
import io.creditlake.jobs.profile.ProfileFeatures;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Labels without leakage, on rows written by hand: snapshot t = 2025-06-30, horizon 6 months, so
 * the label window is (2025-06-30, 2025-12-31]; events known to the lake by 2026-01-15 count.
 */
class TrainingSetTest {

  static final LocalDate T = LocalDate.of(2025, 6, 30);
  static final LocalDate KNOWN_BY = LocalDate.of(2026, 1, 15);

  static final StructType PROFILE = new StructType()
      .add(ProfileFeatures.SNAPSHOT_DATE, DataTypes.DateType).add(ProfileFeatures.USCC, DataTypes.StringType)
      .add(ProfileFeatures.IS_ACTIVE, DataTypes.BooleanType).add(ProfileFeatures.ABNORMAL_ON_LIST, DataTypes.BooleanType)
      .add(ProfileFeatures.DISHONEST_NOW, DataTypes.BooleanType)
      .add(ProfileFeatures.LOAN_NPL_BALANCE, DataTypes.createDecimalType(20, 2));
  static final StructType EVENTS = new StructType().add(AdverseEvents.USCC, DataTypes.StringType)
      .add(AdverseEvents.EVENT, DataTypes.StringType).add(AdverseEvents.DATE, DataTypes.DateType)
      .add(AdverseEvents.KNOWN, DataTypes.DateType);

  private static Row profile(String uscc, boolean active, boolean abnormal, boolean dishonest, String npl) {
    return RowFactory.create(Date.valueOf(T), uscc, active, abnormal, dishonest, new java.math.BigDecimal(npl));
  }

  private static Row event(String uscc, String date, String known) {
    return RowFactory.create(uscc, "ABNORMAL_LISTED", Date.valueOf(date), Date.valueOf(known));
  }

  @Test
  void onlyAnEventInsideTheWindowThatTheLakeKnewOfByTheTrainingDateIsAPositive() {
    SparkSession spark = TestSpark.get();
    List<Row> profiles = new ArrayList<>();
    for (String u : List.of("ON_SNAPSHOT_DAY", "DAY_AFTER", "LAST_DAY", "DAY_PAST_WINDOW", "KNOWN_TOO_LATE", "BEFORE",
        "NONE", "TWO_EVENTS")) {
      profiles.add(profile(u, true, false, false, "0.00"));
    }
    profiles.add(profile("INACTIVE", false, false, false, "0.00"));
    profiles.add(profile("ON_LIST", true, true, false, "0.00"));
    profiles.add(profile("DISHONEST", true, false, true, "0.00"));
    profiles.add(profile("NPL", true, false, false, "10.00"));
    Dataset<Row> events = spark.createDataFrame(List.of(
        event("ON_SNAPSHOT_DAY", "2025-06-30", "2025-07-02"),
        event("DAY_AFTER", "2025-07-01", "2025-07-05"),
        event("LAST_DAY", "2025-12-31", "2026-01-10"),
        event("DAY_PAST_WINDOW", "2026-01-01", "2026-01-02"),
        event("KNOWN_TOO_LATE", "2025-09-01", "2026-01-16"),
        event("BEFORE", "2025-03-01", "2025-03-05"),
        event("TWO_EVENTS", "2025-08-01", "2025-08-05"),
        event("TWO_EVENTS", "2025-09-01", "2025-09-05"),
        event("INACTIVE", "2025-08-01", "2025-08-05")), EVENTS);
    Dataset<Row> labelled = TrainingSet.label(spark.createDataFrame(profiles, PROFILE), events, List.of(T), 6, KNOWN_BY);
    List<String> rows = labelled.orderBy(ProfileFeatures.USCC).collectAsList().stream()
        .map(r -> r.getString(r.fieldIndex("uscc")) + "=" + r.getDouble(r.fieldIndex("label"))).toList();
    assertThat(rows).as("businesses not active or already in trouble are left out").containsExactly(
        "BEFORE=0.0", "DAY_AFTER=1.0", "DAY_PAST_WINDOW=0.0", "KNOWN_TOO_LATE=0.0", "LAST_DAY=1.0", "NONE=0.0",
        "ON_SNAPSHOT_DAY=0.0", "TWO_EVENTS=1.0");
  }

  @Test
  void theValidationSnapshotIsTheLatestMonthEndWhoseWindowHasClosed() {
    assertThat(TrainingSet.validationSnapshot(LocalDate.of(2026, 11, 20), 12)).isEqualTo(LocalDate.of(2025, 10, 31));
    assertThat(TrainingSet.validationSnapshot(LocalDate.of(2026, 10, 31), 12)).isEqualTo(LocalDate.of(2025, 10, 31));
    assertThat(TrainingSet.validationSnapshot(LocalDate.of(2026, 2, 28), 6)).isEqualTo(LocalDate.of(2025, 8, 31));
    assertThat(TrainingSet.trainingSnapshots(LocalDate.of(2025, 10, 31), 6, 3))
        .containsExactly(LocalDate.of(2025, 2, 28), LocalDate.of(2025, 3, 31), LocalDate.of(2025, 4, 30));
  }
}
