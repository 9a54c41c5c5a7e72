package io.creditlake.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditlake.common.domain.Source;
import io.creditlake.jobs.TestLake;
import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lake's contract: every table ingest writes is readable by another Delta reader — Delta
 * Kernel, not Spark — with the pinned protocol, the same rows and the same schema.
 */
class KernelReadTest {

  @Test
  void everyIngestTableIsReadableWithDeltaKernel(@TempDir Path tmp) throws Exception {
    TestLake lake = new TestLake(tmp);
    LocalDate d = LocalDate.of(2026, 10, 8);
    lake.write(Source.LOAN, d, "loan_B05.csv", StandardCharsets.UTF_8, IngestJobTest.LOAN_HEADER,
        IngestJobTest.loan("L1", TestLake.uscc(1), "2026-09-30", "500000.00", "2026-10-08"),
        IngestJobTest.loan("L2", "bad", "2026-09-30", "1.00", "2026-10-08"),
        IngestJobTest.loan("L3", TestLake.uscc(3), "2026-09-30", "2.00", "2026-10-08"));
    new IngestJob(List.of("loan")).run(lake.spark(), lake.day(d));

    Engine engine = DefaultEngine.create(new Configuration());
    for (String table : List.of("bronze/loan", "silver/loan", "quarantine", "ops/runs", "bronze/tax", "silver/litigation")) {
      String path = lake.settings.lake().root() + "/" + table;
      Snapshot snapshot = Table.forPath(engine, path).getLatestSnapshot(engine);
      assertThat(snapshot.getProtocol().getMinReaderVersion()).as("%s reader version", table).isEqualTo(1);
      assertThat(snapshot.getProtocol().getMinWriterVersion()).as("%s writer version", table).isEqualTo(2);
      assertThat(snapshot.getSchema().fieldNames()).as("%s schema", table)
          .containsExactlyElementsOf(List.of(lake.table(table).columns()));
      assertThat(countRows(engine, snapshot)).as("%s rows read by Kernel", table).isEqualTo(lake.table(table).count());
    }
    assertThat(lake.table("silver/loan").count()).isEqualTo(2);

    // statistics only on the columns that prune files or that maintain Z-orders by
    for (String table : List.of("bronze/loan", "silver/loan")) {
      String path = lake.settings.lake().root() + "/" + table;
      java.util.Map<String, String> props = io.delta.tables.DeltaTable.forPath(lake.spark(), path).detail()
          .select("properties").first().getJavaMap(0);
      List<String> expected = table.startsWith("bronze") ? List.of("uscc", "_batch_date")
          : List.of("uscc", "_known_since", "_batch_date");
      assertThat(props).containsEntry("delta.dataSkippingStatsColumns", String.join(",", expected));
      List<org.apache.spark.sql.Row> stats = lake.spark().read().json(path + "/_delta_log/*.json")
          .filter("add IS NOT NULL").select("add.stats").collectAsList();
      assertThat(stats).isNotEmpty();
      for (org.apache.spark.sql.Row r : stats) {
        com.fasterxml.jackson.databind.JsonNode min = new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(r.getString(0)).path("minValues");
        List<String> keys = new java.util.ArrayList<>();
        min.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).as("%s: columns with statistics", table).containsExactlyInAnyOrderElementsOf(expected);
      }
    }
  }

  /** Reads every data file of the snapshot through Kernel and counts the selected rows. */
  private static long countRows(Engine engine, Snapshot snapshot) throws Exception {
    Scan scan = snapshot.getScanBuilder().build();
    Row scanState = scan.getScanState(engine);
    long rows = 0;
    try (CloseableIterator<FilteredColumnarBatch> files = scan.getScanFiles(engine)) {
      while (files.hasNext()) {
        try (CloseableIterator<Row> fileRows = files.next().getRows()) {
          while (fileRows.hasNext()) {
            Row fileRow = fileRows.next();
            FileStatus status = InternalScanFileUtils.getAddFileStatus(fileRow);
            CloseableIterator<io.delta.kernel.data.ColumnarBatch> data = engine.getParquetHandler()
                .readParquetFiles(io.delta.kernel.internal.util.Utils.singletonCloseableIterator(status),
                    ScanStateRow.getPhysicalDataReadSchema(scanState), Optional.empty())
                .map(FileReadResult::getData);
            try (CloseableIterator<FilteredColumnarBatch> logical = Scan.transformPhysicalData(engine, scanState, fileRow, data)) {
              while (logical.hasNext()) {
                FilteredColumnarBatch b = logical.next();
                Optional<ColumnVector> sel = b.getSelectionVector();
                for (int i = 0; i < b.getData().getSize(); i++) {
                  if (sel.isEmpty() || (!sel.get().isNullAt(i) && sel.get().getBoolean(i))) {
                    rows++;
                  }
                }
              }
            }
          }
        }
      }
    }
    return rows;
  }
}
