package io.creditlake.common.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.creditlake.common.domain.Uscc.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UsccTest {

  /** The example of GB 32100-2015. */
  private static final String EXAMPLE = "91350100M000100Y43";

  // ---------------------------------------------------------------- constants

  @Test
  void weightsArePowersOfThreeModThirtyOne() {
    int[] expected = new int[17];
    int w = 1;
    for (int i = 0; i < 17; i++) {
      expected[i] = w;          // 3^(i) mod 31 for position i+1
      w = (w * 3) % 31;
    }
    assertThat(Uscc.WEIGHTS).as("WEIGHTS = 3^(i-1) mod 31, i = 1..17").containsExactly(expected);
    assertThat(Uscc.WEIGHTS)
        .containsExactly(1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28);
  }

  @Test
  void alphabetIsDigitsAndLettersWithoutIOSVZ() {
    StringBuilder expected = new StringBuilder();
    for (char c = '0'; c <= '9'; c++) {
      expected.append(c);
    }
    for (char c = 'A'; c <= 'Z'; c++) {
      if ("IOSVZ".indexOf(c) < 0) {
        expected.append(c);
      }
    }
    assertThat(Uscc.ALPHABET).isEqualTo(expected.toString()).hasSize(31);
    assertThat(Uscc.ALPHABET.indexOf('A')).isEqualTo(10);
    assertThat(Uscc.ALPHABET.indexOf('M')).as("M skips I").isEqualTo(21);
    assertThat(Uscc.ALPHABET.indexOf('Y')).isEqualTo(30);
    assertThat(Uscc.ORG_WEIGHTS).containsExactly(3, 7, 9, 10, 5, 8, 4, 2);
    assertThat(Uscc.ORG_ALPHABET).hasSize(36);
    assertThat(Uscc.ORG_ALPHABET.indexOf('Z')).isEqualTo(35);
  }

  // ---------------------------------------------------------------- the standard's example

  @Test
  void standardExampleIsValid() {
    assertThat(Uscc.verdict(EXAMPLE)).isEqualTo(Verdict.VALID);
    assertThat(Uscc.isValid(EXAMPLE)).isTrue();
  }

  @Test
  void checkCharOfStandardExample() {
    // values (USCC alphabet, M=21, Y=30) x weights:
    //  9*1 + 1*3 + 3*9 + 5*27 + 0*19 + 1*26 + 0*16 + 0*17 + M21*20 + 0*29 + 0*25 + 0*13
    //  + 1*8 + 0*24 + 0*10 + Y30*30 + 4*28
    //  = 9 + 3 + 27 + 135 + 26 + 420 + 8 + 900 + 112 = 1640
    // 1640 mod 31 = 28 (31*52 = 1612); 31 - 28 = 3 -> '3'
    assertThat(referenceSum("91350100M000100Y4")).isEqualTo(1640);
    assertThat(Uscc.checkChar("91350100M000100Y4")).isEqualTo('3');
  }

  @Test
  void exampleWithZAsCheckCharIsInvalid() {
    assertThat(Uscc.isValid("91350100M000100Y4Z")).isFalse();
    assertThat(Uscc.verdict("91350100M000100Y4Z"))
        .as("Z is not in the USCC alphabet")
        .isEqualTo(Verdict.BAD_CHARACTER);
  }

  @Test
  void onlyLastCharWrongIsBadCheck() {
    assertThat(Uscc.verdict("91350100M000100Y44")).isEqualTo(Verdict.BAD_CHECK);
    assertThat(Uscc.verdict("91350100M000100Y40")).isEqualTo(Verdict.BAD_CHECK);
    assertThat(Uscc.verdict("91350100M000100Y4Y")).isEqualTo(Verdict.BAD_CHECK);
  }

  @Test
  void onlyOrgCheckCharWrongIsBadOrgCheck() {
    // Org check '4' replaced by '5', and the 18th char recomputed so it is consistent:
    // sum = 1640 - 4*28 + 5*28 = 1668; 1668 mod 31 = 25 (31*53 = 1643); 31 - 25 = 6 -> '6'
    assertThat(Uscc.checkChar("91350100M000100Y5")).isEqualTo('6');
    assertThat(Uscc.verdict("91350100M000100Y56")).isEqualTo(Verdict.BAD_ORG_CHECK);
    // 'X' is in the alphabet but is not M000100Y's check character either
    String first17 = "91350100M000100YX";
    assertThat(Uscc.verdict(first17 + Uscc.checkChar(first17))).isEqualTo(Verdict.BAD_ORG_CHECK);
  }

  // ---------------------------------------------------------------- organisation code (GB 11714)

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      // M=22, Y=34: 22*3 + 1*5 + 34*2 = 66 + 5 + 68 = 139; 139 mod 11 = 7; 11 - 7 = 4
      "M000100Y, 4",
      // D=13: 13*3 + 2*7 + 1*9 + 4*10 + 3*5 + 5*8 + 6*4 + 9*2 = 199; 199 mod 11 = 1; 11 - 1 = 10 -> X
      // (the well-known example D2143569-X)
      "D2143569, X",
      // sum 0; 11 - 0 = 11 -> '0'
      "00000000, 0",
      // 1*3 = 3; 11 - 3 = 8
      "10000000, 8",
      // 3 at position 7 (weight 4): 3*4 = 12; 12 mod 11 = 1; 11 - 1 = 10 -> X
      "00000030, X",
      // 3 at position 6 (weight 8): 3*8 = 24; 24 mod 11 = 2; 11 - 2 = 9
      "00000300, 9",
      // Z=35 (full alphabet): 35*2 = 70; 70 mod 11 = 4; 11 - 4 = 7
      "0000000Z, 7",
      // I=18 (full alphabet): 18*3 = 54; 54 mod 11 = 10; 11 - 10 = 1
      "I0000000, 1",
      // 1*3+2*7+3*9+4*10+5*5+6*8+7*4+8*2 = 3+14+27+40+25+48+28+16 = 201; 201 mod 11 = 3; 11 - 3 = 8
      "12345678, 8"
  })
  void orgCheckChar(String body, char expected) {
    assertThat(Uscc.orgCheckChar(body)).contains(expected);
  }

  @Test
  void orgCheckCharRejectsCharactersOutsideFullAlphabet() {
    assertThat(Uscc.orgCheckChar("m000100y")).as("lower case").isEmpty();
    assertThat(Uscc.orgCheckChar("M000100-")).isEmpty();
    assertThatThrownBy(() -> Uscc.orgCheckChar("M000100"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Uscc.orgCheckChar("M000100Y4"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---------------------------------------------------------------- characters, length, legacy

  @ParameterizedTest
  @ValueSource(chars = {'I', 'O', 'S', 'V', 'Z'})
  void excludedLettersAreBadCharacters(char letter) {
    for (int pos = 0; pos < 18; pos++) {
      String code = EXAMPLE.substring(0, pos) + letter + EXAMPLE.substring(pos + 1);
      assertThat(Uscc.verdict(code)).as("%s at position %d: %s", letter, pos + 1, code)
          .isEqualTo(Verdict.BAD_CHARACTER);
    }
  }

  @Test
  void otherBadCharacters() {
    assertThat(Uscc.verdict("91350100m000100y43")).as("lower case").isEqualTo(Verdict.BAD_CHARACTER);
    assertThat(Uscc.verdict("91350100M000100Y4 ")).isEqualTo(Verdict.BAD_CHARACTER);
    assertThat(Uscc.verdict("91350100M000-00Y43")).isEqualTo(Verdict.BAD_CHARACTER);
    assertThat(Uscc.verdict("９1350100M000100Y43")).as("full-width digit").isEqualTo(Verdict.BAD_CHARACTER);
  }

  @ParameterizedTest
  @ValueSource(strings = {"350100400012345", "110108000000016", "000000000000000"})
  void fifteenDigitsAreLegacyRegistrationNumbers(String code) {
    assertThat(Uscc.verdict(code)).isEqualTo(Verdict.LEGACY_REGISTRATION_NUMBER);
    assertThat(Uscc.isValid(code)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "9", "91350100M000100Y4", "91350100M000100Y433", "35010040001234A",
      "3501004000123456"})
  void wrongLengthIsBadLength(String code) {
    assertThat(Uscc.verdict(code)).isEqualTo(Verdict.BAD_LENGTH);
  }

  @Test
  void nullIsBadLength() {
    assertThat(Uscc.verdict(null)).isEqualTo(Verdict.BAD_LENGTH);
    assertThat(Uscc.isValid(null)).isFalse();
  }

  @Test
  void checkCharRejectsBadInput() {
    assertThatThrownBy(() -> Uscc.checkChar("91350100M000100Y"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Uscc.checkChar("91350100M000100I4"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'I'");
  }

  // ---------------------------------------------------------------- 31 becomes 0

  @Test
  void allZerosIsValid() {
    // org body 00000000: sum 0 -> 11 -> '0'; first 17 all zeros: sum 0 -> 31 - 0 = 31 -> '0'
    assertThat(Uscc.checkChar("00000000000000000")).isEqualTo('0');
    assertThat(Uscc.verdict("000000000000000000")).isEqualTo(Verdict.VALID);
  }

  @Test
  void sumDivisibleByThirtyOneGivesCheckCharZero() {
    Random random = new Random(31);
    String found = null;
    for (int tries = 0; tries < 100_000 && found == null; tries++) {
      String code = randomCode(random);
      if (code.charAt(17) == '0' && !code.startsWith("00000000")) {
        found = code;
      }
    }
    assertThat(found).as("a random code with check char '0'").isNotNull();
    assertThat(referenceSum(found.substring(0, 17)) % 31).as("sum of %s mod 31", found).isZero();
    assertThat(Uscc.verdict(found)).as(found).isEqualTo(Verdict.VALID);
    String withY = found.substring(0, 17) + 'Y';
    assertThat(Uscc.verdict(withY)).as("31 is not spelled as index 31 / Y").isEqualTo(Verdict.BAD_CHECK);
  }

  // ---------------------------------------------------------------- build round trip

  @Test
  void builtCodesAreValidAndEveryOtherCheckCharIsNot() {
    Random random = new Random(20150101L);
    List<String> failures = new ArrayList<>();
    for (int n = 0; n < 1000; n++) {
      String code = randomCode(random);
      if (code.length() != 18 || Uscc.verdict(code) != Verdict.VALID) {
        failures.add(code + " -> " + Uscc.verdict(code));
        continue;
      }
      // independent recomputation of both check characters
      int orgSum = 0;
      for (int i = 0; i < 8; i++) {
        orgSum += Uscc.ORG_ALPHABET.indexOf(code.charAt(8 + i)) * new int[] {3, 7, 9, 10, 5, 8, 4, 2}[i];
      }
      int org = 11 - orgSum % 11;
      char orgExpected = org == 10 ? 'X' : org == 11 ? '0' : (char) ('0' + org);
      if (code.charAt(16) != orgExpected) {
        failures.add(code + ": org check " + code.charAt(16) + " != " + orgExpected);
      }
      int c = 31 - referenceSum(code.substring(0, 17)) % 31;
      if (code.charAt(17) != Uscc.ALPHABET.charAt(c % 31)) {
        failures.add(code + ": check " + code.charAt(17));
      }
      for (char other : Uscc.ALPHABET.toCharArray()) {
        if (other != code.charAt(17)) {
          String changed = code.substring(0, 17) + other;
          if (Uscc.verdict(changed) != Verdict.BAD_CHECK) {
            failures.add(changed + " -> " + Uscc.verdict(changed));
          }
        }
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void buildOfExampleParts() {
    assertThat(Uscc.build('9', '1', "350100", "M000100Y")).isEqualTo(EXAMPLE);
  }

  @Test
  void buildRejectsBadBodies() {
    assertThatThrownBy(() -> Uscc.build('9', '1', "350100", "m000100y"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Uscc.build('9', '1', "350100", "M00010OY"))
        .as("O is a valid org character but not a USCC one")
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---------------------------------------------------------------- helpers

  private static String randomCode(Random random) {
    String a = Uscc.ALPHABET;
    StringBuilder division = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      division.append((char) ('0' + random.nextInt(10)));
    }
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      body.append(a.charAt(random.nextInt(a.length())));
    }
    return Uscc.build(a.charAt(random.nextInt(a.length())), a.charAt(random.nextInt(a.length())),
        division.toString(), body.toString());
  }

  /** Weighted sum of the first 17 characters, with weights computed here, not taken from Uscc. */
  private static int referenceSum(String first17) {
    int sum = 0;
    int w = 1;
    for (int i = 0; i < 17; i++) {
      int v = Uscc.ALPHABET.indexOf(first17.charAt(i));
      assertThat(v).as("char %s of %s", first17.charAt(i), first17).isNotNegative();
      sum += v * w;
      w = w * 3 % 31;
    }
    return sum;
  }

  @Test
  void optionalTypeOfOrgCheckChar() {
    assertThat(Uscc.orgCheckChar("M000100Y")).isEqualTo(Optional.of('4'));
  }
}
