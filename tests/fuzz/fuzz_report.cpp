// Fuzz target: the report reader. The numbers as people write them
// (flows/reports/numbers.*: digits, words, colloquial forms), token by token and as a
// whole, then the whole reader (flows/reports/parser.*) on the same text.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "flows/groups/words.hpp"
#include "flows/reports/numbers.hpp"
#include "flows/reports/parser.hpp"
#include "flows/reports/report_content.hpp"
#include "shipped_content.hpp"

using namespace hocvuso;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)fuzz::shipped_content();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto tokens = groups::tokenize(text);
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const auto n = reports::read_number(tokens, i, text);
    if (n.status != reports::NumberRead::Status::none && (n.length == 0 || i + n.length > tokens.size())) {
      __builtin_trap();  // a number takes at least its own token and never runs past the text
    }
    if (n.exact() && n.value < 0) __builtin_trap();
  }
  if (const auto whole = reports::read_number_text(text); whole && *whole < 0) __builtin_trap();
  const auto& content = fuzz::shipped_content().get<reports::ReportContent>();
  const auto parsed = reports::parse_report(text, content, std::chrono::year_month_day{
                                                               std::chrono::year{2026}, std::chrono::month{12},
                                                               std::chrono::day{5}});
  (void)parsed.village_count();
  (void)reports::looks_like_report(text);
  return 0;
}
