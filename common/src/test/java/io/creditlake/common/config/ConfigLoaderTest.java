package io.creditlake.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.creditlake.common.errors.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  /** The tax source of conf/creditlake.yaml, minus the settings that have defaults. */
  private static final String TAX_SOURCE = """
        - name: tax
          path: "tax/{date}/*.csv"
          columns:
            纳税人识别号: uscc
            所属期止: tax_period
            税种: tax_type
            申报期限: due_date
            申报日期: filing_date
            申报税额: declared_amount
            实缴税额: paid_amount
            欠税金额: overdue_amount
            纳税信用等级: credit_level
            评价年度: credit_year
            报送单位: reporting_unit
            报送日期: submit_date
          key: [uscc, tax_period, tax_type]
          required: [uscc, tax_period, tax_type, reporting_unit, submit_date]
          reportingUnit: reporting_unit
          eventDate: tax_period
          submissionDate: submit_date
      """;

  private static final String MINIMAL = "sources:\n" + TAX_SOURCE;

  private static final String LOAN_SOURCE = """
        - name: loan
          path: "loan/{date}/*.csv"
          columns:
            LOAN_ID: loan_id
            BORROWER_USCC: uscc
            REPORT_MONTH: report_month
            BALANCE: balance
            FIVE_CLASS: classification
            REPORTING_INSTITUTION: reporting_unit
            SUBMIT_DATE: submit_date
          key: [loan_id, report_month]
          required: [loan_id, report_month]
          reportingUnit: reporting_unit
          eventDate: report_month
          submissionDate: submit_date
          values:
            classification: {"1": NORMAL, "5": LOSS}
      """;

  @TempDir
  Path dir;

  private final Map<String, String> env = new HashMap<>();
  private final ConfigLoader loader = new ConfigLoader(env::get);

  private Path write(String name, String yaml) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, yaml);
    return p;
  }

  private CreditLakeConfig load(String yaml) throws IOException {
    return loader.load(write("c.yaml", yaml));
  }

  private ConfigException failure(String yaml) throws IOException {
    Path p = write("c.yaml", yaml);
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(p));
    assertThat(e).as("loading should fail:\n%s", yaml).isNotNull();
    assertThat(e.getMessage()).as("message starts with the file").startsWith(p + ": ");
    return e;
  }

  /** Replaces text that must be in the template, so a changed template fails loudly. */
  private static String replace(String s, String from, String to) {
    assertThat(s).as("template").contains(from);
    return s.replace(from, to);
  }

  // ---------------------------------------------------------------- binding and defaults

  @Test
  void minimalConfigBindsWithDefaults() throws IOException {
    CreditLakeConfig c = load(MINIMAL);

    assertThat(c.lake()).isEqualTo("./lake");
    assertThat(c.input()).isEqualTo("./sample-data");
    assertThat(c.timezone()).isEqualTo("Asia/Shanghai");
    assertThat(c.zone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
    assertThat(c.spark().master()).isEqualTo("local[*]");
    assertThat(c.spark().shufflePartitions()).isEqualTo(8);
    assertThat(c.spark().conf()).isEmpty();
    assertThat(c.masking().key()).isNull();
    assertThat(c.sources()).hasSize(1);

    SourceConfig tax = c.source("tax").orElseThrow();
    assertThat(tax.name()).isEqualTo("tax");
    assertThat(tax.format()).as("format default").isEqualTo("csv");
    assertThat(tax.encoding()).as("encoding default").isEqualTo("UTF-8");
    assertThat(tax.delimiter()).as("delimiter default").isEqualTo(",");
    assertThat(tax.dateFormats()).as("dateFormats default").containsExactly("yyyy-MM-dd");
    assertThat(tax.thousandsSeparator()).isEqualTo(",");
    assertThat(tax.ignoredColumns()).isEmpty();
    assertThat(tax.values()).isEmpty();
    assertThat(tax.path()).isEqualTo("tax/{date}/*.csv");
    assertThat(tax.pathFor(LocalDate.of(2024, 3, 31))).isEqualTo("tax/2024-03-31/*.csv");
    assertThat(tax.columns()).as("header order is kept").containsExactly(
        Map.entry("纳税人识别号", "uscc"),
        Map.entry("所属期止", "tax_period"),
        Map.entry("税种", "tax_type"),
        Map.entry("申报期限", "due_date"),
        Map.entry("申报日期", "filing_date"),
        Map.entry("申报税额", "declared_amount"),
        Map.entry("实缴税额", "paid_amount"),
        Map.entry("欠税金额", "overdue_amount"),
        Map.entry("纳税信用等级", "credit_level"),
        Map.entry("评价年度", "credit_year"),
        Map.entry("报送单位", "reporting_unit"),
        Map.entry("报送日期", "submit_date"));
    assertThat(tax.headerFor()).containsEntry("uscc", "纳税人识别号").containsEntry("submit_date", "报送日期")
        .hasSize(12);
    assertThat(tax.key()).containsExactly("uscc", "tax_period", "tax_type");
    assertThat(tax.required()).containsExactly("uscc", "tax_period", "tax_type", "reporting_unit", "submit_date");
    assertThat(tax.reportingUnit()).isEqualTo("reporting_unit");
    assertThat(tax.eventDate()).isEqualTo("tax_period");
    assertThat(tax.submissionDate()).isEqualTo("submit_date");
    assertThat(tax.source()).isEqualTo(io.creditlake.common.domain.Source.TAX);
  }

  @Test
  void explicitSettingsBind() throws IOException {
    String yaml = """
        lake: s3a://bucket/lake
        input: /data/in
        timezone: Europe/Berlin
        spark:
          master: "local[2]"
          shufflePartitions: 3
          conf:
            spark.sql.adaptive.enabled: "false"
        masking:
          key: secret
        """ + MINIMAL.replace("    path: \"tax/{date}/*.csv\"\n", """
            path: "tax/{date}/*.csv"
            encoding: GBK
            delimiter: "|"
            dateFormats: ["yyyyMMdd", "yyyy-MM-dd"]
            thousandsSeparator: " "
            ignoredColumns: [备注]
            values:
              credit_level: {A级: A, B级: B}
        """);
    CreditLakeConfig c = load(yaml);
    assertThat(c.lake()).isEqualTo("s3a://bucket/lake");
    assertThat(c.input()).isEqualTo("/data/in");
    assertThat(c.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(c.spark().master()).isEqualTo("local[2]");
    assertThat(c.spark().shufflePartitions()).isEqualTo(3);
    assertThat(c.spark().conf()).containsExactly(Map.entry("spark.sql.adaptive.enabled", "false"));
    assertThat(c.masking().key()).isEqualTo("secret");
    SourceConfig tax = c.sources().get(0);
    assertThat(tax.encoding()).isEqualTo("GBK");
    assertThat(tax.charset().name()).isEqualTo("GBK");
    assertThat(tax.delimiter()).isEqualTo("|");
    assertThat(tax.dateFormats()).containsExactly("yyyyMMdd", "yyyy-MM-dd");
    assertThat(tax.thousandsSeparator()).isEqualTo(" ");
    assertThat(tax.ignoredColumns()).containsExactly("备注");
    assertThat(tax.values()).containsExactly(Map.entry("credit_level", Map.of("A级", "A", "B级", "B")));
  }

  // ---------------------------------------------------------------- unknown keys, bad types

  @Test
  void unknownTopLevelKeyIsNamed() throws IOException {
    ConfigException e = failure("lakes: /tmp/x\n" + MINIMAL);
    assertThat(e.problems()).hasSize(1);
    assertThat(e.problems().get(0)).startsWith("unknown key 'lakes' at lakes");
    assertThat(e.getMessage()).contains("'lakes'");
  }

  @Test
  void unknownKeyInSourceIsNamedWithItsPath() throws IOException {
    ConfigException e = failure(replace(MINIMAL, "    columns:\n", "    colums:\n"));
    assertThat(e.problems()).hasSize(1);
    assertThat(e.problems().get(0)).startsWith("unknown key 'colums' at sources[0].colums");
  }

  @Test
  void unknownKeyInSparkIsNamedWithItsPath() throws IOException {
    ConfigException e = failure("spark:\n  shufflePartition: 4\n" + MINIMAL);
    assertThat(e.problems().get(0)).startsWith("unknown key 'shufflePartition' at spark.shufflePartition");
  }

  @Test
  void badValueTypeIsNamedWithItsPath() throws IOException {
    ConfigException e = failure("spark:\n  shufflePartitions: many\n" + MINIMAL);
    assertThat(e.problems()).hasSize(1);
    assertThat(e.problems().get(0)).startsWith("bad value at spark.shufflePartitions: ").contains("many");
  }

  @Test
  void listWhereMappingExpectedIsNamed() throws IOException {
    ConfigException e = failure(replace(MINIMAL, "    key: [uscc, tax_period, tax_type]\n",
        "    key: {a: b}\n"));
    assertThat(e.problems().get(0)).startsWith("bad value at sources[0].key");
  }

  @Test
  void topLevelMustBeAMapping() throws IOException {
    ConfigException e = failure("- a\n- b\n");
    assertThat(e.problems()).containsExactly("expected a YAML mapping at the top level");
  }

  @Test
  void unreadableYamlIsReported() throws IOException {
    ConfigException e = failure("sources: [\n  - {name: tax\n");
    assertThat(e.problems().get(0)).startsWith("not readable YAML: ");
  }

  // ---------------------------------------------------------------- validator problems

  @Test
  void noSources() throws IOException {
    ConfigException e = failure("lake: /x\n");
    assertThat(e.problems()).containsExactly(
        "sources: none declared; declare at least one of registration, tax, loan, litigation");
  }

  @Test
  void unknownSourceName() throws IOException {
    ConfigException e = failure(replace(MINIMAL, "name: tax", "name: taxes"));
    assertThat(e.problems()).containsExactly(
        "sources[0] (taxes).name must be one of registration, tax, loan, litigation, got: taxes");
  }

  @Test
  void sourceDeclaredTwice() throws IOException {
    ConfigException e = failure(MINIMAL + TAX_SOURCE);
    assertThat(e.problems()).containsExactly("sources[1] (tax).name: source declared twice");
  }

  @Test
  void sourceOwingTwice() throws IOException {
    String obligation = """
          - source: tax
            expected: received
            deadlineDays: 10
        """;
    ConfigException e = failure(MINIMAL + "rates:\n  obligations:\n" + obligation + obligation);
    assertThat(e.problems()).containsExactly("rates.obligations[1] (tax): a second obligation for tax; give each source one");
  }

  @Test
  void pathWithoutDate() throws IOException {
    ConfigException e = failure(replace(MINIMAL, "\"tax/{date}/*.csv\"", "\"tax/*.csv\""));
    assertThat(e.problems()).containsExactly("sources[0] (tax).path must contain {date}, got: tax/*.csv");
  }

  @Test
  void missingPath() throws IOException {
    ConfigException e = failure(replace(MINIMAL, "    path: \"tax/{date}/*.csv\"\n", ""));
    assertThat(e.problems()).containsExactly("sources[0] (tax).path must contain {date}, got: null");
  }

  @Test
  void unknownFormat() throws IOException {
    ConfigException e = failure(replace(MINIMAL, "    path:", "    format: xlsx\n    path:"));
    assertThat(e.problems()).containsExactly("sources[0] (tax).format must be one of [csv, jsonl, parquet], got: xlsx");
  }

  @Test
  void unknownCharset() throws IOException {
    ConfigException e = failure(replace(MINIMAL, "    path:", "    encoding: NO-SUCH-CHARSET\n    path:"));
    assertThat(e.problems()).containsExactly(
        "sources[0] (tax).encoding: unknown charset 'NO-SUCH-CHARSET' (use UTF-8 or GBK)");
  }

  @Test
  void illegalCharsetName() throws IOException {
    ConfigException e = failure(replace(MINIMAL, "    path:", "    encoding: \"UTF 8\"\n    path:"));
    assertThat(e.problems()).containsExactly(
        "sources[0] (tax).encoding: unknown charset 'UTF 8' (use UTF-8 or GBK)");
  }

  @Test
  void delimiterOfTwoCharacters() throws IOException {
    ConfigException e = failure(replace(MINIMAL, "    path:", "    delimiter: \";;\"\n    path:"));
    assertThat(e.problems()).containsExactly("sources[0] (tax).delimiter must be one character, got: ';;'");
  }

  @Test
  void headerMappedToUnknownColumn() throws IOException {
    ConfigException e = failure(replace(MINIMAL, "      报送日期: submit_date\n",
        "      报送日期: submit_date\n      备注: remark\n"));
    assertThat(e.problems()).hasSize(1);
    assertThat(e.problems().get(0)).isEqualTo(
        "sources[0] (tax).columns: header '备注' maps to unknown column 'remark' (tax has: uscc, tax_period, "
            + "tax_type, due_date, filing_date, declared_amount, paid_amount, overdue_amount, credit_level, "
            + "credit_year, reporting_unit, submit_date)");
  }

  @Test
  void columnMappedFromTwoHeaders() throws IOException {
    ConfigException e = failure(replace(MINIMAL, "      报送日期: submit_date\n",
        "      报送日期: submit_date\n      提交日期: submit_date\n"));
    assertThat(e.problems()).containsExactly(
        "sources[0] (tax).columns: column 'submit_date' is mapped from two headers");
  }

  @Test
  void keyColumnNotMapped() throws IOException {
    String yaml = replace(MINIMAL, "      纳税信用等级: credit_level\n", "");
    yaml = replace(yaml, "key: [uscc, tax_period, tax_type]", "key: [uscc, tax_period, tax_type, credit_level]");
    yaml = replace(yaml, "required: [uscc,", "required: [credit_level, uscc,");
    ConfigException e = failure(yaml);
    assertThat(e.problems()).containsExactly(
        "sources[0] (tax).key: column 'credit_level' is not mapped from any header",
        "sources[0] (tax).required: column 'credit_level' is not mapped from any header");
    assertThat(e.getMessage()).contains("2 problems: ");
  }

  @Test
  void noKey() throws IOException {
    ConfigException e = failure(replace(MINIMAL, "    key: [uscc, tax_period, tax_type]\n", ""));
    assertThat(e.problems()).containsExactly(
        "sources[0] (tax).key: no record key; name the columns that identify a record");
  }

  @Test
  void requiredMissingAKeyColumn() throws IOException {
    ConfigException e = failure(replace(MINIMAL, "required: [uscc, tax_period, tax_type,",
        "required: [uscc, tax_period,"));
    assertThat(e.problems()).containsExactly("sources[0] (tax).required must include key column 'tax_type'");
  }

  @Test
  void eventDateOfWrongType() throws IOException {
    ConfigException e = failure(replace(MINIMAL, "eventDate: tax_period", "eventDate: declared_amount"));
    assertThat(e.problems()).containsExactly(
        "sources[0] (tax).eventDate: column 'declared_amount' must be of type DATE");
  }

  @Test
  void eventDateNotMappedOrAbsent() throws IOException {
    String yaml = replace(MINIMAL, "eventDate: tax_period", "eventDate: no_such_column");
    assertThat(failure(yaml).problems()).containsExactly(
        "sources[0] (tax).eventDate: column 'no_such_column' is not mapped from any header");
    yaml = replace(MINIMAL, "    eventDate: tax_period\n", "");
    assertThat(failure(yaml).problems()).containsExactly("sources[0] (tax).eventDate is required");
  }

  @Test
  void reportingUnitAndSubmissionDateOfWrongType() throws IOException {
    String yaml = replace(MINIMAL, "reportingUnit: reporting_unit", "reportingUnit: paid_amount");
    yaml = replace(yaml, "submissionDate: submit_date", "submissionDate: tax_type");
    assertThat(failure(yaml).problems()).containsExactly(
        "sources[0] (tax).reportingUnit: column 'paid_amount' must be of type STRING",
        "sources[0] (tax).submissionDate: column 'tax_type' must be of type DATE");
  }

  @Test
  void badDateFormat() throws IOException {
    ConfigException e = failure(replace(MINIMAL, "    path:", "    dateFormats: [\"yyyy-MM-dd{\"]\n    path:"));
    assertThat(e.problems()).hasSize(1);
    assertThat(e.problems().get(0)).startsWith("sources[0] (tax).dateFormats: bad pattern 'yyyy-MM-dd{': ");
  }

  @Test
  void valueLabelMappingToCodeNotAllowed() throws IOException {
    ConfigException e = failure(MINIMAL + "    values:\n      credit_level: {A级: A, 优秀: EXCELLENT}\n");
    assertThat(e.problems()).containsExactly(
        "sources[0] (tax).values.credit_level: label '优秀' maps to 'EXCELLENT', which is not one of [A, B, M, C, D]");
  }

  @Test
  void valuesForColumnThatIsNotACode() throws IOException {
    ConfigException e = failure(MINIMAL + "    values:\n      tax_type: {增值税: VAT}\n");
    assertThat(e.problems()).containsExactly("sources[0] (tax).values: 'tax_type' is not a code column of tax");
  }

  @Test
  void badTimezoneAndShufflePartitions() throws IOException {
    ConfigException e = failure("timezone: Mars/Olympus\nspark:\n  shufflePartitions: 0\n" + MINIMAL);
    assertThat(e.problems()).containsExactly(
        "timezone: unknown zone 'Mars/Olympus'",
        "spark.shufflePartitions must be ≥ 1, got: 0");
  }

  @Test
  void problemsOfSeveralSourcesAreAllReported() throws IOException {
    String yaml = replace(MINIMAL, "\"tax/{date}/*.csv\"", "\"tax/*.csv\"")
        + replace(LOAN_SOURCE, "\"5\": LOSS", "\"5\": WRITTEN_OFF");
    ConfigException e = failure(yaml);
    assertThat(e.problems()).containsExactly(
        "sources[0] (tax).path must contain {date}, got: tax/*.csv",
        "sources[1] (loan).values.classification: label '5' maps to 'WRITTEN_OFF', which is not one of "
            + "[NORMAL, SPECIAL_MENTION, SUBSTANDARD, DOUBTFUL, LOSS]");
  }

  // ---------------------------------------------------------------- environment

  @Test
  void envVariableIsResolved() throws IOException {
    env.put("LAKE_ROOT", "s3a://bucket/lake");
    env.put("MASK", "k$1\\x");
    CreditLakeConfig c = load("lake: ${env:LAKE_ROOT}\nmasking:\n  key: \"pre-${env:MASK}-post\"\n" + MINIMAL);
    assertThat(c.lake()).isEqualTo("s3a://bucket/lake");
    assertThat(c.masking().key()).as("replacement is literal").isEqualTo("pre-k$1\\x-post");
  }

  @Test
  void envVariableInListAndNestedMapping() throws IOException {
    env.put("FMT", "yyyyMMdd");
    env.put("PARTS", "12");
    env.put("SUB", "taxes");
    String yaml = "spark:\n  shufflePartitions: ${env:PARTS}\n  conf:\n    a.b: ${env:SUB}\n"
        + replace(MINIMAL, "\"tax/{date}/*.csv\"", "\"${env:SUB}/{date}/*.csv\"\n    dateFormats: [\"${env:FMT}\", yyyy-MM-dd]");
    CreditLakeConfig c = load(yaml);
    assertThat(c.spark().shufflePartitions()).isEqualTo(12);
    assertThat(c.spark().conf()).containsExactly(Map.entry("a.b", "taxes"));
    assertThat(c.sources().get(0).path()).isEqualTo("taxes/{date}/*.csv");
    assertThat(c.sources().get(0).dateFormats()).containsExactly("yyyyMMdd", "yyyy-MM-dd");
  }

  @Test
  void envDefaultUsedWhenUnset() throws IOException {
    env.put("SET_ONE", "/from/env");
    CreditLakeConfig c = load("lake: ${env:UNSET_ONE:-/default/lake}\ninput: ${env:SET_ONE:-/ignored}\n"
        + "masking:\n  key: ${env:NO_KEY:-}\n" + MINIMAL);
    assertThat(c.lake()).isEqualTo("/default/lake");
    assertThat(c.input()).isEqualTo("/from/env");
    assertThat(c.masking().key()).as("empty default").isEqualTo("");
  }

  @Test
  void unsetVariableWithoutDefaultNamesKeyAndVariable() throws IOException {
    ConfigException e = failure("masking:\n  key: ${env:CL_TEST_MASK_KEY}\n" + MINIMAL);
    assertThat(e.problems()).containsExactly("'masking.key' refers to environment variable CL_TEST_MASK_KEY, "
        + "which is not set; export it or give a default as ${env:CL_TEST_MASK_KEY:-value}");
  }

  @Test
  void unsetVariableInListNamesIndexedKey() throws IOException {
    ConfigException e = failure(replace(MINIMAL, "\"tax/{date}/*.csv\"",
        "\"tax/{date}/*.csv\"\n    dateFormats: [yyyy-MM-dd, \"${env:CL_FMT}\"]"));
    assertThat(e.problems()).hasSize(1);
    assertThat(e.problems().get(0)).startsWith("'sources[0].dateFormats[1]' refers to environment variable CL_FMT,");
  }

  // ---------------------------------------------------------------- extends

  @Test
  void extendsDeepMergesOverlayWinsListsReplaced() throws IOException {
    write("conf/base.yaml", """
        lake: /base/lake
        input: /base/in
        spark:
          master: "local[2]"
          shufflePartitions: 16
          conf:
            a: "1"
            b: "2"
        sources:
        """ + TAX_SOURCE + LOAN_SOURCE);
    Path profile = write("conf/profile.yaml", """
        extends: base.yaml
        lake: /profile/lake
        spark:
          shufflePartitions: 3
          conf:
            b: "20"
            c: "30"
        sources:
        """ + LOAN_SOURCE);
    CreditLakeConfig c = loader.load(profile);
    assertThat(c.lake()).as("overlay wins").isEqualTo("/profile/lake");
    assertThat(c.input()).as("kept from base").isEqualTo("/base/in");
    assertThat(c.spark().master()).as("kept from base").isEqualTo("local[2]");
    assertThat(c.spark().shufflePartitions()).isEqualTo(3);
    assertThat(c.spark().conf()).as("maps merge deeply")
        .containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "b", "20", "c", "30"));
    assertThat(c.sources()).as("lists are replaced, not merged").extracting(SourceConfig::name)
        .containsExactly("loan");
  }

  @Test
  void extendsRelativePathResolvesNextToTheFile() throws IOException {
    write("shared/base.yaml", MINIMAL);
    Path profile = write("profiles/dev/dev.yaml", "extends: ../../shared/base.yaml\nlake: /dev/lake\n");
    CreditLakeConfig c = loader.load(profile);
    assertThat(c.lake()).isEqualTo("/dev/lake");
    assertThat(c.sources()).extracting(SourceConfig::name).containsExactly("tax");
  }

  @Test
  void extendsChain() throws IOException {
    write("a.yaml", MINIMAL + "lake: /a\ninput: /a\n");
    write("b.yaml", "extends: a.yaml\nlake: /b\ntimezone: UTC\n");
    Path c3 = write("c3.yaml", "extends: b.yaml\ninput: /c\n");
    CreditLakeConfig c = loader.load(c3);
    assertThat(c.lake()).isEqualTo("/b");
    assertThat(c.input()).isEqualTo("/c");
    assertThat(c.timezone()).isEqualTo("UTC");
  }

  @Test
  void extendsCycleIsReported() throws IOException {
    write("x.yaml", "extends: y.yaml\n");
    Path y = write("y.yaml", "extends: x.yaml\n");
    assertThatThrownBy(() -> loader.load(y))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'extends' nests deeper than 5 files");
  }

  @Test
  void extendsMissingFileIsReported() throws IOException {
    Path p = write("p.yaml", "extends: nowhere.yaml\n" + MINIMAL);
    assertThatThrownBy(() -> loader.load(p))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("nowhere.yaml");
  }

  @Test
  void extendsMustBeText() throws IOException {
    ConfigException e = failure("extends: [a.yaml]\n" + MINIMAL);
    assertThat(e.problems()).containsExactly("'extends' must name a file, got: [\"a.yaml\"]");
  }

  @Test
  void missingFile() {
    Path missing = dir.resolve("absent.yaml");
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(missing));
    assertThat(e).isNotNull();
    assertThat(e.getMessage()).isEqualTo(
        missing + ": no such file; --config takes a YAML file such as conf/local.yaml");
    assertThat(e.problems()).hasSize(1);
  }

  @Test
  void directoryIsNotAFile() {
    assertThatThrownBy(() -> loader.load(dir)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("no such file");
  }

  // ---------------------------------------------------------------- the project's files

  @Test
  void projectLocalProfileLoads() {
    CreditLakeConfig c = loader.load(Path.of("../conf/local.yaml"));
    assertThat(c.sources()).extracting(SourceConfig::name)
        .containsExactly("registration", "tax", "loan", "litigation");
    SourceConfig tax = c.source("tax").orElseThrow();
    assertThat(tax.encoding()).isEqualTo("GBK");
    assertThat(tax.dateFormats()).containsExactly("yyyyMMdd", "yyyy-MM-dd");
    assertThat(c.sources()).extracting(SourceConfig::format).as("one source in each format")
        .containsExactly("parquet", "csv", "csv", "jsonl");
    assertThat(c.source("loan").orElseThrow().encoding()).isEqualTo("UTF-8");
    assertThat(c.source("loan").orElseThrow().values().get("classification"))
        .containsEntry("正常", "NORMAL").containsEntry("损失", "LOSS").hasSize(5);
    assertThat(c.lake()).isEqualTo("./lake");
    assertThat(c.input()).isEqualTo("./sample-data");
    assertThat(c.timezone()).isEqualTo("Asia/Shanghai");
    assertThat(c.spark().master()).isEqualTo("local[*]");
    assertThat(c.spark().shufflePartitions()).isEqualTo(32);
    assertThat(c.spark().conf()).containsEntry("spark.databricks.delta.snapshotPartitions", "2");
    assertThat(c.masking().key()).as("CREDITLAKE_MASK_KEY unset: empty default").isEqualTo("");
  }

  @Test
  void projectLocalProfileReadsMaskKeyFromEnvironment() {
    env.put("CREDITLAKE_MASK_KEY", "s3cret");
    CreditLakeConfig c = loader.load(Path.of("../conf/local.yaml"));
    assertThat(c.masking().key()).isEqualTo("s3cret");
  }

  @Test
  void projectSharedFileLoadsOnItsOwn() {
    CreditLakeConfig c = loader.load(Path.of("../conf/creditlake.yaml"));
    assertThat(c.sources()).hasSize(4);
    assertThat(c.spark().shufflePartitions()).as("default").isEqualTo(8);
    List<String> litigationKey = c.source("litigation").orElseThrow().key();
    assertThat(litigationKey).containsExactly("case_no", "uscc", "party_role");
  }
}
