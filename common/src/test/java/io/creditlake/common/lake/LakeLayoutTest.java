package io.creditlake.common.lake;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditlake.common.domain.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LakeLayoutTest {

  /** Surefire runs in the module folder; relative paths resolve against it. */
  private static final String CWD = System.getProperty("user.dir");

  @Test
  void workingDirectoryIsAbsolute() {
    assertThat(CWD).startsWith("/").doesNotEndWith("/");
  }

  @Test
  void relativePathsBecomeAbsoluteFileUris() {
    assertThat(LakeLayout.toUri("lake")).isEqualTo("file:" + CWD + "/lake");
    assertThat(LakeLayout.toUri("./lake")).isEqualTo("file:" + CWD + "/lake");
    assertThat(LakeLayout.toUri("./lake/")).isEqualTo("file:" + CWD + "/lake");
    assertThat(LakeLayout.toUri("a/../b/./c")).isEqualTo("file:" + CWD + "/b/c");
    assertThat(LakeLayout.toUri("  lake  ")).as("stripped").isEqualTo("file:" + CWD + "/lake");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "/data/lake, file:/data/lake",
      "/data/lake/, file:/data/lake",
      "/data/x/../lake, file:/data/lake",
      "file:///x/, file:/x",
      "file:///x, file:/x",
      "file:/x, file:/x",
      "file:/x/y/, file:/x/y",
      "file:///tmp/a/../b, file:/tmp/b",
      "s3a://bucket/lake/, s3a://bucket/lake",
      "s3a://bucket/lake, s3a://bucket/lake",
      "s3a://bucket/lake///, s3a://bucket/lake",
      "hdfs://nn:8020/lake, hdfs://nn:8020/lake",
      "hdfs://nn:8020/lake/, hdfs://nn:8020/lake",
      "hdfs:///lake, hdfs:///lake",
  })
  void uris(String in, String expected) {
    assertThat(LakeLayout.toUri(in)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"lake", "./a/b/", "/data/lake", "file:///x/", "s3a://bucket/lake/", "hdfs://nn:8020/lake"})
  void toUriIsIdempotent(String in) {
    String once = LakeLayout.toUri(in);
    assertThat(LakeLayout.toUri(once)).isEqualTo(once);
  }

  @Test
  void pathsWithSpaces() {
    assertThat(LakeLayout.toUri("./my lake")).isEqualTo("file:" + CWD + "/my lake");
    assertThat(LakeLayout.toUri("file:///tmp/my%20lake/")).as("percent-encoded URI").isEqualTo("file:/tmp/my lake");
    // Hadoop's own spelling of a local path with a space, as toUri itself produces it
    assertThat(LakeLayout.toUri("file:/tmp/my lake")).isEqualTo("file:/tmp/my lake");
    String once = LakeLayout.toUri("./my lake");
    assertThat(LakeLayout.toUri(once)).as("idempotent with a space").isEqualTo(once);
  }

  @Test
  void tablePathsUnderS3Root() {
    LakeLayout lake = new LakeLayout("s3a://bucket/lake/");
    assertThat(lake.root()).isEqualTo("s3a://bucket/lake");
    assertThat(lake).hasToString("s3a://bucket/lake");
    assertThat(lake.bronze(Source.TAX)).isEqualTo("s3a://bucket/lake/bronze/tax");
    assertThat(lake.silver(Source.TAX)).isEqualTo("s3a://bucket/lake/silver/tax");
    assertThat(lake.quarantine()).isEqualTo("s3a://bucket/lake/quarantine");
    assertThat(lake.gold("x")).isEqualTo("s3a://bucket/lake/gold/x");
    assertThat(lake.runs()).isEqualTo("s3a://bucket/lake/ops/runs");
    assertThat(lake.models()).isEqualTo("s3a://bucket/lake/models");
    assertThat(lake.reports()).isEqualTo("s3a://bucket/lake/reports");
  }

  @Test
  void tablePathsUnderLocalRoot() {
    LakeLayout lake = new LakeLayout("./lake/");
    String root = "file:" + CWD + "/lake";
    assertThat(lake.root()).isEqualTo(root);
    assertThat(lake.bronze(Source.REGISTRATION)).isEqualTo(root + "/bronze/registration");
    assertThat(lake.silver(Source.LITIGATION)).isEqualTo(root + "/silver/litigation");
    assertThat(lake.bronze(Source.LOAN)).isEqualTo(root + "/bronze/loan");
    assertThat(lake.quarantine()).isEqualTo(root + "/quarantine");
    assertThat(lake.gold("company_risk")).isEqualTo(root + "/gold/company_risk");
    assertThat(lake.runs()).isEqualTo(root + "/ops/runs");
  }

  @Test
  void tablePathsUnderFileUriRoot() {
    LakeLayout lake = new LakeLayout("file:///srv/lake/");
    assertThat(lake.root()).isEqualTo("file:/srv/lake");
    assertThat(lake.silver(Source.TAX)).isEqualTo("file:/srv/lake/silver/tax");
  }
}
