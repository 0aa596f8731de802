// The FAQ as loaded from content/faq/: entries, the language table (synonyms,
// filler words, refused and out-of-scope requests) and the index built from them
// once per load.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bot/content/content.hpp"
#include "flows/faq/faq_index.hpp"

namespace hocvuso::faq {

struct FaqEntry {
  std::string id;
  std::string topic;
  std::string title;  // short, for buttons
  std::string question;
  std::vector<std::string> paraphrases;
  std::string answer;
  std::string lesson;  // a lesson id (button "learn:<id>"), or empty
};

struct FaqContent {
  std::vector<FaqEntry> entries;
  std::vector<std::string> examples;  // entry ids offered as buttons by menu:faq
  std::vector<std::string> scams;     // entry ids listed by menu:scam
  std::vector<Phrase> illegal;       // requests refused as unlawful
  std::vector<Phrase> out_of_scope;  // requests declined at once
  std::unique_ptr<FaqIndex> index;

  const FaqEntry* find(std::string_view id) const;
};

// Lesson ids the lessons feature answers ("learn:<id>").
const std::vector<std::string>& known_lessons();

// Reads content/faq/entries/*.json and content/faq/language.json.
std::shared_ptr<FaqContent> load_faq_content(const std::filesystem::path& content_dir, const Strings& strings,
                                             std::vector<ContentProblem>& problems);

ContentPart faq_content_part();

}  // namespace hocvuso::faq
