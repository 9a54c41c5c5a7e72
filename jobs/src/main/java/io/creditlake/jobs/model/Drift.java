package io.creditlake.jobs.model;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import org.apache.spark.ml.feature.Bucketizer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Counts over fixed bands, the inputs of the population stability index. */
final class Drift {

  private Drift() {}

  /** Rows per band of {@code column} between the splits: below the first, …, at or above the last. */
  static long[] counts(Dataset<Row> rows, String column, List<Double> splits) {
    double[] s = new double[splits.size() + 2];
    s[0] = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < splits.size(); i++) {
      s[i + 1] = splits.get(i);
    }
    s[s.length - 1] = Double.POSITIVE_INFINITY;
    long[] out = new long[s.length - 1];
    Dataset<Row> b = new Bucketizer().setInputCol(column).setOutputCol("_band").setSplits(s).setHandleInvalid("skip")
        .transform(rows.select(col(column).cast("double").as(column)));
    for (Row r : b.groupBy("_band").count().collectAsList()) {
      out[(int) r.getDouble(0)] = r.getLong(1);
    }
    return out;
  }
}
