// The Hỏi đáp page (/dashboard/hoidap): what the FAQ declined or was unsure of, most
// frequent first, and 👍/👎 per entry, so the content team knows what to write next.
// The questions are citizens' words (masked and normalised by flows/faq before they
// were counted, with no person attached): officers and admins only, never public.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "flows/dashboard/html.hpp"
#include "flows/faq/faq_store.hpp"

namespace hocvuso::dashboard {

// Questions listed at most (the most frequent), so that the page stays under 100 KB.
inline constexpr int kMissesShown = 100;
// Characters of a question shown; longer ones are cut with "…".
inline constexpr std::size_t kQuestionShown = 200;

struct FaqPageInput {
  std::vector<faq::Miss> misses;        // most frequent first
  std::vector<faq::Feedback> feedback;  // most 👎 first
  std::function<std::string(const std::string&)> entry_title;  // "" for an entry no longer in the content
};
Html faq_body(const FaqPageInput& in);

}  // namespace hocvuso::dashboard
