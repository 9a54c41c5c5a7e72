package io.creditlake.jobs.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What lookup tells a person who typed a code that is not a USCC: which check failed. */
class UsccProblemTest {

  @Test
  void eachFailedCheckIsNamed() {
    assertThat(LookupJob.problem("91350100M000100Y43")).as("DOMAIN.md's valid example").isEmpty();
    assertThat(LookupJob.problem(" ９１３５０１００Ｍ０００１００Ｙ４３ ")).as("typed full-width, with spaces").isEmpty();
    assertThat(LookupJob.problem("91350100m000100y43")).as("lower case").isEmpty();
    assertThat(LookupJob.problem("91350100M000100Y44")).contains(
        "'91350100M000100Y44': the check character (position 18) should be '3', not '4'");
    assertThat(LookupJob.problem("91350100M000101Y43")).hasValueSatisfying(p -> assertThat(p)
        .contains("organisation-code check character (position 17) should be"));
    assertThat(LookupJob.problem("91350100M000100Y4Z")).as("DOMAIN.md's invalid example: Z is no USCC character")
        .hasValueSatisfying(p -> assertThat(p).contains("position 18 holds 'Z'"));
    assertThat(LookupJob.problem("91350100M00010IY43")).contains(
        "'91350100M00010IY43': position 15 holds 'I', which a USCC never uses (0-9 and A-Z without I, O, S, V, Z)");
    assertThat(LookupJob.problem("440301103456789")).hasValueSatisfying(p -> assertThat(p)
        .contains("pre-2015 15-digit registration number"));
    assertThat(LookupJob.problem("9135")).contains("'9135' has 4 characters; a unified social credit code has 18");
  }
}
