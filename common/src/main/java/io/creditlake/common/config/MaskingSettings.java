package io.creditlake.common.config;

/**
 * How personal data (legal representatives' names and ID numbers) is masked in silver.
 *
 * @param key the secret mixed into the hash, so that masked values cannot be reversed by
 *     hashing a list of names; give it as {@code ${env:CREDITLAKE_MASK_KEY}}, never in a file
 */
public record MaskingSettings(String key) {

  public static final MaskingSettings DEFAULT = new MaskingSettings(null);
}
