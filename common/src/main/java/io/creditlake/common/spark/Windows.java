package io.creditlake.common.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.Arrays;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;

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

  /**
   * A window partitioned by {@code keys}, its rows sorted on a hash of them first. Spark sorts a
   * window's rows on the partition keys, comparing an 8-byte prefix of the first before whole
   * rows; business codes and record keys share their first characters, so that prefix rarely
   * settles a comparison and most read the strings (JFR: a third of a night's profiles CPU at
   * 1/4 scale went to such comparisons). A hash first settles nearly all by the prefix alone.
   *
   * <p>The rows are then partitioned by the hash and the keys, which no later join or aggregation
   * names: one after the window shuffles again, even on the same keys or more.
   */
  public static WindowSpec partitionBy(String... keys) {
    Column[] columns = Arrays.stream(keys).map(functions::col).toArray(Column[]::new);
    return Window.partitionBy(
        Stream.concat(Stream.of(xxhash64(columns)), Arrays.stream(columns)).toArray(Column[]::new));
  }
}
