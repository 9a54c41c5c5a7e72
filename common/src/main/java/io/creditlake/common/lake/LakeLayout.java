package io.creditlake.common.lake;

import io.creditlake.common.domain.Source;
import java.net.URI;
import java.nio.file.Path;

/**
 * Where everything lives under the lake root — the contract other readers build on:
 * {@code bronze/<source>}, {@code silver/<source>}, {@code quarantine}, {@code gold/<table>},
 * {@code ops/runs}, {@code models/}, {@code reports/}.
 */
public final class LakeLayout {

  private final String root;

  /** @param root a local path, or a {@code file:}, {@code s3a:} or {@code hdfs:} URI */
  public LakeLayout(String root) {
    this.root = toUri(root);
  }

  /**
   * Local paths become absolute {@code file:/…} URIs (Hadoop's own spelling, so Delta sees one
   * location, not two); other URIs are kept, without a trailing slash.
   */
  public static String toUri(String location) {
    String s = location.strip();
    if (s.startsWith("file:")) {
      String rest = s.substring("file:".length());
      rest = rest.startsWith("//") ? rest.substring(2) : rest;
      if (rest.contains("%")) {
        rest = URI.create("file://" + rest).getPath();
      }
      return "file:" + Path.of(rest).toAbsolutePath().normalize();
    }
    if (s.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")) {
      return s.replaceAll("/+$", "");
    }
    return "file:" + Path.of(s).toAbsolutePath().normalize();
  }

  public String root() {
    return root;
  }

  public String bronze(Source source) {
    return root + "/bronze/" + source.id();
  }

  public String silver(Source source) {
    return root + "/silver/" + source.id();
  }

  public String quarantine() {
    return root + "/quarantine";
  }

  public String gold(String table) {
    return root + "/gold/" + table;
  }

  public String runs() {
    return root + "/ops/runs";
  }

  public String models() {
    return root + "/models";
  }

  public String reports() {
    return root + "/reports";
  }

  @Override
  public String toString() {
    return root;
  }
}
