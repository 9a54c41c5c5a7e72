package io.creditlake.jobs.generate.model;

import io.creditlake.common.domain.Uscc;
import io.creditlake.common.reference.ReferenceTables;
import io.creditlake.jobs.generate.Vocabulary;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The businesses of a generated city and their hidden risk, each computed on demand from the seed
 * and its index alone — so a business is the same whichever order, thread or run asks for it,
 * and a million of them need no memory until used.
 *
 * <p>The risk model, in brief: a latent score {@code z ~ N(0,1)}, made worse for young firms and
 * individual businesses, gives {@link Business#risk}, the chance of falling into distress during
 * the window (about 15 % on average). A distressed business shows signals from its onset — the
 * record streams raise arrears, overdue days and lawsuits from then on — and suffers adverse
 * events months later: abnormal-operations listing, a loan turning non-performing, a
 * dishonest-debtor listing, revocation, each with its own chance and delay. Some distressed
 * businesses recover without an event, and a few healthy ones suffer one anyway: the model can
 * learn much, not everything.
 */
public final class Population {

  /** Cut points of {@link Business#risk} between risk levels 1|2|3|4|5. */
  public static final double[] LEVEL_CUTS = {0.05, 0.10, 0.20, 0.40};
  /** Yearly chance of an adverse event that no distress announced. */
  static final double NOISE_PER_YEAR = 0.004;
  /** Share of distressed businesses that recover without any adverse event. */
  static final double RECOVERY = 0.15;
  /** Share of businesses founded during the window rather than before it. */
  static final double FOUNDED_IN_WINDOW = 0.12;
  /** Yearly chance that a business in no trouble deregisters of its own accord. */
  static final double CLOSURE_PER_YEAR = 0.03;

  /** 31^8: organisation bodies of 8 USCC characters. */
  private static final long BODIES = 852_891_037_441L;

  private final long seed;
  private final int size;
  private final LocalDate start;
  private final LocalDate end;
  private final List<ReferenceTables.District> districts;

  /**
   * @param seed the seed everything derives from
   * @param size number of businesses
   * @param start first day of the generated window
   * @param end last day of the generated window
   */
  public Population(long seed, int size, LocalDate start, LocalDate end) {
    if (size < 1 || size > 100_000_000) {
      throw new IllegalArgumentException("population size must be between 1 and 100 million, got: " + size);
    }
    this.seed = seed;
    this.size = size;
    this.start = start;
    this.end = end;
    this.districts = ReferenceTables.load().districtsOn(start);
  }

  public int size() {
    return size;
  }

  /** The business at {@code index}, the same on every call. */
  public Business get(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("business " + index + " of " + size);
    }
    SplittableRandom r = new SplittableRandom(mix(seed, index));
    boolean individual = r.nextDouble() < 0.12;
    String district = districts.get(r.nextInt(districts.size())).code();
    String[] industry = Vocabulary.INDUSTRIES.get(r.nextInt(Vocabulary.INDUSTRIES.size()));
    long windowDays = ChronoUnit.DAYS.between(start, end) + 1;
    // most businesses predate the window; the rest are founded during it, evenly
    LocalDate founded = r.nextDouble() < FOUNDED_IN_WINDOW
        ? start.plusDays(r.nextLong(windowDays))
        : start.minusDays(30 + (long) (-Math.log(1 - r.nextDouble()) * 365 * 6));
    BigDecimal capital = BigDecimal.valueOf((1 + (long) (-Math.log(1 - r.nextDouble()) * 200)) * 10_000L).setScale(2);
    String name = "深圳市" + pick(r, Vocabulary.BRAND) + pick(r, Vocabulary.BRAND).charAt(0) + industry[1]
        + (individual ? "经营部" : "有限公司");
    String rep = Vocabulary.person(r);
    String repId = Vocabulary.personId(r, district);

    double ageYears = Math.max(0, ChronoUnit.DAYS.between(founded, start)) / 365.0;
    double logit = -2.2 + 1.3 * gaussian(r) + (ageYears < 3 ? 0.4 : 0) + (individual ? 0.2 : 0);
    double risk = 1 / (1 + Math.exp(-logit));
    int level = 1;
    while (level <= LEVEL_CUTS.length && risk >= LEVEL_CUTS[level - 1]) {
      level++;
    }
    boolean hasLoans = r.nextDouble() < (individual ? 0.08 : 0.25 + Math.min(0.25, capital.doubleValue() / 20_000_000));
    boolean monthly = r.nextDouble() < (individual ? 0.2 : 0.75);

    LocalDate distress = null;
    List<AdverseEvent> events = new ArrayList<>();
    if (r.nextDouble() < risk) {
      // onsets from a year before the window, so some businesses enter it already in distress
      distress = start.minusDays(365).plusDays(r.nextLong(windowDays + 365));
      if (distress.isBefore(founded.plusDays(90))) {
        distress = founded.plusDays(90 + r.nextInt(365));
      }
      if (r.nextDouble() >= RECOVERY) {
        maybe(events, r, AdverseEvent.Type.ABNORMAL_LISTED, 0.6, distress, 60, 300);
        if (hasLoans) {
          maybe(events, r, AdverseEvent.Type.LOAN_NON_PERFORMING, 0.7, distress, 90, 360);
        }
        maybe(events, r, AdverseEvent.Type.DISHONEST_LISTED, 0.3, distress, 180, 540);
        maybe(events, r, AdverseEvent.Type.REVOKED, 0.12, distress, 360, 900);
      }
    }
    double years = windowDays / 365.0;
    if (r.nextDouble() < NOISE_PER_YEAR * years) {
      List<AdverseEvent.Type> possible = hasLoans ? List.of(AdverseEvent.Type.values())
          : List.of(AdverseEvent.Type.ABNORMAL_LISTED, AdverseEvent.Type.DISHONEST_LISTED, AdverseEvent.Type.REVOKED);
      AdverseEvent.Type type = possible.get(r.nextInt(possible.size()));
      LocalDate from = founded.isAfter(start) ? founded.plusDays(30) : start;
      events.add(new AdverseEvent(type, from.plusDays(r.nextLong(windowDays)), false));
    }
    events.sort(Comparator.comparing(AdverseEvent::date));
    // a business with no trouble may close of its own accord (deregistration) during the window
    LocalDate closed = null;
    if (events.isEmpty() && r.nextDouble() < CLOSURE_PER_YEAR * years) {
      LocalDate from = founded.isAfter(start) ? founded.plusDays(180) : start;
      closed = from.plusDays(r.nextLong(windowDays));
      if (closed.isAfter(end)) {
        closed = null;
      }
    }

    String uscc = Uscc.build('9', individual ? '2' : '1', district, body(index));
    return new Business(index, uscc, name, individual ? "INDIVIDUAL_BUSINESS" : "ENTERPRISE", district, industry[0],
        founded, capital, rep, repId, risk, level, distress, hasLoans, monthly, List.copyOf(events), closed);
  }

  private static void maybe(List<AdverseEvent> events, SplittableRandom r, AdverseEvent.Type type, double chance,
      LocalDate from, int minDays, int maxDays) {
    if (r.nextDouble() < chance) {
      events.add(new AdverseEvent(type, from.plusDays(minDays + r.nextInt(maxDays - minDays)), true));
    }
  }

  /** A distinct organisation body per index: a bijection of [0, 31^8) written in the USCC alphabet. */
  private String body(int index) {
    long v = Math.floorMod((index + 1L) * 7_919L * 104_729L + (seed & 0xFFFFFFL), BODIES);
    char[] c = new char[8];
    for (int i = 7; i >= 0; i--) {
      c[i] = Uscc.ALPHABET.charAt((int) (v % 31));
      v /= 31;
    }
    return new String(c);
  }

  private static String pick(SplittableRandom r, List<String> words) {
    return words.get(r.nextInt(words.size()));
  }

  private static double gaussian(SplittableRandom r) {
    double u = 1 - r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
  }

  /** SplitMix64's finaliser over seed and index: independent streams per business. */
  public static long mix(long seed, long index) {
    long z = seed * 0x9E3779B97F4A7C15L + index;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
