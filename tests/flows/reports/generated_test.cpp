// The report reader against a generated corpus with known truth: numbers spelled in
// every way this file knows (its own table below, not the reader's), indicators by
// the words leaders use, villages whose names hold digits ("Bản 2", "Tổ 5", "Tiểu khu
// 3"), dates, times and phone numbers around the figures, several villages a report.
// Pieces that name an indicator but hold no figure of it (installs, level 1, "khoảng",
// plans, "2 bản", "10 hộ") are mixed in. Every figure must come out exact or its phrase
// be flagged unread, and no distractor's number read: 0 misreads. The
// share of reports with something flagged is printed (the price of certainty).
#include <gtest/gtest.h>

#include <iostream>
#include <random>

#include "bot/text/fold.hpp"
#include "support/report_truth.hpp"
#include "support/reports_support.hpp"

namespace hocvuso::test {
namespace {

// --- The generator's own Vietnamese numerals ---------------------------------------
const char* const kUnits[] = {"không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"};

class Speller {
 public:
  explicit Speller(std::mt19937& rng) : rng_(rng) {}

  template <typename... T>
  std::string pick(T... options) {
    const std::string all[] = {options...};
    return all[std::uniform_int_distribution<std::size_t>(0, sizeof...(T) - 1)(rng_)];
  }

  // The unit after "mươi": 1 is "mốt", 4 "tư" or "bốn", 5 "lăm" or "nhăm".
  std::string unit_after_tens(int u) {
    if (u == 1) return "mốt";
    if (u == 4) return pick("bốn", "tư");
    if (u == 5) return pick("lăm", "nhăm");
    return kUnits[u];
  }

  std::string below_hundred(int n) {
    const int t = n / 10, u = n % 10;
    if (n < 10) return kUnits[n];
    if (n < 20) return u == 0 ? "mười" : "mười " + (u == 5 ? pick("lăm", "nhăm") : u == 4 ? pick("bốn", "tư") : kUnits[u]);
    if (u == 0) return std::string(kUnits[t]) + pick(" mươi", " chục");
    if (u == 5 && pick("a", "b") == "a") return std::string(kUnits[t]) + " lăm";  // "hai lăm"
    return std::string(kUnits[t]) + " mươi " + unit_after_tens(u);
  }

  std::string below_thousand(int n) {
    if (n < 100) return below_hundred(n);
    const int h = n / 100, r = n % 100;
    std::string s = std::string(kUnits[h]) + " trăm";
    if (r == 0) return s;
    if (r < 10) return s + " " + pick("linh", "lẻ") + " " + kUnits[r];
    return s + " " + below_hundred(r);
  }

  std::string words(int n) {
    if (n < 1000) return below_thousand(n);
    const int th = n / 1000, r = n % 1000;
    std::string s = below_thousand(th) + " " + pick("nghìn", "ngàn");
    if (r == 0) return s;
    if (r < 100) return s + " không trăm " + (r < 10 ? "linh " + std::string(kUnits[r]) : below_hundred(r));
    return s + " " + below_thousand(r);
  }

  std::string digits(int n) {
    if (n < 1000) return std::to_string(n);
    std::string r = std::to_string(n % 1000);
    return std::to_string(n / 1000) + "." + std::string(3 - r.size(), '0') + r;  // "1.200"
  }

  // Digits, words, or both mixed ("2 chục", "1 trăm 2 mươi").
  std::string any(int n) {
    const int style = std::uniform_int_distribution<int>(0, 9)(rng_);
    if (n == 0 || style < 4) return digits(n);
    if (style == 9 && n % 10 == 0 && n < 100 && n >= 20) return std::to_string(n / 10) + " chục";
    if (style == 8 && n >= 110 && n < 1000 && (n % 100) >= 20 && n % 10 == 0) {
      return std::to_string(n / 100) + " trăm " + std::to_string((n % 100) / 10) + " mươi";
    }
    return words(n);
  }

 private:
  std::mt19937& rng_;
};

// --- Indicators as leaders name them --------------------------------------------------
struct Way {
  const char* id;
  std::vector<const char*> before;  // words before the number ("hướng dẫn 12 người")
  std::vector<const char*> after;   // words after it ("12 buổi")
  const char* unit;                 // after the number in the "before" form
};

const std::vector<Way>& ways() {
  static const std::vector<Way> w = {
      {"huongdan", {"hướng dẫn", "hd", "huong dan", "HD", "hướng dẫn người dân"}, {}, "người"},
      {"buoi", {"buổi", "số buổi"}, {"buổi", "lớp", "buổi tập huấn", "lớp học"}, ""},
      {"thamdu", {"tham dự", "lượt tham dự"}, {"người tham dự", "học viên", "lượt tham dự"}, "người"},
      {"vneid", {"kích hoạt VNeID", "VNeID mức 2", "định danh mức 2", "vneid", "kích hoạt vneid mức 2"}, {}, "tài khoản"},
      {"dvc", {"dịch vụ công", "dvc", "DVC trực tuyến"}, {"hồ sơ trực tuyến", "hồ sơ dvc"}, "hồ sơ"},
      {"thanhtoan", {"thanh toán không dùng tiền mặt", "ttkdtm"}, {}, "người"},
      {"giadinhso", {"hộ gia đình số", "gia đình số"}, {"hộ gia đình số"}, "hộ"},
      {"phananh", {"phản ánh", "xử lý vướng mắc"}, {"phản ánh", "vướng mắc"}, ""},
      {"luadao", {"cảnh báo lừa đảo", "tuyên truyền lừa đảo"}, {}, "lượt"},
      {"hocvuso", {"học vụ số", "bdhvs"}, {}, "người"},
      {"kynangso", {"xác nhận kỹ năng số", "đạt chuẩn kỹ năng số"}, {}, "tài khoản"},
  };
  return w;
}

const char* const kVillages[] = {"Bản Mòng", "Bản Hua La", "Bản 2", "Tiểu khu 3", "Tổ 5", "Thôn 4",
                                 "Bản Nà Sản", "Tổ dân phố 2", "Bản Co Mạ", "Xóm 7", "Tiểu khu 12", "Bản 10"};

struct Generated {
  std::string text;
  Truth truth;
};

Generated generate(std::mt19937& rng) {
  Speller sp(rng);
  auto roll = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
  Generated g;
  // The period, as written, and its key on 23/11/2026.
  static const std::vector<std::pair<const char*, const char*>> periods = {
      {"", "-"},          {"quý 4/2026 ", "2026-Q4"}, {"quý 3 ", "2026-Q3"}, {"tháng 10 ", "2026-10"},
      {"tháng mười ", "2026-10"}, {"6 tháng đầu năm ", "2026-H1"}, {"năm 2026 ", "2026"}, {"q4 ", "2026-Q4"},
      {"", "-"}, {"", "-"}};
  const auto& period = periods[static_cast<std::size_t>(roll(static_cast<int>(periods.size())))];
  g.truth.period = period.second;
  static const char* const kOpeners[] = {"#baocao ", "#báo cáo ", "bc: ", "Báo cáo "};
  g.text = std::string(kOpeners[roll(4)]) + period.first;
  // Villages, each with a few indicators.
  std::vector<int> villages(std::size(kVillages));
  for (std::size_t v = 0; v < villages.size(); ++v) villages[v] = static_cast<int>(v);
  std::shuffle(villages.begin(), villages.end(), rng);
  const int village_count = 1 + roll(4);
  const bool lines = roll(2) == 0;
  for (int v = 0; v < village_count; ++v) {
    const std::string village = kVillages[villages[static_cast<std::size_t>(v)]];
    g.text += (lines ? "\n" : v == 0 ? "" : "; ") + village + ": ";
    std::vector<std::size_t> ids(ways().size());
    for (std::size_t k = 0; k < ids.size(); ++k) ids[k] = k;
    std::shuffle(ids.begin(), ids.end(), rng);
    const int figures = 1 + roll(3);
    for (int f = 0; f < figures; ++f) {
      const Way& way = ways()[ids[static_cast<std::size_t>(f)]];
      const int value = roll(10) < 6 ? roll(100) + 1 : roll(10) < 8 ? roll(990) + 10 : roll(2400) + 1000;
      std::string phrase;
      const std::string number = sp.any(value);
      // Around the figure, now and then: a date, a time.
      std::string lead;
      switch (roll(8)) {
        case 0: lead = "ngày " + std::to_string(1 + roll(28)) + "/" + std::to_string(1 + roll(11)) + " "; break;
        case 1: lead = "sáng " + std::to_string(1 + roll(28)) + "/11 "; break;
        case 2: lead = "lúc " + std::to_string(7 + roll(10)) + " giờ "; break;
        default: break;
      }
      const int form = roll(way.after.empty() ? 3 : 4);
      const std::string before = way.before[static_cast<std::size_t>(roll(static_cast<int>(way.before.size())))];
      const std::string unit = way.unit[0] != '\0' && roll(2) ? std::string(" ") + way.unit : "";
      if (form == 0) {
        phrase = before + " " + number + unit;
      } else if (form == 1) {
        phrase = before + ": " + number + unit;
      } else if (form == 2) {
        phrase = before + " được " + number + unit;
      } else {
        phrase = number + " " + way.after[static_cast<std::size_t>(roll(static_cast<int>(way.after.size())))];
      }
      g.text += (f == 0 ? "" : ", ") + lead + phrase;
      g.truth.figures.push_back({fold_key(village), way.id, value});
    }
    // Now and then a piece that names an indicator but is no figure of it: installs,
    // level 1, an approximation, a plan, a count of villages, households or scam cases.
    // Its number must never be read (it is in no truth): unread, or nothing.
    if (roll(3) == 0) {
      static const char* const kDistractors[] = {
          "cài vneid cho {n} người", "tải VNeID {n} người", "vneid mức 1: {n}", "định danh mức 1 cho {n} người",
          "hướng dẫn khoảng {n} người", "hd hơn {n} người", "hướng dẫn gần {n} người", "kế hoạch tháng sau hướng dẫn {n} người",
          "dự kiến hd {n} người", "hd {n} bản", "hướng dẫn {n} hộ", "phát hiện {n} vụ lừa đảo", "thu hồ sơ mức 2: {n}",
          "hướng dẫn người dân sử dụng vneid {n} người"};
      std::string d = kDistractors[roll(static_cast<int>(std::size(kDistractors)))];
      d.replace(d.find("{n}"), 3, sp.any(2 + roll(60)));
      g.text += ", " + d;
    }
  }
  // Sometimes a phone number or thanks at the end: neither is a figure.
  switch (roll(6)) {
    case 0: g.text += "\nCần hỗ trợ liên hệ 0912 345 678"; break;
    case 1: g.text += ". SĐT tổ trưởng: 0987.654.321"; break;
    case 2: g.text += "\nCảm ơn cả tổ ạ!"; break;
    default: break;
  }
  // A third without diacritics, as many phones type.
  if (roll(3) == 0) g.text = text::fold(g.text);
  return g;
}

TEST(ReportCorpus, Generated) {
  const auto content = report_content();
  std::mt19937 rng(20261123);
  constexpr int kReports = 2500;
  int misread = 0, flagged_reports = 0, figures = 0, figures_read = 0;
  for (int n = 0; n < kReports; ++n) {
    const Generated g = generate(rng);
    const auto parse = reports::parse_report(g.text, *content, kToday);
    const auto wrong = misreads(parse, g.truth);
    if (flagged(parse)) ++flagged_reports;
    figures += static_cast<int>(g.truth.figures.size());
    for (const auto& part : parse.parts) figures_read += static_cast<int>(part.values.size());
    if (wrong.empty()) continue;
    if (++misread <= 20) {
      std::string why;
      for (const auto& w : wrong) why += "\n    " + w;
      ADD_FAILURE() << "misread: " << g.text << why;
    }
  }
  std::cout << "generated corpus: " << kReports << " reports, " << figures << " figures; " << misread
            << " misread; " << flagged_reports << " reports (" << (100.0 * flagged_reports / kReports)
            << "%) flagged something unread; " << figures_read << " figures read (" << (100.0 * figures_read / figures)
            << "%)\n";
  EXPECT_EQ(misread, 0);
}

}  // namespace
}  // namespace hocvuso::test
