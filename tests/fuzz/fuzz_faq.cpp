// Fuzz target: the FAQ normaliser. A question as typed goes through secret masking,
// syllables and normalize() (bot/text), then the index's analysis (synonyms, filler,
// typo correction) and search, as flows/faq reads every free text in a private chat.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "bot/text/normalize.hpp"
#include "bot/text/secrets.hpp"
#include "flows/faq/faq_content.hpp"
#include "flows/faq/faq_index.hpp"
#include "shipped_content.hpp"

using namespace hocvuso;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)fuzz::shipped_content();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view question(reinterpret_cast<const char*>(data), size);
  (void)text::mask_secrets(question);
  (void)text::syllables(question);
  (void)text::normalize(question);
  const auto& faq = fuzz::shipped_content().get<faq::FaqContent>();
  const auto analysis = faq.index->analyze(question);
  if (analysis.exact.size() != analysis.folded.size()) __builtin_trap();
  const auto hits = faq.index->search(analysis, 3);
  if (hits.size() > 3) __builtin_trap();
  (void)faq.index->analyze(question, /*correct_typos=*/false);
  return 0;
}
