// Vietnamese numbers as people write them in reports: digits ("25", "1.200"), words
// ("mười hai", "hai mươi mốt", "một trăm linh năm", "một nghìn hai trăm"), colloquial
// forms ("hai lăm" = 25, "ba chục" = 30, "chục" = 10) and both mixed ("2 chục",
// "1 trăm 2 mươi"). Pure, and independent of the report reader so it can be tested
// alone (tests/flows/reports/numbers_test.cpp).
//
// A number is read only when it means one value. Vague or ambiguous forms ("vài
// chục", "hai ba người", "một trăm năm" (105 or 150?), "20-25", "1,5") are
// recognised as number-like but `unsure`: the caller must not record them.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "flows/groups/words.hpp"

namespace hocvuso::reports {

struct NumberRead {
  enum class Status { none, exact, unsure };
  Status status = Status::none;
  std::size_t length = 0;  // tokens taken (also for unsure: the whole number-like phrase)
  long long value = 0;     // exact only
  bool in_words = false;   // at least one number word in it

  bool exact() const { return status == Status::exact; }
  bool unsure() const { return status == Status::unsure; }
};

// The number starting at token i, if any. `text` is the message the tokens came from
// (their byte ranges point into it).
NumberRead read_number(const std::vector<groups::Token>& tokens, std::size_t i, std::string_view text);

// The whole of `text` as one exact number, or nothing ("hai mươi lăm" -> 25).
std::optional<long long> read_number_text(std::string_view text);

}  // namespace hocvuso::reports
