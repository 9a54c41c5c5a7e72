package io.creditlake.jobs.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** The version Maven wrote into {@code creditlake-version.properties} at build time. */
public final class Version implements CommandLine.IVersionProvider {

  public static String current() {
    return properties().getProperty("version", "unknown");
  }

  private static Properties properties() {
    Properties p = new Properties();
    try (InputStream in = Version.class.getResourceAsStream("/creditlake-version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // an unreadable version file leaves the version "unknown"; nothing else depends on it
    }
    return p;
  }

  @Override
  public String[] getVersion() {
    Properties p = properties();
    return new String[] {"creditlake " + p.getProperty("version", "unknown"),
        "Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION() + " (built for " + p.getProperty("spark") + "), Delta Lake "
            + p.getProperty("delta") + ", Java " + System.getProperty("java.version")};
  }
}
