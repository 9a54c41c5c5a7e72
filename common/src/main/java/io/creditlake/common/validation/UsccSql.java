package io.creditlake.common.validation;

import static org.apache.spark.sql.functions.instr;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.when;

import io.creditlake.common.domain.Uscc;
import org.apache.spark.sql.Column;

/**
 * {@link Uscc}'s checks as Spark SQL expressions (no UDF: they stay in generated code and cost
 * next to nothing at tens of millions of rows). Built from {@link Uscc}'s constants; a test
 * checks that both agree.
 */
public final class UsccSql {

  private static final String USCC_PATTERN = "^[" + Uscc.ALPHABET + "]{18}$";

  private UsccSql() {}

  /** True for a 15-digit pre-2015 registration number. */
  public static Column isLegacy(Column code) {
    return code.rlike("^[0-9]{15}$");
  }

  /** True when the code is a valid USCC; false (never null) otherwise, also for null. */
  public static Column isValid(Column code) {
    Column shape = length(code).equalTo(18).and(code.rlike(USCC_PATTERN));
    return when(code.isNull(), lit(false))
        .otherwise(shape.and(orgCheckMatches(code)).and(checkMatches(code)));
  }

  private static Column orgCheckMatches(Column code) {
    Column sum = lit(0);
    for (int i = 0; i < 8; i++) {
      Column v = instr(lit(Uscc.ORG_ALPHABET), substring(code, 9 + i, 1)).minus(1);
      sum = sum.plus(v.multiply(Uscc.ORG_WEIGHTS[i]));
    }
    Column c = lit(11).minus(pmod(sum, lit(11)));
    Column expected = when(c.equalTo(10), lit("X")).when(c.equalTo(11), lit("0")).otherwise(c.cast("string"));
    return substring(code, 17, 1).equalTo(expected);
  }

  private static Column checkMatches(Column code) {
    Column sum = lit(0);
    for (int i = 0; i < 17; i++) {
      Column v = instr(lit(Uscc.ALPHABET), substring(code, 1 + i, 1)).minus(1);
      sum = sum.plus(v.multiply(Uscc.WEIGHTS[i]));
    }
    Column c = pmod(lit(31).minus(pmod(sum, lit(31))), lit(31));
    return substring(code, 18, 1).equalTo(org.apache.spark.sql.functions.substring(lit(Uscc.ALPHABET), 1, 31)
        .substr(c.plus(1), lit(1)));
  }
}
