// Tests content loading and every located problem it reports (bot/content/content.hpp).
#include "bot/content/content.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "bot/app/runtime.hpp"
#include "support/temp_dir.hpp"

namespace hocvuso {
namespace {

using hocvuso::testing::TempDir;

const ContentSpec kRequired{{"greet", "bye"}, {}};
constexpr const char* kGoodVi = R"({"_comment": "for authors", "greet": "Chào {name}", "bye": "Tạm biệt"})";

std::string problems_text(const std::vector<ContentProblem>& problems) {
  std::string out;
  for (const auto& p : problems) out += p.to_string() + "\n";
  return out;
}

bool ends_with(const std::string& s, const std::string& suffix) { return s.ends_with(suffix); }

TEST(Content, ShippedContentLoads) {
  const std::filesystem::path dir = std::filesystem::path(HOCVUSO_SOURCE_DIR) / "content";
  EXPECT_EQ(problems_text(check_content(dir, content_spec())), "");
  const Content content = load_content(dir, content_spec());
  EXPECT_EQ(content.dir, dir);
  for (const auto& key : content_spec().required_keys) {
    EXPECT_TRUE(content.strings.has("vi", key)) << key;
  }
  EXPECT_FALSE(content.strings.has("vi", "_comment"));  // author notes are skipped
}

TEST(Content, GoodFixtureLoadsWithLocales) {
  TempDir tmp;
  tmp.write("content/strings/vi.json", kGoodVi);
  tmp.write("content/strings/en.json", R"({"greet": "Hello {name}"})");
  tmp.write("content/strings/README.txt", "not json, not read");
  const Content c = load_content(tmp / "content", kRequired);
  EXPECT_EQ(c.strings.get("greet", "en"), "Hello {name}");
  EXPECT_EQ(c.strings.get("bye", "en"), "Tạm biệt");
  EXPECT_EQ(c.strings.locales(), (std::vector<std::string>{"en", "vi"}));
}

struct BrokenCase {
  std::string name;
  std::vector<std::pair<std::string, std::string>> files;  // path under content/ -> bytes
  std::string file_suffix;                                  // the problem's file ends with this
  std::string location;
  std::string message_part;
};

TEST(Content, BrokenFixturesReportFileLocationAndReason) {
  const std::vector<BrokenCase> cases = {
      {"invalid JSON",
       {{"strings/vi.json", "{\n  \"greet\": \"x\",\n  \"bye\" \"y\"\n}"}},
       "strings/vi.json", "3:11", "parse error at line 3, column 11"},
      {"invalid JSON on the first byte", {{"strings/vi.json", ""}}, "strings/vi.json", "1:1", "invalid JSON"},
      {"not an object", {{"strings/vi.json", R"(["greet"])"}}, "strings/vi.json", "", "must be a JSON object"},
      {"non-string value",
       {{"strings/vi.json", R"({"greet": "Chào", "bye": "x", "note": 42})"}},
       "strings/vi.json", "note", "must be a string"},
      {"empty text",
       {{"strings/vi.json", R"({"greet": "Chào", "bye": "x", "note": ""})"}},
       "strings/vi.json", "note", "empty text"},
      {"missing required key in vi",
       {{"strings/vi.json", R"({"greet": "Chào"})"}},
       "strings/vi.json", "bye", "missing string used by the bot"},
      {"en key not in vi",
       {{"strings/vi.json", kGoodVi}, {"strings/en.json", R"({"greet": "Hi", "extra": "Extra"})"}},
       "strings/en.json", "extra", "key not in vi.json"},
      {"en placeholder not in vi",
       {{"strings/vi.json", kGoodVi}, {"strings/en.json", R"({"greet": "Hi {name}, {count} new"})"}},
       "strings/en.json", "greet", "placeholder {count} is not in the vi text"},
      {"missing strings directory", {{"other/x.json", "{}"}}, "content/strings", "", "missing directory"},
      {"missing vi.json", {{"strings/en.json", R"({"greet": "Hi"})"}}, "strings/vi.json", "", "missing"},
      // nlohmann rejects ill-formed UTF-8 while parsing, so it is reported with its position.
      {"invalid UTF-8",
       {{"strings/vi.json", "{\"greet\": \"Ch\xe0o\", \"bye\": \"x\"}"}},
       "strings/vi.json", "1:15", "ill-formed UTF-8"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    TempDir tmp;
    std::filesystem::create_directories(tmp / "content");
    for (const auto& [rel, bytes] : c.files) tmp.write("content/" + rel, bytes);

    const auto problems = check_content(tmp / "content", kRequired);
    ASSERT_EQ(problems.size(), 1u) << problems_text(problems);
    const ContentProblem& p = problems.front();
    EXPECT_TRUE(ends_with(p.file, c.file_suffix)) << p.file;
    EXPECT_EQ(p.location, c.location);
    EXPECT_NE(p.message.find(c.message_part), std::string::npos) << p.message;

    try {
      load_content(tmp / "content", kRequired);
      ADD_FAILURE() << "load_content did not throw";
    } catch (const ContentError& e) {
      ASSERT_EQ(e.problems().size(), 1u);
      EXPECT_EQ(e.problems()[0].to_string(), p.to_string());
      EXPECT_NE(std::string(e.what()).find(p.to_string()), std::string::npos) << e.what();
    }
  }
}

TEST(Content, CollectsEveryProblem) {
  TempDir tmp;
  tmp.write("content/strings/vi.json", R"({"greet": 1, "bye": ""})");
  tmp.write("content/strings/en.json", "{oops");
  const auto problems = check_content(tmp / "content", kRequired);
  // en.json: syntax; vi.json: greet not a string, bye empty, and so both required keys
  // are also missing (as when one entry is invalid, see below).
  EXPECT_EQ(problems.size(), 5u) << problems_text(problems);
  std::vector<std::string> files;
  for (const auto& p : problems) files.push_back(std::filesystem::path(p.file).filename().string());
  EXPECT_EQ(std::count(files.begin(), files.end(), "en.json"), 1);
  EXPECT_EQ(std::count(files.begin(), files.end(), "vi.json"), 4);
}

TEST(Content, InvalidRequiredEntryIsAlsoReportedMissing) {
  TempDir tmp;
  tmp.write("content/strings/vi.json", R"({"greet": "Chào", "bye": 42})");
  const auto problems = check_content(tmp / "content", kRequired);
  ASSERT_EQ(problems.size(), 2u) << problems_text(problems);
  EXPECT_EQ(problems[0].location, "bye");
  EXPECT_EQ(problems[0].message, "must be a string");
  EXPECT_EQ(problems[1].location, "bye");
  EXPECT_EQ(problems[1].message, "missing string used by the bot");
}

// A vi.json with no usable entry still reports every required key as missing, so the
// bot never answers with raw keys.
TEST(Content, EmptyViStillReportsMissingRequiredKeys) {
  TempDir tmp;
  tmp.write("content/strings/vi.json", R"({"_comment": "nothing yet"})");
  const auto problems = check_content(tmp / "content", kRequired);
  EXPECT_EQ(problems.size(), kRequired.required_keys.size()) << problems_text(problems);
  EXPECT_THROW(load_content(tmp / "content", kRequired), ContentError);
}

TEST(ContentProblem, ToString) {
  EXPECT_EQ((ContentProblem{"content/strings/vi.json", "3:9", "invalid JSON"}.to_string()),
            "content/strings/vi.json:3:9: invalid JSON");
  EXPECT_EQ((ContentProblem{"content/strings", "", "missing directory"}.to_string()),
            "content/strings: missing directory");
}


// A feature's part is loaded after the strings, its problems reported with the
// others, and the loaded data found by type.
struct Greeting {
  std::string text;
};

TEST(Content, PartsAreLoadedAndFoundByType) {
  TempDir tmp;
  tmp.write("content/strings/vi.json", R"({"greet": "Chào", "bye": "Tạm biệt"})");
  tmp.write("content/greeting.json", R"({"text": "xin chào"})");
  ContentSpec spec = kRequired;
  spec.parts.push_back(content_part<Greeting>(
      [](const std::filesystem::path& dir, const Strings&, std::vector<ContentProblem>& problems) {
        auto doc = read_json_file(dir / "greeting.json", problems);
        auto g = std::make_shared<Greeting>();
        if (doc) g->text = doc->value("text", "");
        return g;
      }));
  const Content c = load_content(tmp / "content", spec);
  EXPECT_EQ(c.get<Greeting>().text, "xin chào");

  tmp.write("content/greeting.json", R"({"text": )");
  const auto problems = check_content(tmp / "content", spec);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].file, (tmp / "content/greeting.json").lexically_normal().generic_string());
  EXPECT_NE(problems[0].message.find("invalid JSON"), std::string::npos);
  EXPECT_THROW(load_content(tmp / "content", spec), ContentError);
}

}  // namespace
}  // namespace hocvuso
