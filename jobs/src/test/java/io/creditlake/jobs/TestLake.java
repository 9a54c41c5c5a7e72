package io.creditlake.jobs;

import io.creditlake.common.config.ConfigLoader;
import io.creditlake.common.config.Settings;
import io.creditlake.common.domain.Source;
import io.creditlake.common.domain.Uscc;
import io.creditlake.common.spark.TestSpark;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A lake and an input folder under a test's temp folder, configured with the project's real
 * {@code conf/local.yaml} (so tests exercise the shipped header mappings), plus helpers to write
 * department files and read tables back.
 */
public final class TestLake {

  public static final String TAX_HEADER = "纳税人识别号,所属期止,税种,申报期限,申报日期,申报税额,实缴税额,欠税金额,纳税信用等级,评价年度,报送单位,报送日期";
  public static final String LOAN_HEADER = "贷款编号,借款人统一社会信用代码,贷款机构,报告期,贷款金额,贷款余额,发放日期,到期日期,逾期天数,五级分类,报送机构,报送日期";

  /** Headers and schemas as the departments send them (the project configuration). Registration arrives as Parquet with Chinese column names and real types. */
  public static final StructType REGISTRATION = new StructType()
      .add("记录编号", DataTypes.StringType).add("统一社会信用代码", DataTypes.StringType).add("企业名称", DataTypes.StringType)
      .add("市场主体类型", DataTypes.StringType).add("行业代码", DataTypes.StringType)
      .add("注册资本", DataTypes.createDecimalType(18, 2)).add("币种", DataTypes.StringType)
      .add("成立日期", DataTypes.DateType).add("行政区划代码", DataTypes.StringType).add("法定代表人", DataTypes.StringType)
      .add("法定代表人证件号码", DataTypes.StringType).add("登记状态", DataTypes.StringType).add("事项类型", DataTypes.StringType)
      .add("事项日期", DataTypes.DateType).add("变更事项", DataTypes.StringType).add("列入异常原因", DataTypes.StringType)
      .add("报送单位", DataTypes.StringType).add("报送日期", DataTypes.DateType);

  public static final Path PROJECT_CONF = Path.of("../conf/local.yaml");

  public final Path root;
  public final Path input;
  public final Settings settings;

  public TestLake(Path tmp) {
    this(tmp, PROJECT_CONF);
  }

  /** With another configuration file, e.g. a test profile under {@code src/test/resources}. */
  public TestLake(Path tmp, Path config) {
    this.root = tmp.resolve("lake");
    this.input = tmp.resolve("input");
    this.settings = Settings.resolve(config, root.toString(), input.toString(), new ConfigLoader(n -> null));
  }

  public SparkSession spark() {
    return TestSpark.get();
  }

  public JobContext day(LocalDate date) {
    return JobContext.of(settings, date, date);
  }

  public JobContext range(LocalDate from, LocalDate to) {
    return JobContext.of(settings, from, to);
  }

  /** Writes {@code input/<source>/<date>/<name>} in the given charset; lines joined with \n. */
  public Path write(Source source, LocalDate date, String name, Charset charset, String... lines) throws IOException {
    Path dir = input.resolve(source.id()).resolve(date.toString());
    Files.createDirectories(dir);
    Path file = dir.resolve(name);
    Files.write(file, (String.join("\n", lines) + "\n").getBytes(charset));
    return file;
  }

  /** One Parquet file at {@code input/<source>/<date>/<name>}, written by Spark, as a data platform exports it. */
  public Path writeParquet(Source source, LocalDate date, String name, org.apache.spark.sql.types.StructType schema,
      List<Row> rows) throws IOException {
    Path out = Files.createTempDirectory(root.getParent(), "spark-out");
    spark().createDataFrame(rows, schema).coalesce(1).write().mode("overwrite").parquet(out.resolve("p").toString());
    Path part;
    try (var files = Files.list(out.resolve("p"))) {
      part = files.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    Path dir = input.resolve(source.id()).resolve(date.toString());
    Files.createDirectories(dir);
    return Files.move(part, dir.resolve(name));
  }

  public Dataset<Row> table(String relative) {
    return spark().read().format("delta").load(settings.lake().root() + "/" + relative);
  }

  /** A valid USCC, distinct per {@code n}. */
  public static String uscc(int n) {
    return Uscc.build('9', '1', "440305", String.format("MA5F%04d", n));
  }

  /** Every row of a table sorted by the given columns, as strings, for exact comparison. */
  public List<String> rows(Dataset<Row> df, String... columns) {
    Dataset<Row> out = df.selectExpr(columns);
    return out.orderBy(java.util.Arrays.stream(out.columns()).map(org.apache.spark.sql.functions::col)
        .toArray(org.apache.spark.sql.Column[]::new)).collectAsList().stream().map(Row::toString).toList();
  }
}
