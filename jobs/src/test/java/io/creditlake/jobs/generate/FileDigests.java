package io.creditlake.jobs.generate;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * SHA-256 of every file under a folder, for "same seed, same bytes". A Parquet file is digested
 * up to its footer: parquet-mr lists each column's encodings in the footer in hash-set order,
 * which changes from one JVM to the next; the data pages before it are byte for byte the same.
 */
final class FileDigests {

  private FileDigests() {}

  static Map<String, String> of(Path root) throws Exception {
    Map<String, String> out = new TreeMap<>();
    try (var files = Files.walk(root)) {
      for (Path p : files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals("README.md")).toList()) {
        byte[] bytes = Files.readAllBytes(p);
        if (p.toString().endsWith(".parquet")) {
          int footer = ByteBuffer.wrap(bytes, bytes.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
          bytes = Arrays.copyOf(bytes, bytes.length - 8 - footer);
        }
        out.put(root.relativize(p).toString(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
      }
    }
    return out;
  }
}
