package io.creditlake.common.lake;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditlake.common.spark.TestSpark;
import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replace reports its own commit and the rows it wrote, also when other writers commit to the
 * same table at the same time, and reports nothing when Delta committed nothing.
 */
class DeltaTablesTest {

  static final StructType SCHEMA = new StructType().add("part", DataTypes.StringType, false)
      .add("n", DataTypes.IntegerType, false);

  @TempDir
  Path tmp;

  @Test
  void eachReplaceReportsItsOwnCommitAmongConcurrentOnes() throws Exception {
    SparkSession spark = TestSpark.get();
    String path = tmp.resolve("t").toString();
    DeltaTables.ensure(spark, path, SCHEMA, "test table", "part");
    DeltaTables.Commit first = DeltaTables.replace(rows(spark, "a", 3), path, "part = 'a'");
    assertThat(first).isEqualTo(new DeltaTables.Commit(1, 3));
    DeltaTables.Commit again = DeltaTables.replace(rows(spark, "a", 2), path, "part = 'a'");
    assertThat(again).isEqualTo(new DeltaTables.Commit(2, 2));

    // four writers at once, each into its own partition, each with its own number of rows
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<DeltaTables.Commit>> futures = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String part = "p" + i;
      int n = 10 + i;
      futures.add(pool.submit(() -> DeltaTables.replace(rows(spark, part, n), path, "part = '" + part + "'")));
    }
    List<Long> versions = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      DeltaTables.Commit c = futures.get(i).get();
      assertThat(c.rowsWritten()).as("writer %d", i).isEqualTo(10 + i);
      versions.add(c.version());
    }
    pool.shutdown();
    assertThat(versions).containsExactlyInAnyOrder(3L, 4L, 5L, 6L);
    // and each version is the one that wrote that writer's partition, as Delta's history says
    Map<Long, String> predicates = new HashMap<>();
    for (Row h : DeltaTable.forPath(spark, path).history().select("version", "operationParameters")
        .collectAsList()) {
      predicates.put(h.getLong(0), String.valueOf(h.<String, String>getJavaMap(1).get("predicate")));
    }
    for (int i = 0; i < 4; i++) {
      assertThat(predicates.get(versions.get(i))).as("writer %d's commit", i).contains("p" + i);
    }
  }

  @Test
  void aTaggedCommitIsFoundBehindLaterOnesAndATagNoCommitCarriesIsNot() {
    SparkSession spark = TestSpark.get();
    String path = tmp.resolve("t").toString();
    DeltaTables.ensure(spark, path, SCHEMA, "test table", "part");
    rows(spark, "a", 5).write().format("delta").mode("append").option("userMetadata", "creditlake:mine").save(path);
    DeltaTables.replace(rows(spark, "b", 2), path, "part = 'b'");
    DeltaTables.replace(rows(spark, "c", 1), path, "part = 'c'");
    assertThat(DeltaTables.commitTagged(spark, path, "creditlake:mine")).as("two commits behind the latest")
        .isEqualTo(new DeltaTables.Commit(1, 5));
    assertThat(DeltaTables.commitTagged(spark, path, "creditlake:not-a-commit")).isEqualTo(new DeltaTables.Commit(-1, 0));
  }

  private static Dataset<Row> rows(SparkSession spark, String part, int n) {
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(RowFactory.create(part, i));
    }
    return spark.createDataFrame(out, SCHEMA);
  }
}
