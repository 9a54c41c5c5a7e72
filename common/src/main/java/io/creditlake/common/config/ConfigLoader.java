package io.creditlake.common.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.creditlake.common.errors.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the YAML configuration into {@link CreditLakeConfig}: unknown keys are rejected with
 * their path, {@code ${env:NAME}} and {@code ${env:NAME:-default}} are replaced by environment
 * variables (so secrets stay out of files), a file may {@code extends:} another (deep merge,
 * the extending file wins), and the result is checked by {@link ConfigValidator}.
 *
 * <p>Without {@code --config} the embedded local profile ({@code conf/local.yaml}, packaged on
 * the classpath under {@code creditlake-conf/}) applies.
 */
public final class ConfigLoader {

  /** Classpath folder holding the embedded copy of {@code conf/}. */
  public static final String EMBEDDED_DIR = "creditlake-conf/";
  public static final String DEFAULT_PROFILE = "local.yaml";

  private static final Pattern ENV = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private final UnaryOperator<String> env;

  public ConfigLoader() {
    this(System::getenv);
  }

  /** With a given environment, for tests. */
  public ConfigLoader(UnaryOperator<String> env) {
    this.env = env;
  }

  /** The embedded local profile. */
  public CreditLakeConfig loadDefault() {
    return load(Origin.classpath(DEFAULT_PROFILE));
  }

  public CreditLakeConfig load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(file.toString(), List.of("no such file; --config takes a YAML file such as conf/local.yaml"));
    }
    return load(Origin.file(file));
  }

  private CreditLakeConfig load(Origin origin) {
    JsonNode tree = readMerged(origin, 0);
    List<String> problems = new ArrayList<>();
    substituteEnv(tree, "", problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(origin.name(), problems);
    }
    CreditLakeConfig config;
    try {
      config = YAML.treeToValue(tree, CreditLakeConfig.class);
    } catch (UnrecognizedPropertyException e) {
      throw new ConfigException(origin.name(), List.of("unknown key '" + e.getPropertyName() + "' at "
          + path(e) + " (known keys: " + e.getKnownPropertyIds() + ")"));
    } catch (JsonMappingException e) {
      throw new ConfigException(origin.name(), List.of("bad value at " + path(e) + ": " + e.getOriginalMessage()));
    } catch (IOException e) {
      throw new ConfigException(origin.name(), List.of(e.getMessage()));
    }
    List<String> invalid = ConfigValidator.validate(config);
    if (!invalid.isEmpty()) {
      throw new ConfigException(origin.name(), invalid);
    }
    return config;
  }

  private JsonNode readMerged(Origin origin, int depth) {
    if (depth > 5) {
      throw new ConfigException(origin.name(), List.of("'extends' nests deeper than 5 files; is there a cycle?"));
    }
    JsonNode node;
    try (InputStream in = origin.open()) {
      node = YAML.readTree(in);
    } catch (IOException e) {
      throw new ConfigException(origin.name(), List.of("not readable YAML: " + e.getMessage().lines().findFirst().orElse("")));
    }
    if (node == null || !node.isObject()) {
      throw new ConfigException(origin.name(), List.of("expected a YAML mapping at the top level"));
    }
    ObjectNode obj = (ObjectNode) node;
    JsonNode parent = obj.remove("extends");
    if (parent == null) {
      return obj;
    }
    if (!parent.isTextual()) {
      throw new ConfigException(origin.name(), List.of("'extends' must name a file, got: " + parent));
    }
    JsonNode base = readMerged(origin.sibling(parent.asText()), depth + 1);
    return merge((ObjectNode) base, obj);
  }

  /** Deep merge of mappings; lists and scalars of the overlay replace the base's. */
  static ObjectNode merge(ObjectNode base, ObjectNode overlay) {
    Iterator<Map.Entry<String, JsonNode>> it = overlay.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode existing = base.get(e.getKey());
      if (existing instanceof ObjectNode eo && e.getValue() instanceof ObjectNode vo) {
        merge(eo, vo);
      } else {
        base.set(e.getKey(), e.getValue());
      }
    }
    return base;
  }

  private void substituteEnv(JsonNode node, String at, List<String> problems) {
    if (node instanceof ObjectNode obj) {
      Iterator<Map.Entry<String, JsonNode>> it = obj.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        String key = at.isEmpty() ? e.getKey() : at + "." + e.getKey();
        if (e.getValue().isTextual()) {
          e.setValue(new TextNode(resolve(e.getValue().asText(), key, problems)));
        } else {
          substituteEnv(e.getValue(), key, problems);
        }
      }
    } else if (node instanceof ArrayNode arr) {
      for (int i = 0; i < arr.size(); i++) {
        String key = at + "[" + i + "]";
        if (arr.get(i).isTextual()) {
          arr.set(i, new TextNode(resolve(arr.get(i).asText(), key, problems)));
        } else {
          substituteEnv(arr.get(i), key, problems);
        }
      }
    }
  }

  private String resolve(String value, String key, List<String> problems) {
    Matcher m = ENV.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String v = env.apply(m.group(1));
      if (v == null) {
        v = m.group(2);
      }
      if (v == null) {
        problems.add("'" + key + "' refers to environment variable " + m.group(1)
            + ", which is not set; export it or give a default as ${env:" + m.group(1) + ":-value}");
        v = "";
      }
      m.appendReplacement(out, Matcher.quoteReplacement(v));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.length() == 0 ? "the top level" : sb.toString();
  }

  /** Where a configuration file comes from: the file system or the embedded copy. */
  private record Origin(String name, Path file, String resource) {
    static Origin file(Path p) {
      return new Origin(p.toString(), p, null);
    }

    static Origin classpath(String name) {
      return new Origin("embedded " + name, null, EMBEDDED_DIR + name);
    }

    InputStream open() throws IOException {
      if (file != null) {
        return Files.newInputStream(file);
      }
      InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(resource);
      if (in == null) {
        throw new IOException("missing from the classpath: " + resource + " (was the jobs module built?)");
      }
      return in;
    }

    Origin sibling(String relative) {
      return file != null ? file(file.resolveSibling(relative)) : classpath(relative);
    }
  }
}
