package io.creditlake.jobs.generate;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.SplittableRandom;

/** Realistic names and codes for generated data (Shenzhen, GB/T 4754, banks, courts). */
public final class Vocabulary {

  private Vocabulary() {}

  /** GB/T 4754-2017 classes (section letter + 4-digit class) with a name word. */
  public static final List<String[]> INDUSTRIES = List.of(
      new String[] {"C3981", "电子"}, new String[] {"C3914", "电子"}, new String[] {"F5191", "贸易"},
      new String[] {"F5261", "商贸"}, new String[] {"I6510", "科技"}, new String[] {"I6421", "网络"},
      new String[] {"E4701", "建筑"}, new String[] {"G5430", "物流"}, new String[] {"H6210", "餐饮"},
      new String[] {"K7010", "置业"}, new String[] {"L7241", "咨询"}, new String[] {"M7520", "技术"},
      new String[] {"A0511", "农业"}, new String[] {"D4411", "能源"}, new String[] {"R8710", "文化"});

  public static final String SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐";
  public static final String GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华平刚桂兰鹏辉";
  public static final List<String> BRAND = List.of("华信", "腾达", "鹏程", "宏远", "安捷", "星海", "恒泰", "嘉禾", "前海",
      "金桥", "启航", "瑞丰", "博远", "新特", "华腾", "中科", "万和", "海纳", "联创", "盛世");

  /** Reporting units: the market-regulation bureau and the tax bureau. */
  public static final String AMR = "SZAMR";
  public static final String TAX = "SZTAX";

  /** Banks: unit code, lender name. */
  public static final List<String[]> BANKS = List.of(
      new String[] {"B01", "中国工商银行深圳市分行"}, new String[] {"B02", "中国建设银行深圳市分行"},
      new String[] {"B03", "中国银行深圳市分行"}, new String[] {"B04", "中国农业银行深圳市分行"},
      new String[] {"B05", "招商银行深圳分行"}, new String[] {"B06", "平安银行深圳分行"},
      new String[] {"B07", "交通银行深圳分行"}, new String[] {"B08", "深圳农村商业银行"});

  /** Courts: unit code, case-number infix. */
  public static final List<String[]> COURTS = List.of(
      new String[] {"C01", "粤03"}, new String[] {"C02", "粤0304"}, new String[] {"C03", "粤0305"},
      new String[] {"C04", "粤0306"});

  public static final List<String> TAX_TYPES = List.of("增值税", "企业所得税", "个人所得税", "城市维护建设税");
  public static final List<String> ABNORMAL_GROUNDS = List.of("未按规定报送年度报告", "通过登记的住所或者经营场所无法联系",
      "公示企业信息隐瞒真实情况、弄虚作假", "未按规定公示即时信息");
  public static final List<String> CAUSES = List.of("买卖合同纠纷", "借款合同纠纷", "劳动争议", "租赁合同纠纷",
      "建设工程施工合同纠纷", "金融借款合同纠纷");
  public static final List<String> OUTCOMES = List.of("判决", "调解", "撤诉", "驳回起诉", "执行中", "终结本次执行");
  public static final List<String> CHANGE_ITEMS = List.of("法定代表人", "注册资本", "住所", "经营范围");

  /** A person's name: a surname and one or two given characters. */
  public static String person(SplittableRandom r) {
    String s = "" + SURNAMES.charAt(r.nextInt(SURNAMES.length())) + GIVEN.charAt(r.nextInt(GIVEN.length()));
    return r.nextBoolean() ? s + GIVEN.charAt(r.nextInt(GIVEN.length())) : s;
  }

  /** An 18-character resident ID number shaped like a real one (its check character is not computed). */
  public static String personId(SplittableRandom r, String district) {
    LocalDate birth = LocalDate.of(1955, 1, 1).plusDays(r.nextInt(365 * 45));
    int serial = r.nextInt(1000);
    int check = r.nextInt(11);
    return district + birth.format(DateTimeFormatter.BASIC_ISO_DATE) + (serial < 10 ? "00" : serial < 100 ? "0" : "")
        + serial + (check == 10 ? "X" : String.valueOf(check));
  }
}
