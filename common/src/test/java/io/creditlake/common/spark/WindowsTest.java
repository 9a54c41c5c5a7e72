package io.creditlake.common.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lag;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.junit.jupiter.api.Test;

class WindowsTest {

  @Test
  void firstKeepsOneRowPerPartitionInTheWindowsOrderAndNoHelperColumn() {
    Dataset<Row> rows = TestSpark.get().sql(
        "SELECT * FROM VALUES ('a', 3, 'x'), ('a', 1, 'y'), ('a', 2, 'z'), ('b', 5, 'p'), ('b', 7, 'q') AS t(k, v, s)");
    Dataset<Row> lowest = Windows.first(rows, Window.partitionBy("k").orderBy(col("v")));
    assertThat(lowest.columns()).containsExactly("k", "v", "s");
    assertThat(lowest.orderBy("k").collectAsList()).extracting(Row::toString).containsExactly("[a,1,y]", "[b,5,p]");
    List<Row> highest = Windows.first(rows, Window.partitionBy("k").orderBy(col("v").desc())).orderBy("k").collectAsList();
    assertThat(highest).extracting(Row::toString).containsExactly("[a,3,x]", "[b,7,q]");
  }

  @Test
  void partitionByKeepsEachKeysRowsApartAndSortsOnAHashOfThemFirst() {
    Dataset<Row> rows = TestSpark.get().sql("SELECT * FROM VALUES ('a', 'x', 1), ('a', 'x', 2), ('a', 'y', 5), "
        + "('b', 'x', 1), ('b', 'x', 3) AS t(k, j, v)");
    Dataset<Row> previous = rows.withColumn("p", lag(col("v"), 1).over(Windows.partitionBy("k", "j").orderBy("v")));
    assertThat(previous.orderBy("k", "j", "v").collectAsList()).extracting(Row::toString)
        .containsExactly("[a,x,1,null]", "[a,x,2,1]", "[a,y,5,null]", "[b,x,1,null]", "[b,x,3,1]");
    String plan = previous.queryExecution().executedPlan().toString();
    assertThat(plan).as("a long (the hash) sorted on before the keys")
        .containsPattern("Sort \\[\\w+#\\d+L ASC NULLS FIRST, k#\\d+ ASC NULLS FIRST, j#\\d+ ASC");
    assertThat(plan).as("and partitioned on with them").containsPattern("hashpartitioning\\(\\w+#\\d+L, k#\\d+, j#\\d+");
  }
}
