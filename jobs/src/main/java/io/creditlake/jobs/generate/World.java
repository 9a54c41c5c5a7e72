package io.creditlake.jobs.generate;

import io.creditlake.common.domain.Source;
import io.creditlake.jobs.generate.Units.Unit;
import io.creditlake.jobs.generate.model.AdverseEvent;
import io.creditlake.jobs.generate.model.Business;
import io.creditlake.jobs.generate.model.Population;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What really happens to the businesses, month by month: the records their reporting units owe —
 * before any unit delivers them late, wrongly or not at all (that is {@link Generator}'s part).
 *
 * <p>Every record of a business and month is drawn from a random stream of its own (seed,
 * business, month, source), so the world needs no memory of earlier months: a loan's balance,
 * a filing's arrears or a lawsuit's rate are functions of the business's hidden state
 * ({@link Business}) and the month. Distress raises arrears, overdue days and lawsuits from its
 * onset; each adverse event shows in the records — a loan turns substandard on the day of its
 * {@code LOAN_NON_PERFORMING} event, a dishonest-debtor listing arrives as an enforcement case.
 *
 * <p>Record keys are unique by construction (business index, month, sequence), so nothing
 * remembers which keys were used.
 */
final class World {

  /**
   * A record the world owes its unit.
   *
   * @param rec its values (no submission date yet)
   * @param unit who must report it
   * @param ready the first day it can be reported
   * @param period the date it describes, whose month is its reporting period
   * @param update a later version (a court's judgment), or null
   * @param updateReady when the later version can be reported
   */
  record Fact(Rec rec, Unit unit, LocalDate ready, LocalDate period, Rec update, LocalDate updateReady) {}

  private static final String[] REMOVAL_GROUNDS = {"补报未报年份的年度报告并公示", "依法办理住所或者经营场所变更登记",
      "更正其公示的信息", "通过登记的住所或者经营场所可以重新取得联系"};
  private static final double[] LEVEL_FACTOR = {0.5, 0.8, 1.0, 1.6, 2.6};

  private final long seed;
  private final Business[] firms;
  private final LocalDate start;
  /** Case serial per court, year and case-type infix: case numbers run up like real ones. */
  private final Map<String, Integer> caseSerials = new HashMap<>();

  World(long seed, Business[] firms, LocalDate start) {
    this.seed = seed;
    this.firms = firms;
    this.start = start;
  }

  /** The records of one business in one month, in a fixed order. */
  List<Fact> facts(Source source, Business b, YearMonth month) {
    SplittableRandom r = new SplittableRandom(Population.mix(Population.mix(seed, b.index()),
        month.getYear() * 64L + month.getMonthValue() * 4L + source.ordinal()));
    List<Fact> out = new ArrayList<>(2);
    switch (source) {
      case REGISTRATION -> registration(b, month, r, out);
      case TAX -> tax(b, month, r, out);
      case LOAN -> loans(b, month, r, out);
      case LITIGATION -> litigation(b, month, r, out);
    }
    return out;
  }

  // ------------------------------------------------------------------------------ registration

  /** A registry event of a business's life: founding, abnormal list, revocation, closure. */
  private record Life(String type, LocalDate date, String ground) {}

  private List<Life> life(Business b) {
    List<Life> out = new ArrayList<>(2);
    out.add(new Life("REGISTERED", b.founded(), null));
    SplittableRandom r = new SplittableRandom(Population.mix(Population.mix(seed, b.index()), 0x11FEL));
    for (AdverseEvent e : b.events()) {
      switch (e.type()) {
        case ABNORMAL_LISTED -> {
          String ground = Vocabulary.ABNORMAL_GROUNDS.get(r.nextInt(Vocabulary.ABNORMAL_GROUNDS.size()));
          out.add(new Life("ABNORMAL_ADDED", e.date(), ground));
          if (r.nextDouble() < 0.6) {
            out.add(new Life("ABNORMAL_REMOVED", e.date().plusDays(20 + r.nextInt(380)),
                REMOVAL_GROUNDS[r.nextInt(REMOVAL_GROUNDS.length)]));
          }
        }
        case REVOKED -> out.add(new Life("REVOKED", e.date(), null));
        default -> { }
      }
    }
    if (b.closed() != null) {
      out.add(new Life("DEREGISTERED", b.closed(), null));
    }
    return out;
  }

  /** The registry's history of a business founded before the window, as of its first day. */
  List<Fact> initialRegistration(Business b) {
    List<Fact> out = new ArrayList<>(1);
    int seq = 0;
    for (Life l : life(b)) {
      if (l.date().isBefore(start)) {
        out.add(registrationFact(b, l.type(), l.date(), l.ground(), null, seq++, start.minusDays(1)));
      }
    }
    return out;
  }

  private void registration(Business b, YearMonth month, SplittableRandom r, List<Fact> out) {
    LocalDate first = month.atDay(1);
    LocalDate last = month.atEndOfMonth();
    int seq = 0;
    for (Life l : life(b)) {
      if (!l.date().isBefore(first) && !l.date().isAfter(last) && !l.date().isBefore(start)) {
        out.add(registrationFact(b, l.type(), l.date(), l.ground(), null, seq++, l.date()));
      }
    }
    if (!b.activeBetween(first, last)) {
      return;
    }
    double rate = 0.006 * (b.distressedOn(last) ? 3 : 1);
    for (int n = poisson(r, rate); n > 0; n--) {
      LocalDate date = first.plusDays(r.nextInt(month.lengthOfMonth()));
      LocalDate ended = b.endedOn();
      if (date.isBefore(b.founded()) || (ended != null && !date.isBefore(ended))) {
        continue;
      }
      boolean repChange = r.nextDouble() < (b.distressedOn(date) ? 0.5 : 0.25);
      String item = repChange ? "法定代表人" : Vocabulary.CHANGE_ITEMS.get(1 + r.nextInt(Vocabulary.CHANGE_ITEMS.size() - 1));
      Fact f = registrationFact(b, "CHANGED", date, null, item, seq++, date);
      if (repChange) {
        f.rec().set("legal_rep_name", Vocabulary.person(r)).set("legal_rep_id", Vocabulary.personId(r, b.district()));
      } else if (item.equals("注册资本")) {
        f.rec().set("registered_capital", b.capital().multiply(BigDecimal.valueOf(r.nextDouble() < 0.7 ? 2 : 1))
            .add(BigDecimal.valueOf(100_000)).setScale(2, RoundingMode.HALF_UP));
      }
      out.add(f);
    }
  }

  private Fact registrationFact(Business b, String type, LocalDate date, String ground, String item, int seq,
      LocalDate ready) {
    Rec rec = new Rec(Source.REGISTRATION);
    String eventType = switch (type) {
      case "REVOKED", "DEREGISTERED" -> "STATUS_CHANGED";
      default -> type;
    };
    LocalDate ended = b.endedOn();
    String status = "OPERATING";
    if (ended != null && !date.isBefore(ended)) {
      status = b.closed() != null && b.closed().equals(ended) ? "DEREGISTERED" : "REVOKED";
    }
    rec.set("record_id", "R" + date.toString().replace("-", "") + pad(b.index(), 8) + pad(seq, 2))
        .set("uscc", b.uscc()).set("name", b.name()).set("entity_type", b.entityType())
        .set("industry_code", b.industry()).set("registered_capital", b.capital()).set("capital_currency", "CNY")
        .set("founding_date", b.founded()).set("district_code", b.district())
        .set("legal_rep_name", b.legalRep()).set("legal_rep_id", b.legalRepId())
        .set("status", status).set("event_type", eventType).set("event_date", date)
        .set("change_item", item).set("abnormal_ground", ground)
        .set(Source.Col.REPORTING_UNIT, Units.SZAMR.code());
    return new Fact(rec, Units.SZAMR, ready, date, null, null);
  }

  // ------------------------------------------------------------------------------ tax

  private void tax(Business b, YearMonth month, SplittableRandom r, List<Fact> out) {
    LocalDate first = month.atDay(1);
    LocalDate last = month.atEndOfMonth();
    if (!b.activeBetween(first, last)) {
      return;
    }
    boolean distressed = b.distressedOn(last);
    LocalDate due = last.plusDays(15);
    Rec rec = new Rec(Source.TAX).set("uscc", b.uscc()).set("tax_period", last).set("tax_type", "增值税")
        .set("due_date", due).set(Source.Col.REPORTING_UNIT, Units.SZTAX.code());
    LocalDate ready;
    if (distressed && r.nextDouble() < 0.15) {
      // not filed: the bureau still reports the obligation, with nothing declared
      ready = due.plusDays(1);
    } else {
      boolean late = r.nextDouble() < (distressed ? 0.4 : 0.01 * b.riskLevel());
      LocalDate filed = late ? due.plusDays(1 + r.nextInt(40)) : due.minusDays(r.nextInt(14));
      long declared = 0;
      boolean zero = r.nextDouble() < (b.entityType().equals("INDIVIDUAL_BUSINESS") ? 0.35 : 0.12);
      if (!zero) {
        declared = Math.round(size(b) * (0.6 + 0.8 * r.nextDouble()) * (distressed ? 0.5 : 1) * 100);
      }
      long paid = declared;
      double full = distressed ? 0.4 : 1 - 0.01 * b.riskLevel();
      if (declared > 0 && r.nextDouble() >= full) {
        paid = Math.round(declared * (distressed ? 0.6 : 0.9) * r.nextDouble());
      }
      rec.set("filing_date", filed).set("declared_amount", cents(declared)).set("paid_amount", cents(paid))
          .set("overdue_amount", cents(declared - paid));
      ready = filed;
    }
    if (month.getMonthValue() == 3 && b.founded().getYear() < month.getYear()) {
      // the yearly tax credit evaluation, published in April, rides on March's filing
      int year = month.getYear() - 1;
      rec.set("credit_level", creditLevel(b, year)).set("credit_year", year);
    }
    out.add(new Fact(rec, Units.SZTAX, ready, last, null, null));
  }

  /** Monthly VAT of a business in yuan: grows with its capital, lognormal around it. */
  private double size(Business b) {
    SplittableRandom r = new SplittableRandom(Population.mix(Population.mix(seed, b.index()), 0x512EL));
    double base = b.entityType().equals("INDIVIDUAL_BUSINESS") ? 600 : 40 * Math.pow(b.capital().doubleValue(), 0.35);
    return base * Math.exp(0.8 * gaussian(r));
  }

  private String creditLevel(Business b, int year) {
    SplittableRandom r = new SplittableRandom(Population.mix(Population.mix(seed, b.index()), 0xC4EDL + year));
    if (b.founded().getYear() == year) {
      return "M";
    }
    if (b.distressedOn(LocalDate.of(year, 12, 31))) {
      return r.nextDouble() < 0.5 ? "C" : "D";
    }
    double u = r.nextDouble();
    return switch (b.riskLevel()) {
      case 1 -> u < 0.7 ? "A" : "B";
      case 2 -> u < 0.4 ? "A" : u < 0.95 ? "B" : "M";
      case 3 -> u < 0.15 ? "A" : u < 0.8 ? "B" : u < 0.9 ? "M" : "C";
      case 4 -> u < 0.5 ? "B" : u < 0.9 ? "C" : "D";
      default -> u < 0.2 ? "B" : u < 0.7 ? "C" : "D";
    };
  }

  // ------------------------------------------------------------------------------ loans

  /** One loan of a business: a link in one of its credit lines. */
  private record Loan(String id, Unit bank, long amountCents, LocalDate start, LocalDate maturity, boolean bullet) {}

  /**
   * The business's loans overlapping a month. A business with loans has one to three credit
   * lines, each a chain of loans with one bank: when a loan matures, the next follows unless
   * the business is in distress or gone.
   */
  private List<Loan> loansIn(Business b, LocalDate first, LocalDate last) {
    List<Loan> out = new ArrayList<>(2);
    SplittableRandom r = new SplittableRandom(Population.mix(Population.mix(seed, b.index()), 0x10A5L));
    int lines = 1 + (b.capital().doubleValue() > 5_000_000 ? 1 : 0) + (r.nextDouble() < 0.2 ? 1 : 0);
    for (int line = 0; line < lines; line++) {
      // each credit line draws from its own stream: how far an earlier line's chain is walked
      // (it depends on the month asked for) must not shift a later line's loans
      r = new SplittableRandom(Population.mix(Population.mix(seed, b.index()), 0x10A5L + 1 + line));
      Unit bank = weighted(r, Units.BANKS);
      LocalDate from = b.founded().isAfter(start) ? b.founded().plusDays(30 + r.nextInt(300))
          : start.minusDays(r.nextInt(1_095));
      for (int seq = 0; seq < 12 && !from.isAfter(last); seq++) {
        int term = new int[] {12, 12, 24, 36, 60}[r.nextInt(5)];
        long amount = Math.max(100_000, Math.min(50_000_000,
            Math.round(b.capital().doubleValue() * (0.3 + 2.7 * r.nextDouble()) / 10_000) * 10_000));
        boolean bullet = r.nextDouble() < 0.3;
        LocalDate maturity = from.plusMonths(term);
        boolean renew = r.nextDouble() < 0.75;
        int gap = r.nextInt(60);
        if (!maturity.isBefore(first) || nonPerforming(b) != null) {
          String id = bank.code() + from.toString().substring(0, 7).replace("-", "") + pad(b.index(), 8)
              + line + pad(seq, 2);
          out.add(new Loan(id, bank, amount * 100, from, maturity, bullet));
        }
        LocalDate ended = b.endedOn();
        if (!renew || b.distressedOn(maturity) || (ended != null && !maturity.isBefore(ended))) {
          break;
        }
        from = maturity.plusDays(gap);
      }
    }
    return out;
  }

  private static LocalDate nonPerforming(Business b) {
    return b.events().stream().filter(e -> e.type() == AdverseEvent.Type.LOAN_NON_PERFORMING)
        .map(AdverseEvent::date).findFirst().orElse(null);
  }

  private void loans(Business b, YearMonth month, SplittableRandom r, List<Fact> out) {
    if (!b.hasLoans()) {
      return;
    }
    LocalDate first = month.atDay(1);
    LocalDate last = month.atEndOfMonth();
    if (b.founded().isAfter(last)) {
      return;
    }
    LocalDate npl = nonPerforming(b);
    // the loan that goes bad: the first one running 91 days before the event; its arrears start then
    LocalDate overdueSince = npl == null ? null : npl.minusDays(91);
    boolean badChosen = false;
    LocalDate ended = b.endedOn();
    for (Loan loan : loansIn(b, first, last)) {
      if (loan.start().isAfter(last)) {
        continue;
      }
      boolean bad = !badChosen && overdueSince != null && !loan.start().isAfter(overdueSince)
          && loan.maturity().isAfter(overdueSince);
      badChosen |= bad;
      boolean running = !loan.maturity().isBefore(first) && (ended == null || ended.isAfter(first));
      // a non-performing loan is reported until written off, 18 months after it went bad
      boolean stillBad = bad && !last.isBefore(overdueSince) && last.isBefore(npl.plusMonths(18));
      if (!running && !stillBad) {
        continue;
      }
      int daysOverdue = 0;
      if (bad && !last.isBefore(overdueSince)) {
        daysOverdue = (int) ChronoUnit.DAYS.between(overdueSince, last);
      } else if (b.distressedOn(last) && r.nextDouble() < 0.3) {
        daysOverdue = 1 + r.nextInt(60);
      } else if (r.nextDouble() < 0.004 * b.riskLevel()) {
        daysOverdue = 1 + r.nextInt(29);
      }
      LocalDate asOf = bad && !last.isBefore(overdueSince) ? overdueSince : last;
      long months = Math.max(0, ChronoUnit.MONTHS.between(loan.start(), asOf));
      long total = Math.max(1, ChronoUnit.MONTHS.between(loan.start(), loan.maturity()));
      long balance = loan.bullet() ? loan.amountCents()
          : Math.max(0, Math.round(loan.amountCents() * (1 - Math.min(1.0, months / (double) total))));
      if (balance == 0 && daysOverdue == 0 && loan.maturity().isBefore(first)) {
        continue;
      }
      String cls = daysOverdue == 0 ? (b.distressedOn(last) && r.nextDouble() < 0.05 ? "SPECIAL_MENTION" : "NORMAL")
          : daysOverdue <= 90 ? "SPECIAL_MENTION" : daysOverdue <= 180 ? "SUBSTANDARD"
          : daysOverdue <= 360 ? "DOUBTFUL" : "LOSS";
      Rec rec = new Rec(Source.LOAN).set("loan_id", loan.id()).set("uscc", b.uscc()).set("lender", loan.bank().name())
          .set("report_month", last).set("amount", cents(loan.amountCents())).set("balance", cents(balance))
          .set("start_date", loan.start()).set("maturity_date", loan.maturity()).set("days_overdue", daysOverdue)
          .set("classification", cls).set(Source.Col.REPORTING_UNIT, loan.bank().code());
      out.add(new Fact(rec, loan.bank(), last, last, null, null));
    }
  }

  // ------------------------------------------------------------------------------ litigation

  private void litigation(Business b, YearMonth month, SplittableRandom r, List<Fact> out) {
    LocalDate first = month.atDay(1);
    LocalDate last = month.atEndOfMonth();
    if (b.founded().isAfter(last)) {
      return;
    }
    boolean active = b.activeBetween(first, last);
    double level = LEVEL_FACTOR[b.riskLevel() - 1];
    boolean distressed = b.distressedOn(last);
    if (active) {
      for (int n = poisson(r, 0.006 * level * (distressed ? 8 : 1)); n > 0; n--) {
        lawsuit(b, month, r, "DEFENDANT", r.nextDouble() < 0.55 ? "CIVIL" : "COMMERCIAL", out);
      }
      for (int n = poisson(r, 0.004); n > 0; n--) {
        lawsuit(b, month, r, "PLAINTIFF", r.nextDouble() < 0.5 ? "CIVIL" : "COMMERCIAL", out);
      }
      if (r.nextDouble() < 0.0005) {
        lawsuit(b, month, r, "PLAINTIFF", "ADMINISTRATIVE", out);
      }
      if (distressed && b.distressFrom().isBefore(first.minusMonths(6)) && r.nextDouble() < 0.02) {
        lawsuit(b, month, r, "DEFENDANT", "ENFORCEMENT", out);
      }
    }
    for (AdverseEvent e : b.events()) {
      if (e.type() != AdverseEvent.Type.DISHONEST_LISTED || e.date().isBefore(start)) {
        continue;
      }
      // a listing follows the enforcement case that led to it: the case is reported when filed,
      // the listing (with its expiry) later, as a new version of the same record
      SplittableRandom d = new SplittableRandom(Population.mix(Population.mix(seed, b.index()), e.date().toEpochDay()));
      LocalDate filed = e.date().minusDays(20 + d.nextInt(70));
      if (filed.isBefore(start)) {
        filed = start;
      }
      if (filed.isBefore(first) || filed.isAfter(last)) {
        continue;
      }
      Fact f = caseFact(b, filed, d, "DEFENDANT", "ENFORCEMENT", court(b, d, 0), filed);
      int years = d.nextDouble() < 0.8 ? 2 : 3 + d.nextInt(3);
      Rec listed = f.rec().copy().set("dishonest_listed_date", e.date()).set("dishonest_expiry_date", e.date().plusYears(years));
      out.add(new Fact(f.rec(), f.unit(), f.ready(), f.period(), listed, e.date()));
    }
  }

  private void lawsuit(Business b, YearMonth month, SplittableRandom r, String role, String type, List<Fact> out) {
    LocalDate filed = month.atDay(1 + r.nextInt(month.lengthOfMonth()));
    long amount = Math.round(Math.exp(10 + 1.6 * gaussian(r)) * 100);
    Fact f = caseFact(b, filed, r, role, type, court(b, r, amount), filed);
    f.rec().set("amount", cents(amount));
    if (f.update() != null) {
      f.update().set("amount", cents(amount));
    }
    out.add(f);
    if ((type.equals("CIVIL") || type.equals("COMMERCIAL")) && r.nextDouble() < 0.5) {
      // the other party is a business of the city too: the same case, seen from its side
      int other = r.nextInt(firms.length);
      if (other != b.index()) {
        Rec rec = f.rec().copy().set("uscc", firms[other].uscc())
            .set("party_role", role.equals("DEFENDANT") ? "PLAINTIFF" : "DEFENDANT");
        Rec update = f.update() == null ? null : f.update().copy().set("uscc", firms[other].uscc())
            .set("party_role", rec.get("party_role"));
        out.add(new Fact(rec, f.unit(), f.ready(), f.period(), update, f.updateReady()));
      }
    }
  }

  private Fact caseFact(Business b, LocalDate filed, SplittableRandom r, String role, String type, Unit court,
      LocalDate ready) {
    String infix = switch (type) {
      case "ENFORCEMENT" -> "执";
      case "ADMINISTRATIVE" -> "行初";
      default -> "民初";
    };
    String counter = court.code() + filed.getYear() + infix;
    int serial = caseSerials.merge(counter, 1, Integer::sum);
    String cause = type.equals("ENFORCEMENT") ? "申请执行" : type.equals("ADMINISTRATIVE") ? "行政处罚"
        : Vocabulary.CAUSES.get(r.nextInt(Vocabulary.CAUSES.size()));
    Rec rec = new Rec(Source.LITIGATION).set("case_no", "(" + filed.getYear() + ")" + court.name() + infix + serial + "号")
        .set("uscc", b.uscc()).set("party_role", role).set("case_type", type).set("cause", cause)
        .set("filing_date", filed).set(Source.Col.REPORTING_UNIT, court.code());
    Rec update = null;
    LocalDate updateReady = null;
    if (r.nextDouble() < 0.75) {
      LocalDate judged = filed.plusDays(30 + r.nextInt(210));
      String outcome = type.equals("ENFORCEMENT") ? (r.nextBoolean() ? "终结本次执行" : "执行完毕")
          : Vocabulary.OUTCOMES.get(r.nextInt(4));
      update = rec.copy().set("judgment_date", judged).set("outcome", outcome);
      updateReady = judged;
    }
    return new Fact(rec, court, ready, filed, update, updateReady);
  }

  /** Large cases go to the intermediate court; others to a district court by the business's district. */
  private static Unit court(Business b, SplittableRandom r, long amountCents) {
    if (amountCents > 500_000_000L || r.nextDouble() < 0.1) {
      return Units.COURTS.get(0);
    }
    return Units.COURTS.get(1 + Math.floorMod(b.district().hashCode(), Units.COURTS.size() - 1));
  }

  // ------------------------------------------------------------------------------ helpers

  /** {@code v} in decimal, zero-padded to {@code width} digits. */
  static String pad(long v, int width) {
    String s = Long.toString(v);
    return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
  }

  private static BigDecimal cents(long cents) {
    return BigDecimal.valueOf(cents, 2);
  }

  private static Unit weighted(SplittableRandom r, List<Unit> units) {
    double u = r.nextDouble() * units.stream().mapToDouble(Unit::weight).sum();
    for (Unit unit : units) {
      u -= unit.weight();
      if (u < 0) {
        return unit;
      }
    }
    return units.get(units.size() - 1);
  }

  static int poisson(SplittableRandom r, double lambda) {
    double l = Math.exp(-lambda);
    int k = 0;
    double p = r.nextDouble();
    while (p > l) {
      k++;
      p *= r.nextDouble();
    }
    return k;
  }

  static double gaussian(SplittableRandom r) {
    double u = 1 - r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
  }
}
