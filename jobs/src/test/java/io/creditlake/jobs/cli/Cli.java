package io.creditlake.jobs.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the command line in process, as {@code bin/creditlake} would, capturing what it prints. */
public final class Cli {

  private Cli() {}

  public record Result(int code, String out, String err) {}

  public static Result run(String... args) {
    CommandLine cl = CreditLakeCommand.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString());
  }
}
