import io.creditlake.common.config.ConfigLoader;
import io.creditlake.common.config.Settings;
import io.creditlake.common.spark.SparkSessions;
import io.creditlake.jobs.JobContext;
import io.creditlake.jobs.rate.RatesJob;
import java.time.YearMonth;

/** bench/rates-repeat: one period's rates, N times in one session, each run's wall time printed. */
public class RatesRepeat {
  public static void main(String[] args) {
    Settings settings = Settings.resolve(null, args[0], null, new ConfigLoader());
    YearMonth period = YearMonth.parse(args[1]);
    int runs = Integer.parseInt(args[2]);
    SparkSessions.with(settings.config(), "rates-repeat", spark -> {
      for (int i = 1; i <= runs; i++) {
        long t = System.nanoTime();
        new RatesJob(period).run(spark, JobContext.of(settings, period.atDay(1), period.atEndOfMonth()));
        System.out.printf("rates %s run %d of %d: %.1f s%n", period, i, runs, (System.nanoTime() - t) / 1e9);
      }
      return 0;
    });
  }
}
