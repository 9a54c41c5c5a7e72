package io.creditlake.common.spark;

import java.util.List;

/** Column names as the Scala sequence Spark's Java-facing join and drop methods take. */
public final class Names {

  private Names() {}

  public static scala.collection.immutable.Seq<String> seq(String... names) {
    return scala.jdk.javaapi.CollectionConverters.asScala(List.of(names)).toList();
  }
}
