// The FAQ as loaded from content/faq/: entries, the language table (synonyms,
// filler words, refused and out-of-scope requests) and the index built from them
// once per load.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bot/content/content.hpp"
#include "flows/faq/faq_index.hpp"
#include "flows/faq/faq_ngrams.hpp"

namespace hocvuso::faq {

struct FaqEntry {
  std::string id;
  std::string topic;
  std::string title;  // short, for buttons
  std::string question;
  std::vector<std::string> paraphrases;
  std::string answer;
  std::string lesson;  // a lesson id (button "learn:<id>"), or empty
  // The answer tells the person that something is a scam ("⛔ Lừa đảo…"). Such an
  // entry is offered only when the question describes a scam signal (an unknown
  // caller, a link or file sent, a demand for an OTP, money or an app install:
  // language.json `scam_signals`, or the entry's own `signals`), so a lawful question
  // that shares its words ("trả tiền điện qua điện thoại") never gets a scam verdict.
  bool scam = false;
  std::vector<Phrase> signals;  // extra scam signals of this entry, analysed
};

struct FaqContent {
  std::vector<FaqEntry> entries;
  std::vector<std::string> examples;  // entry ids offered as buttons by menu:faq
  std::vector<std::string> scams;     // entry ids listed by menu:scam
  std::vector<Phrase> illegal;       // requests refused as unlawful
  std::vector<Phrase> out_of_scope;  // requests declined at once
  std::vector<Phrase> scam_signals;  // what makes a question a scam report (see FaqEntry::scam)
  // A call is a scam signal unless it asks the person to come in person ("công an xã gọi
  // điện nhắc lên làm căn cước", "ngân hàng gọi mời ra chi nhánh"): scams are done over
  // the phone, the real office receives you.
  std::vector<Phrase> call_signals;
  std::vector<Phrase> in_person;
  std::vector<Phrase> victim;        // "bị hack", "trình báo"…: a victim's report, never refused
  std::vector<Phrase> after_the_fact;  // "lỡ", "đã cài": no scam warning, the what-to-do-now entries
  std::vector<Phrase> small_talk;    // "khỏe không", "có ai không"…: a friendly word and the menu
  std::vector<Phrase> thanks;        // "cảm ơn"…: small talk answered with "không có gì"
  // Words that name a topic ("vneid", "định danh"; "thanh toán", "mã qr"): a long story
  // is answered from a topic only when it names it. A story about a wifi password or a
  // savings rate shares everyday words with the entries but names none of their topics.
  std::map<std::string, std::vector<Phrase>, std::less<>> topic_anchors;
  std::unique_ptr<FaqIndex> index;
  std::unique_ptr<NgramIndex> ngrams;  // the second channel, over the same wordings

  const FaqEntry* find(std::string_view id) const;
};

// A phrase of the words exactly as typed: normalized syllables and their folded
// forms, no synonym rewritten, no filler dropped.
Phrase phrase_as_typed(std::string_view text);

// Lesson ids the lessons feature answers ("learn:<id>").
const std::vector<std::string>& known_lessons();

// Reads content/faq/entries/*.json and content/faq/language.json.
std::shared_ptr<FaqContent> load_faq_content(const std::filesystem::path& content_dir, const Strings& strings,
                                             std::vector<ContentProblem>& problems);

ContentPart faq_content_part();

}  // namespace hocvuso::faq
