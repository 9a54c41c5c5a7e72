package io.creditlake.jobs.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.PrintWriter;

/** Prints a job's result: as one JSON document with {@code --json}, else as a short summary. */
final class Output {

  static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private Output() {}

  static void print(PrintWriter out, boolean json, Object result, String summary) {
    if (json) {
      try {
        out.println(JSON.writeValueAsString(result));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("result record is not serialisable: " + result.getClass(), e);
      }
    } else {
      out.println(summary);
    }
    out.flush();
  }
}
