package io.creditlake.common.spark;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;

/**
 * The Java code Spark generates for a query, as production would (tests otherwise run without
 * generated code, see {@link TestSpark}).
 */
public final class GeneratedCode {

  /** Spark's defaults, which TestSpark turns off. */
  private static final Map<String, String> CODEGEN = Map.of(
      "spark.sql.codegen.wholeStage", "true", "spark.sql.codegen.factoryMode", "FALLBACK");
  private static final Pattern CONSUME_METHOD = Pattern.compile("private void (\\w+_doConsume_\\d+)\\(");

  private GeneratedCode() {}

  /**
   * The methods Spark gave operators of its own within the query's generated stages
   * ({@code project_doConsume_0} and the like); the rest of a stage is inlined in its loop.
   */
  public static List<String> consumeMethods(Dataset<?> query) {
    SparkSession spark = query.sparkSession();
    Map<String, String> before = new HashMap<>();
    CODEGEN.keySet().forEach(key -> before.put(key, spark.conf().get(key)));
    CODEGEN.forEach(spark.conf()::set);
    try {
      // planned afresh under these settings: the query's own plan may have been made without them
      Dataset<?> planned = query.select("*");
      String code = org.apache.spark.sql.execution.debug.package$.MODULE$.codegenString(
          planned.queryExecution().executedPlan());
      if (code.startsWith("Found 0 WholeStageCodegen")) {
        throw new IllegalStateException("no generated code in the plan: " + planned.queryExecution().executedPlan());
      }
      List<String> methods = new ArrayList<>();
      Matcher m = CONSUME_METHOD.matcher(code);
      while (m.find()) {
        methods.add(m.group(1));
      }
      return methods;
    } finally {
      before.forEach(spark.conf()::set);
    }
  }
}
