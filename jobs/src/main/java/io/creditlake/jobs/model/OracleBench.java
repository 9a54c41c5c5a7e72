package io.creditlake.jobs.model;

import static org.apache.spark.sql.functions.col;

import io.creditlake.common.config.ConfigLoader;
import io.creditlake.common.config.Settings;
import io.creditlake.common.spark.SparkSessions;
import io.creditlake.jobs.profile.ProfileFeatures;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.mllib.evaluation.BinaryClassificationMetrics;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * The quality bar's yardstick, for {@code bench/model}: the AUC of the generator's hidden risk
 * ({@code _truth/entities.csv}) on exactly the rows a model version was validated on, beside the
 * version's own AUC. Prints one JSON object per version. Not a user command: it needs the
 * generator's truth, which real data does not have.
 *
 * <p>Usage: {@code OracleBench CONFIG LAKE TRUTH_DIR VERSION...} (CONFIG empty for the default)
 */
public final class OracleBench {

  private OracleBench() {}

  public static void main(String[] args) {
    java.nio.file.Path config = args[0].isEmpty() ? null : java.nio.file.Path.of(args[0]);
    String lakeRoot = args[1];
    String truth = args[2];
    List<String> versions = List.of(args).subList(3, args.length);
    Settings settings = Settings.resolve(config, lakeRoot, null, new ConfigLoader());
    SparkSessions.with(settings.config(), "creditlake oracle bench", spark -> {
      for (String v : versions) {
        System.out.println(measure(spark, settings, truth, v));
      }
      return 0;
    });
  }

  static String measure(SparkSession spark, Settings settings, String truth, String version) {
    var m = settings.config().model();
    ModelMetadata meta = new ModelRegistry(spark, settings.lake(), m.name()).metadata(version);
    LocalDate v = meta.validation().snapshots().get(0);
    Dataset<Row> rows = TrainingSet.label(spark.read().format("delta").load(settings.lake().gold(ProfileFeatures.TABLE)),
        AdverseEvents.read(spark, settings.lake(), meta.label().events()), List.of(v), meta.label().horizonMonths(),
        meta.validation().knownBy());
    Dataset<Row> risk = spark.read().option("header", true).csv(truth + "/entities.csv")
        .select(col("uscc"), col("risk").cast("double").as("risk"));
    Dataset<Row> joined = rows.select(col(ProfileFeatures.USCC), col(Pipelines.LABEL)).join(risk, "uscc");
    BinaryClassificationMetrics oracle = new BinaryClassificationMetrics(joined.select("risk", Pipelines.LABEL).javaRDD()
        .map(r -> new Tuple2<Object, Object>(r.getDouble(0), r.getDouble(1))).rdd(), 1000);
    double oracleAuc = oracle.areaUnderROC();
    double auc = meta.metrics().get("auc");
    return String.format(java.util.Locale.ROOT,
        "{\"version\": \"%s\", \"family\": \"%s\", \"validation\": \"%s\", \"rows\": %d, \"positives\": %d, "
            + "\"auc\": %.4f, \"oracle_auc\": %.4f, \"ratio\": %.4f, \"ks\": %.4f, \"pr_auc\": %.4f, \"base_rate\": %.4f}",
        version, meta.family(), v, meta.validation().rows(), meta.validation().positives(), auc, oracleAuc,
        auc / oracleAuc, meta.metrics().get("ks"), meta.metrics().get("pr_auc"), meta.metrics().get("base_rate"));
  }
}
