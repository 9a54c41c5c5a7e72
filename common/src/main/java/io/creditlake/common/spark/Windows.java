package io.creditlake.common.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.WindowSpec;

/** Window idioms the jobs share. */
public final class Windows {

  private static final String N = "_first_n";

  private Windows() {}

  /**
   * The first row of each partition of {@code window} in its order, with the rows' own columns
   * only. Ties in the order are Spark's choice: order on enough columns to make it one row.
   */
  public static Dataset<Row> first(Dataset<Row> rows, WindowSpec window) {
    return rows.withColumn(N, row_number().over(window)).filter(col(N).equalTo(1)).drop(N);
  }
}
