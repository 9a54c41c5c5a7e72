package io.creditlake.common.config;

import io.creditlake.common.lake.LakeLayout;
import java.nio.file.Path;

/**
 * Settings resolved in one place and one order: command-line option, then the configuration
 * file ({@code --config}, or the embedded local profile), then the built-in default.
 *
 * @param config the validated configuration
 * @param lake the lake root and its layout
 * @param input the folder departments' files arrive in, as a URI
 */
public record Settings(CreditLakeConfig config, LakeLayout lake, String input) {

  /**
   * @param configFile {@code --config}, or null for the embedded local profile
   * @param lakeOption {@code --lake}, or null
   * @param inputOption {@code --input}, or null
   */
  public static Settings resolve(Path configFile, String lakeOption, String inputOption, ConfigLoader loader) {
    CreditLakeConfig config = configFile == null ? loader.loadDefault() : loader.load(configFile);
    String lake = lakeOption != null ? lakeOption : config.lake();
    String input = inputOption != null ? inputOption : config.input();
    return new Settings(config, new LakeLayout(lake), LakeLayout.toUri(input));
  }
}
