package io.creditlake.common.errors;

import java.util.List;

/** The configuration is invalid; carries every problem found, each naming its key. */
public class ConfigException extends CreditLakeException {

  private final List<String> problems;

  public ConfigException(String origin, List<String> problems) {
    super(origin + ": " + (problems.size() == 1
        ? problems.get(0)
        : problems.size() + " problems: " + String.join("; ", problems)));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
