// Every problem an author can make is reported with its file and JSON path.
#include "flows/faq/faq_content.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "bot/text/fold.hpp"
#include "bot/text/normalize.hpp"

namespace hocvuso::faq {

namespace {

constexpr std::size_t kMaxIdLength = 40;      // "faq:show:<id>" stays well under 64 bytes
constexpr std::size_t kMaxTitleLength = 32;   // code points; buttons on small screens
constexpr std::size_t kMaxAnswerLength = 1200;  // bytes; one phone screen or two
constexpr std::size_t kMinParaphrases = 2;

bool valid_id(const std::string& id) {
  return !id.empty() && id.size() <= kMaxIdLength &&
         std::all_of(id.begin(), id.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

struct Reader {
  std::string file;
  std::vector<ContentProblem>& problems;
  void problem(const std::string& where, const std::string& what) const { problems.push_back({file, where, what}); }

  std::string string_at(const nlohmann::json& obj, const char* key, const std::string& where, bool required) const {
    auto it = obj.find(key);
    if (it == obj.end()) {
      if (required) problem(where + "." + key, "missing");
      return {};
    }
    if (!it->is_string() || (required && it->get<std::string>().empty())) {
      problem(where + "." + key, "must be a non-empty string");
      return {};
    }
    return it->get<std::string>();
  }

  std::vector<std::string> strings_at(const nlohmann::json& obj, const char* key, const std::string& where) const {
    std::vector<std::string> out;
    auto it = obj.find(key);
    if (it == obj.end()) return out;
    if (!it->is_array()) {
      problem(where + "." + key, "must be an array of strings");
      return out;
    }
    for (std::size_t i = 0; i < it->size(); ++i) {
      const auto& v = (*it)[i];
      if (!v.is_string() || v.get<std::string>().empty()) {
        problem(where + "." + key + "[" + std::to_string(i) + "]", "must be a non-empty string");
      } else {
        out.push_back(v.get<std::string>());
      }
    }
    return out;
  }
};

void read_entries(const std::filesystem::path& file, FaqContent& faq, std::set<std::string>& ids,
                  std::vector<std::vector<std::string>>& signal_texts, std::vector<ContentProblem>& problems) {
  auto doc = read_json_file(file, problems);
  if (!doc) return;
  Reader r{content_display_path(file), problems};
  if (!doc->is_object() || !doc->contains("entries") || !(*doc)["entries"].is_array()) {
    r.problem("entries", "must be an array of entries");
    return;
  }
  const auto& lessons = known_lessons();
  const auto& list = (*doc)["entries"];
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string where = "entries[" + std::to_string(i) + "]";
    const auto& e = list[i];
    if (!e.is_object()) {
      r.problem(where, "must be an object");
      continue;
    }
    FaqEntry entry;
    entry.id = r.string_at(e, "id", where, true);
    entry.topic = r.string_at(e, "topic", where, true);
    entry.title = r.string_at(e, "title", where, true);
    entry.question = r.string_at(e, "question", where, true);
    entry.answer = r.string_at(e, "answer", where, true);
    entry.lesson = r.string_at(e, "lesson", where, false);
    entry.paraphrases = r.strings_at(e, "paraphrases", where);
    if (auto it = e.find("scam"); it != e.end()) {
      if (it->is_boolean()) entry.scam = it->get<bool>();
      else r.problem(where + ".scam", "must be true or false");
    }
    signal_texts.push_back(r.strings_at(e, "signals", where));
    if (!signal_texts.back().empty() && !entry.scam)
      r.problem(where + ".signals", "only an entry with \"scam\": true has scam signals");
    if (!entry.id.empty() && !valid_id(entry.id))
      r.problem(where + ".id", "use a-z, 0-9 and '-', at most " + std::to_string(kMaxIdLength) + " characters");
    if (!entry.id.empty() && !ids.insert(entry.id).second) r.problem(where + ".id", "duplicate id " + entry.id);
    if (text::decode_utf8(entry.title).size() > kMaxTitleLength)
      r.problem(where + ".title", "longer than " + std::to_string(kMaxTitleLength) + " characters");
    if (entry.answer.size() > kMaxAnswerLength)
      r.problem(where + ".answer", "longer than " + std::to_string(kMaxAnswerLength) + " bytes");
    // Authors' source labels (facts-vi's "nguồn yếu") mean nothing to a citizen: the
    // answer says "theo hướng dẫn hiện có" / "chưa xác nhận" and points to a person.
    if (text::fold(entry.answer).find("nguon yeu") != std::string::npos)
      r.problem(where + ".answer", "shows the internal label \"nguồn yếu\"; write \"chưa xác nhận\"");
    if (entry.paraphrases.size() < kMinParaphrases)
      r.problem(where + ".paraphrases", "needs at least " + std::to_string(kMinParaphrases) + " ways of asking");
    if (!entry.lesson.empty() && std::find(lessons.begin(), lessons.end(), entry.lesson) == lessons.end())
      r.problem(where + ".lesson", "unknown lesson id " + entry.lesson);
    faq.entries.push_back(std::move(entry));
  }
}

struct Language {
  std::vector<Synonym> synonyms;
  std::vector<std::string> filler;
  std::vector<std::string> illegal;
  std::vector<std::string> out_of_scope;
  std::vector<std::string> scam_signals;
  std::vector<std::string> call_signals;
  std::vector<std::string> in_person;
  std::vector<std::string> victim;
  std::vector<std::string> after_the_fact;
  std::vector<std::string> small_talk;
  std::vector<std::string> thanks;
  std::map<std::string, std::vector<std::string>> topic_anchors;
  FormWords form;
};

void read_language(const std::filesystem::path& file, FaqContent& faq, Language& lang,
                   std::vector<ContentProblem>& problems) {
  auto doc = read_json_file(file, problems);
  if (!doc) return;
  Reader r{content_display_path(file), problems};
  if (!doc->is_object()) {
    r.problem("", "must be an object");
    return;
  }
  if (auto it = doc->find("synonyms"); it != doc->end() && it->is_array()) {
    for (std::size_t i = 0; i < it->size(); ++i) {
      const std::string where = "synonyms[" + std::to_string(i) + "]";
      Synonym s{r.string_at((*it)[i], "canonical", where, true), r.strings_at((*it)[i], "variants", where)};
      if (s.variants.empty()) r.problem(where + ".variants", "needs at least one variant");
      lang.synonyms.push_back(std::move(s));
    }
  } else {
    r.problem("synonyms", "must be an array");
  }
  lang.filler = r.strings_at(*doc, "filler", "");
  lang.illegal = r.strings_at(*doc, "illegal", "");
  lang.out_of_scope = r.strings_at(*doc, "out_of_scope", "");
  lang.scam_signals = r.strings_at(*doc, "scam_signals", "");
  lang.call_signals = r.strings_at(*doc, "call_signals", "");
  lang.in_person = r.strings_at(*doc, "in_person", "");
  lang.victim = r.strings_at(*doc, "victim", "");
  lang.after_the_fact = r.strings_at(*doc, "after_the_fact", "");
  lang.small_talk = r.strings_at(*doc, "small_talk", "");
  lang.thanks = r.strings_at(*doc, "thanks", "");
  // {"weight": 0.3, "words": ["ở", "đâu", ...]}: see FormWords. Without it every word
  // counts whole, and "đổi tiền lẻ ở đâu" meets any entry "ở đâu".
  if (auto it = doc->find("form_words"); it != doc->end() && it->is_object()) {
    lang.form.words = r.strings_at(*it, "words", "form_words");
    if (lang.form.words.empty()) r.problem("form_words.words", "needs at least one word");
    auto w = it->find("weight");
    if (w == it->end() || !w->is_number() || w->get<double>() < 0 || w->get<double>() > 1)
      r.problem("form_words.weight", "must be a number from 0 to 1");
    else
      lang.form.weight = w->get<double>();
  } else {
    r.problem("form_words", "must be an object {\"weight\": 0..1, \"words\": [...]}");
  }
  // {"vneid": ["vneid", "định danh", …], …}: see FaqContent::topic_anchors. Optional: a
  // topic without anchors answers long stories as before.
  if (auto it = doc->find("topic_anchors"); it != doc->end()) {
    if (!it->is_object()) {
      r.problem("topic_anchors", "must be an object {\"topic\": [\"word\", ...]}");
    } else {
      for (const auto& [topic, words] : it->items()) {
        lang.topic_anchors[topic] = r.strings_at(*it, topic.c_str(), "topic_anchors");
        if (lang.topic_anchors[topic].empty()) r.problem("topic_anchors." + topic, "needs at least one word");
      }
    }
  }
  faq.examples = r.strings_at(*doc, "examples", "");
  faq.scams = r.strings_at(*doc, "scams", "");
}

}  // namespace

Phrase phrase_as_typed(std::string_view text) {
  Phrase p;
  p.exact = text::syllables(text);
  for (const auto& w : p.exact) p.folded.push_back(text::fold(w));
  return p;
}

const FaqEntry* FaqContent::find(std::string_view id) const {
  auto it = std::find_if(entries.begin(), entries.end(), [&](const FaqEntry& e) { return e.id == id; });
  return it == entries.end() ? nullptr : &*it;
}

const std::vector<std::string>& known_lessons() {
  static const std::vector<std::string> ids = {"vneid-install", "vneid-levels",  "vneid-activate", "vneid-password",
                                               "vneid-new-phone", "vneid-documents", "dvc-portal", "payment-safety",
                                               "scams",           "binhdanhocvuso",  "health-book"};
  return ids;
}

std::shared_ptr<FaqContent> load_faq_content(const std::filesystem::path& content_dir, const Strings&,
                                             std::vector<ContentProblem>& problems) {
  auto faq = std::make_shared<FaqContent>();
  const auto dir = content_dir / "faq";
  const auto files = json_files_in(dir / "entries");
  if (files.empty()) problems.push_back({content_display_path(dir / "entries"), "", "no *.json entry files"});
  std::set<std::string> ids;
  std::vector<std::vector<std::string>> signal_texts;  // parallel to faq->entries
  for (const auto& f : files) read_entries(f, *faq, ids, signal_texts, problems);

  Language lang;
  const auto language = dir / "language.json";
  read_language(language, *faq, lang, problems);
  auto check_ids = [&](const std::vector<std::string>& list, const char* key) {
    for (std::size_t i = 0; i < list.size(); ++i)
      if (!faq->find(list[i]))
        problems.push_back({content_display_path(language), std::string(key) + "[" + std::to_string(i) + "]",
                            "no entry with id " + list[i]});
  };
  check_ids(faq->examples, "examples");
  check_ids(faq->scams, "scams");

  std::vector<IndexedDoc> docs;
  docs.reserve(faq->entries.size());
  for (const auto& e : faq->entries) {
    IndexedDoc d{e.paraphrases, e.answer};
    d.questions.push_back(e.question);
    d.questions.push_back(e.title);
    docs.push_back(std::move(d));
  }
  faq->index = std::make_unique<FaqIndex>(docs, std::move(lang.synonyms), std::move(lang.filler), lang.form);
  // The n-gram channel reads each wording as the BM25 channel does (abbreviations
  // rewritten, filler dropped), folded; a question's words it reads without typo
  // correction (faq_policy.cpp): letter runs are its own way of meeting a typo.
  faq->ngrams = std::make_unique<NgramIndex>(faq->index->folded_wordings());
  // Phrases go through the same rewriting as questions, so "mua tk ngân hàng" meets
  // "mua tài khoản ngân hàng".
  auto phrases = [&](const std::vector<std::string>& list, std::vector<Phrase>& out, const char* key) {
    for (std::size_t i = 0; i < list.size(); ++i) {
      Analysis a = faq->index->analyze(list[i], false);
      Phrase words{std::move(a.exact), std::move(a.folded)};
      if (words.folded.empty()) {
        problems.push_back({content_display_path(language), std::string(key) + "[" + std::to_string(i) + "]",
                            "only filler words: it would never match"});
      } else {
        out.push_back(std::move(words));
      }
    }
  };
  phrases(lang.out_of_scope, faq->out_of_scope, "out_of_scope");
  // These are matched against the words exactly as typed (no synonym, no filler
  // dropped): "bị hack" and "em ơi" are made of words the search drops as filler.
  auto typed = [](const std::vector<std::string>& list, std::vector<Phrase>& out) {
    for (const auto& t : list) out.push_back(phrase_as_typed(t));
  };
  // A refusal names an intent, often with words the search drops ("cách hack",
  // "hack giúp"): kept whole, or "cách hack" would become a bare "hack".
  typed(lang.illegal, faq->illegal);
  typed(lang.scam_signals, faq->scam_signals);
  typed(lang.call_signals, faq->call_signals);
  typed(lang.in_person, faq->in_person);
  typed(lang.victim, faq->victim);
  typed(lang.after_the_fact, faq->after_the_fact);
  typed(lang.small_talk, faq->small_talk);
  for (const auto& anchors : lang.topic_anchors) {
    const std::string& topic = anchors.first;  // not a structured binding: clang 14 cannot capture one
    const bool known = std::any_of(faq->entries.begin(), faq->entries.end(),
                                   [&topic](const FaqEntry& e) { return e.topic == topic; });
    if (!known) problems.push_back({content_display_path(language), "topic_anchors." + topic, "no entry has this topic"});
    typed(anchors.second, faq->topic_anchors[topic]);
  }
  typed(lang.thanks, faq->thanks);
  if (lang.scam_signals.empty())
    problems.push_back({content_display_path(language), "scam_signals",
                        "missing: without it no scam entry could ever answer"});
  for (std::size_t i = 0; i < faq->entries.size() && i < signal_texts.size(); ++i)
    typed(signal_texts[i], faq->entries[i].signals);
  return faq;
}

ContentPart faq_content_part() { return content_part<FaqContent>(load_faq_content); }

}  // namespace hocvuso::faq
