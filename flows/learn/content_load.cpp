// Loads content/learning/ and checks everything an author can get wrong: the schema,
// steps that lead nowhere or that nothing leads to, duplicate ids, labels and
// payloads over the platforms' limits, quiz answers that point at no option, and
// translations that name what vi does not have.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "flows/learn/content.hpp"
#include "flows/learn/payloads.hpp"

namespace hocvuso::learn {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::size_t utf8_chars(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// Ids end up in payloads: short ASCII without the ':' separator.
bool valid_id(std::string_view id) {
  if (id.empty() || id.size() > 24) return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
  }
  return true;
}

// Problems of one file, located by JSON path.
class FileCheck {
 public:
  FileCheck(fs::path file, std::vector<ContentProblem>& problems) : file_(std::move(file)), problems_(problems) {}

  void problem(const std::string& where, const std::string& message) {
    problems_.push_back({content_display_path(file_), where, message});
  }

  // A required non-empty string member; "" (and a problem) when absent.
  std::string text(const json& obj, const char* key, const std::string& where, bool required = true) {
    auto it = obj.find(key);
    if (it == obj.end()) {
      if (required) problem(where, std::string("missing \"") + key + "\"");
      return {};
    }
    if (!it->is_string() || it->get<std::string>().empty()) {
      problem(join(where, key), "must be a non-empty string");
      return {};
    }
    return it->get<std::string>();
  }

  std::string id(const json& obj, const std::string& where) {
    std::string v = text(obj, "id", where);
    if (!v.empty() && !valid_id(v)) problem(join(where, "id"), "\"" + v + "\" must be 1-24 of a-z 0-9 - _");
    return v;
  }

  void label(const std::string& value, const std::string& where) {
    if (utf8_chars(value) > kMaxLabelChars) {
      problem(where, "button label \"" + value + "\" is longer than " + std::to_string(kMaxLabelChars) +
                         " characters (Zalo)");
    }
  }

  void payload(const std::string& value, const std::string& where) {
    if (value.size() > kMaxPayloadBytes) {
      problem(where, "button payload \"" + value + "\" is longer than " + std::to_string(kMaxPayloadBytes) +
                         " bytes (Telegram callback_data)");
    }
  }

  static std::string join(const std::string& where, const std::string& key) {
    return where.empty() ? key : where + "." + key;
  }

 private:
  fs::path file_;
  std::vector<ContentProblem>& problems_;
};

const json& empty_object() {
  static const json empty = json::object();
  return empty;
}

std::string at(const std::string& array, std::size_t i) { return array + "[" + std::to_string(i) + "]"; }

void load_steps(const json& doc, Lesson& lesson, FileCheck& check) {
  auto it = doc.find("steps");
  if (it == doc.end() || !it->is_array() || it->empty()) {
    check.problem("steps", "must be a non-empty array of steps");
    return;
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < it->size(); ++i) {
    const json& s = (*it)[i];
    const std::string where = at("steps", i);
    if (!s.is_object()) {
      check.problem(where, "must be an object");
      continue;
    }
    Step step;
    step.id = check.id(s, where);
    step.text = check.text(s, "text", where);
    step.image = check.text(s, "image", where, false);
    if (!step.image.empty() && !step.image.starts_with("https://")) {
      check.problem(where + ".image", "must be an https:// URL");
    }
    step.next = check.text(s, "next", where, false);
    step.platform = check.text(s, "platform", where, false);
    if (!step.platform.empty() && step.platform != "android" && step.platform != "iphone")
      check.problem(where + ".platform", "must be \"android\" or \"iphone\"");
    if (auto c = s.find("choices"); c != s.end()) {
      if (!c->is_array() || c->size() < 2) check.problem(where + ".choices", "must be an array of 2 or more");
      for (std::size_t k = 0; c->is_array() && k < c->size(); ++k) {
        const std::string cw = where + "." + at("choices", k);
        if (!(*c)[k].is_object()) {
          check.problem(cw, "must be an object {\"label\", \"go\"}");
          continue;
        }
        Choice choice{check.text((*c)[k], "label", cw), check.text((*c)[k], "go", cw)};
        check.label(choice.label, cw + ".label");
        step.choices.push_back(std::move(choice));
      }
    }
    if (!step.next.empty() && !step.choices.empty()) check.problem(where, "has both \"next\" and \"choices\"");
    if (!step.id.empty() && !seen.insert(step.id).second) {
      check.problem(where + ".id", "duplicate step id \"" + step.id + "\"");
    }
    lesson.steps.push_back(std::move(step));
  }
}

// Every "next" and "go" names a step; every step is reachable from the start.
void check_graph(const Lesson& lesson, FileCheck& check) {
  if (!lesson.start.empty() && !lesson.step(lesson.start)) {
    check.problem("start", "step \"" + lesson.start + "\" does not exist");
    return;
  }
  for (std::size_t i = 0; i < lesson.steps.size(); ++i) {
    const Step& s = lesson.steps[i];
    if (!s.next.empty() && !lesson.step(s.next)) {
      check.problem(at("steps", i) + ".next", "step \"" + s.next + "\" does not exist (dangling)");
    }
    for (std::size_t k = 0; k < s.choices.size(); ++k) {
      const std::string& go = s.choices[k].go;
      if (!go.empty() && !lesson.step(go)) {
        check.problem(at("steps", i) + "." + at("choices", k) + ".go", "step \"" + go + "\" does not exist (dangling)");
      }
      check.payload(make_payload(kShowStep, {lesson.id, go}), at("steps", i) + "." + at("choices", k));
    }
    check.payload(make_payload(kShowStep, {lesson.id, s.id}), at("steps", i) + ".id");
  }
  std::set<std::string> reached;
  std::vector<std::string> to_visit = {lesson.start};
  while (!to_visit.empty()) {
    std::string id = to_visit.back();
    to_visit.pop_back();
    const Step* s = lesson.step(id);
    if (!s || !reached.insert(id).second) continue;
    if (!s->next.empty()) to_visit.push_back(s->next);
    for (const auto& c : s->choices) to_visit.push_back(c.go);
  }
  for (std::size_t i = 0; i < lesson.steps.size(); ++i) {
    if (!lesson.steps[i].id.empty() && !reached.contains(lesson.steps[i].id)) {
      check.problem(at("steps", i), "step \"" + lesson.steps[i].id + "\" is unreachable from the start step");
    }
  }
}

// A step's buttons (lesson_flow.cpp show_step): Tiếp or its choices, Quay lại except at
// the start, Làm lại từ đầu, Về menu, and on the last step the quiz. Zalo OA shows four
// in one message and the rest in a second one (adapters/zalo); three messages is too many.
void check_button_count(const Lesson& lesson, FileCheck& check) {
  for (std::size_t i = 0; i < lesson.steps.size(); ++i) {
    const std::size_t count = step_button_count(lesson, lesson.steps[i]);
    if (count > kMaxStepButtons) {
      check.problem(at("steps", i), "shows " + std::to_string(count) + " buttons, more than " +
                                         std::to_string(kMaxStepButtons) + " (two Zalo OA messages of " +
                                         std::to_string(kMaxButtons) + "); use fewer choices");
    }
  }
}

// "answer" must fit the item's type and options.
void load_answer(const json& q, QuizItem& item, const std::string& where, FileCheck& check) {
  auto a = q.find("answer");
  if (a == q.end()) {
    check.problem(where, "missing \"answer\"");
    return;
  }
  const int n = static_cast<int>(item.options.size());
  auto index = [&](const json& v, const std::string& w) {
    if (!v.is_number_integer() || v.get<int>() < 0 || v.get<int>() >= n) {
      check.problem(w, "answer must be an option index 0.." + std::to_string(n - 1));
      return;
    }
    item.answer.push_back(v.get<int>());
  };
  switch (item.kind) {
    case ItemKind::truefalse:
    case ItemKind::yes_no:
      if (!a->is_boolean()) {
        check.problem(where + ".answer", "a true/false or yes/no item's answer must be true or false");
      } else {
        item.answer = {a->get<bool>() ? 0 : 1};
      }
      break;
    case ItemKind::single:
      index(*a, where + ".answer");
      break;
    case ItemKind::multi:
      if (!a->is_array() || a->empty()) {
        check.problem(where + ".answer", "a multiple-choice item's answer must be a non-empty array of indices");
        break;
      }
      for (std::size_t k = 0; k < a->size(); ++k) index((*a)[k], where + "." + at("answer", k));
      if (std::set<int>(item.answer.begin(), item.answer.end()).size() != item.answer.size()) {
        check.problem(where + ".answer", "duplicate index in answer");
      }
      break;
  }
}

void load_quiz(const json& doc, Lesson& lesson, FileCheck& check) {
  auto it = doc.find("quiz");
  if (it == doc.end()) return;  // a lesson may have no quiz
  const json& quiz = *it;
  if (!quiz.is_object()) {
    check.problem("quiz", "must be an object {\"pass\", \"items\"}");
    return;
  }
  if (auto p = quiz.find("pass"); p != quiz.end()) {
    if (!p->is_number_integer() || p->get<int>() < 1 || p->get<int>() > 100) {
      check.problem("quiz.pass", "must be a whole percent 1..100");
    } else {
      lesson.pass_percent = p->get<int>();
    }
  }
  auto items = quiz.find("items");
  if (items == quiz.end() || !items->is_array() || items->empty()) {
    check.problem("quiz.items", "must be a non-empty array of items");
    return;
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < items->size(); ++i) {
    const json& q = (*items)[i];
    const std::string where = "quiz." + at("items", i);
    if (!q.is_object()) {
      check.problem(where, "must be an object");
      continue;
    }
    QuizItem item;
    item.id = check.id(q, where);
    const std::string type = check.text(q, "type", where);
    if (type == "single") {
      item.kind = ItemKind::single;
    } else if (type == "multi") {
      item.kind = ItemKind::multi;
    } else if (type == "truefalse") {
      item.kind = ItemKind::truefalse;
    } else if (type == "yes_no") {
      item.kind = ItemKind::yes_no;
    } else if (!type.empty()) {
      check.problem(where + ".type", "\"" + type + "\" is not single, multi, truefalse or yes_no");
    }
    item.platform = check.text(q, "platform", where, false);
    if (!item.platform.empty() && item.platform != "android" && item.platform != "iphone")
      check.problem(where + ".platform", "must be \"android\" or \"iphone\"");
    item.question = check.text(q, "question", where);
    item.explain = check.text(q, "explain", where);
    if (!two_buttons(item.kind)) {
      auto o = q.find("options");
      // Options are lettered A-D on the buttons, so they fit any platform.
      if (o == q.end() || !o->is_array() || o->size() < 2 || o->size() > 4) {
        check.problem(where + ".options", "must be an array of 2 to 4 options");
      } else {
        for (std::size_t k = 0; k < o->size(); ++k) {
          if (!(*o)[k].is_string() || (*o)[k].get<std::string>().empty()) {
            check.problem(where + "." + at("options", k), "must be a non-empty string");
          } else {
            item.options.push_back((*o)[k].get<std::string>());
          }
        }
      }
    } else if (q.contains("options")) {
      check.problem(where + ".options", "a true/false or yes/no item has no options (buttons Đúng / Sai, Có / Không)");
    }
    load_answer(q, item, where, check);
    if (!item.id.empty() && !seen.insert(item.id).second) {
      check.problem(where + ".id", "duplicate quiz item id \"" + item.id + "\"");
    }
    check.payload(make_payload(kReview, {lesson.id, item.id, "9"}), where + ".id");
    lesson.quiz.push_back(std::move(item));
  }
}

std::optional<Lesson> load_lesson(const fs::path& file, std::vector<ContentProblem>& problems) {
  auto doc = read_json_file(file, problems);
  if (!doc) return std::nullopt;
  FileCheck check(file, problems);
  if (!doc->is_object()) {
    check.problem("", "must be a JSON object (a lesson)");
    return std::nullopt;
  }
  Lesson lesson;
  lesson.id = check.id(*doc, "");
  lesson.title = check.text(*doc, "title", "");
  lesson.label = check.text(*doc, "label", "");
  check.label(lesson.label, "label");
  lesson.start = check.text(*doc, "start", "");
  check.payload(make_payload(kStartLesson, {lesson.id}), "id");
  load_steps(*doc, lesson, check);
  if (!lesson.start.empty()) check_graph(lesson, check);
  load_quiz(*doc, lesson, check);
  check_button_count(lesson, check);
  return lesson;
}

// A translation names only what vi has, with as many choices and options.
void load_translation(const fs::path& file, const std::string& locale, Learning& learning,
                      std::vector<ContentProblem>& problems) {
  auto doc = read_json_file(file, problems);
  if (!doc) return;
  FileCheck check(file, problems);
  if (!doc->is_object()) {
    check.problem("", "must be a JSON object (a lesson translation)");
    return;
  }
  const std::string id = check.text(*doc, "id", "");
  Lesson* lesson = nullptr;
  for (auto& l : learning.lessons) {
    if (l.id == id) lesson = &l;
  }
  if (!lesson) {
    if (!id.empty()) check.problem("id", "lesson \"" + id + "\" is not in vi (a translation's keys must be a subset of vi's)");
    return;
  }
  LessonText text;
  text.title = check.text(*doc, "title", "", false);
  text.label = check.text(*doc, "label", "", false);
  check.label(text.label, "label");
  if (auto steps = doc->find("steps"); steps != doc->end()) {
    if (!steps->is_object()) check.problem("steps", "must be an object step id -> {text, choices}");
    const json& by_step = steps->is_object() ? *steps : empty_object();
    for (const auto& [sid, s] : by_step.items()) {
      const std::string where = "steps." + sid;
      const Step* vi = lesson->step(sid);
      if (!vi) {
        check.problem(where, "step \"" + sid + "\" is not in vi (a translation's keys must be a subset of vi's)");
        continue;
      }
      StepText st;
      st.text = check.text(s, "text", where, false);
      if (auto c = s.find("choices"); c != s.end()) {
        if (!c->is_array() || c->size() != vi->choices.size()) {
          check.problem(where + ".choices", "must have as many labels as vi (" + std::to_string(vi->choices.size()) + ")");
        } else {
          for (std::size_t k = 0; k < c->size(); ++k) {
            st.choices.push_back((*c)[k].is_string() ? (*c)[k].get<std::string>() : std::string());
            if (st.choices.back().empty()) check.problem(where + "." + at("choices", k), "must be a non-empty string");
            check.label(st.choices.back(), where + "." + at("choices", k));
          }
        }
      }
      text.steps.emplace(sid, std::move(st));
    }
  }
  if (auto items = doc->find("quiz"); items != doc->end()) {
    if (!items->is_object()) check.problem("quiz", "must be an object item id -> {question, options, explain}");
    const json& by_item = items->is_object() ? *items : empty_object();
    for (const auto& [qid, q] : by_item.items()) {
      const std::string where = "quiz." + qid;
      const QuizItem* vi = lesson->item(qid);
      if (!vi) {
        check.problem(where, "quiz item \"" + qid + "\" is not in vi (a translation's keys must be a subset of vi's)");
        continue;
      }
      ItemText it;
      it.question = check.text(q, "question", where, false);
      it.explain = check.text(q, "explain", where, false);
      if (auto o = q.find("options"); o != q.end()) {
        if (!o->is_array() || o->size() != vi->options.size()) {
          check.problem(where + ".options", "must have as many options as vi (" + std::to_string(vi->options.size()) + ")");
        } else {
          for (const auto& v : *o) it.options.push_back(v.is_string() ? v.get<std::string>() : std::string());
        }
      }
      text.items.emplace(qid, std::move(it));
    }
  }
  lesson->translations.emplace(locale, std::move(text));
}

std::vector<std::string> id_list(const json& obj, const char* key, const std::string& where, FileCheck& check) {
  std::vector<std::string> out;
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_array()) {
    check.problem(FileCheck::join(where, key), "must be an array of lesson ids");
    return out;
  }
  for (const auto& v : *it) out.push_back(v.is_string() ? v.get<std::string>() : std::string());
  return out;
}


}  // namespace

std::shared_ptr<const Learning> load_learning(const fs::path& dir, const std::vector<std::string>& required_ids,
                                              std::vector<ContentProblem>& problems) {
  const std::size_t before = problems.size();
  const fs::path root = dir / "learning";
  auto learning = std::make_shared<Learning>();

  std::map<std::string, Lesson> by_id;
  std::map<std::string, fs::path> file_of;
  for (const auto& file : json_files_in(root / "vi")) {
    auto lesson = load_lesson(file, problems);
    if (!lesson || lesson->id.empty()) continue;
    if (file_of.contains(lesson->id)) {
      FileCheck(file, problems).problem("id", "duplicate lesson id \"" + lesson->id + "\" (also in " +
                                                 content_display_path(file_of[lesson->id]) + ")");
      continue;
    }
    file_of[lesson->id] = file;
    by_id.emplace(lesson->id, std::move(*lesson));
  }

  const fs::path index_file = root / "learning.json";
  auto index = read_json_file(index_file, problems);
  if (index) {
    FileCheck check(index_file, problems);
    std::set<std::string> listed;
    const auto order = id_list(*index, "order", "", check);
    for (std::size_t i = 0; i < order.size(); ++i) {
      if (!listed.insert(order[i]).second) {
        check.problem(at("order", i), "duplicate lesson id \"" + order[i] + "\"");
      } else if (auto it = by_id.find(order[i]); it == by_id.end()) {
        check.problem(at("order", i), "lesson \"" + order[i] + "\" has no file vi/" + order[i] + ".json");
      } else {
        learning->lessons.push_back(it->second);
      }
    }
    for (const auto& [id, file] : file_of) {
      if (!listed.contains(id)) {
        FileCheck(file, problems).problem("id", "lesson \"" + id + "\" is not in learning.json \"order\" (unreachable)");
      }
    }
    const auto path_it = index->find("path");
    if (path_it == index->end() || !path_it->is_object()) {
      check.problem("path", "missing learning path {id, title, lessons, quizzes}");
    } else {
      LearningPath& path = learning->path;
      path.id = check.id(*path_it, "path");
      path.title = check.text(*path_it, "title", "path");
      path.lessons = id_list(*path_it, "lessons", "path", check);
      path.quizzes = id_list(*path_it, "quizzes", "path", check);
      for (std::size_t i = 0; i < path.lessons.size(); ++i) {
        if (!listed.contains(path.lessons[i])) check.problem("path." + at("lessons", i), "unknown lesson \"" + path.lessons[i] + "\"");
      }
      for (std::size_t i = 0; i < path.quizzes.size(); ++i) {
        auto it = by_id.find(path.quizzes[i]);
        if (it == by_id.end() || it->second.quiz.empty()) {
          check.problem("path." + at("quizzes", i), "\"" + path.quizzes[i] + "\" is not a lesson with a quiz");
        }
      }
    }
    for (const auto& id : required_ids) {
      if (!listed.contains(id)) check.problem("order", "lesson \"" + id + "\" is missing (other features link to learn:" + id + ")");
    }
  }

  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(root, ec)) {
    const std::string locale = entry.path().filename().string();
    if (!entry.is_directory() || locale == "vi") continue;
    for (const auto& file : json_files_in(entry.path())) load_translation(file, locale, *learning, problems);
  }
  if (ec) problems.push_back({content_display_path(root), "", "missing directory: lessons live in learning/vi/"});

  if (problems.size() != before) return nullptr;
  return learning;
}

const std::vector<std::string>& button_label_keys() {
  static const std::vector<std::string> keys = {
      "learn.next",  "learn.back",  "learn.restart",     "learn.take_quiz", "learn.continue", "learn.more", "quiz.true",
      "quiz.false",  "quiz.yes",    "quiz.no",           "quiz.next_lesson",  "quiz.done",   "quiz.retry_wrong",  "quiz.again",      "quiz.relearn",   "locale.name",
      "menu.back"};
  return keys;
}

void check_button_labels(const fs::path& dir, const Strings& strings, std::vector<ContentProblem>& problems) {
  for (const auto& locale : strings.locales()) {
    const auto* table = strings.table(locale);
    for (const auto& key : button_label_keys()) {
      auto it = table->find(key);
      if (it != table->end() && utf8_chars(it->second) > kMaxLabelChars) {
        problems.push_back({content_display_path(dir / "strings" / (locale + ".json")), key,
                            "button label \"" + it->second + "\" is longer than " + std::to_string(kMaxLabelChars) +
                                " characters (Zalo)"});
      }
    }
  }
}

ContentPart learning_content_part() {
  return content_part<Learning>([](const fs::path& dir, const Strings& strings, std::vector<ContentProblem>& problems) {
    const std::size_t before = problems.size();
    check_button_labels(dir, strings, problems);
    auto learning = load_learning(dir, linked_lesson_ids(), problems);
    return problems.size() == before ? learning : nullptr;
  });
}

std::size_t step_button_count(const Lesson& lesson, const Step& s) {
  return (s.next.empty() ? 0 : 1) + s.choices.size() + (s.id == lesson.start ? 0 : 1) + 2 +
         (s.last() && !lesson.quiz.empty() ? 1 : 0);
}

std::vector<std::string> zalo_button_notes(const Learning& learning) {
  std::vector<std::string> out;
  for (const Lesson& lesson : learning.lessons) {
    for (std::size_t i = 0; i < lesson.steps.size(); ++i) {
      const std::size_t count = step_button_count(lesson, lesson.steps[i]);
      if (count <= kMaxButtons) continue;
      out.push_back("learning/vi/" + lesson.id + ".json:" + at("steps", i) + ": note: step \"" + lesson.steps[i].id +
                    "\" shows " + std::to_string(count) + " buttons; Zalo OA shows at most " +
                    std::to_string(kMaxButtons) + " a message, so it takes " +
                    std::to_string((count + kMaxButtons - 1) / kMaxButtons) +
                    " messages (the rest under \"Xem thêm:\"); fewer choices keep them together");
    }
  }
  return out;
}

}  // namespace hocvuso::learn
