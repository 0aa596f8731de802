// Runs every tests/transcripts/*.story as one test: user turns go through
// handle_jsonl_line (the engine behind `hocvuso chat --jsonl`), expectations are
// checked against the JSON line that comes back. The format is in README.md here.
// Strict, so a story fails when the product is wrong: every turn carries at least one
// expectation, and a turn is answered by exactly one reply unless it says otherwise
// (`replies: N`, `no reply`, `error:`).
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "bot/app/chat.hpp"
#include "bot/core/command.hpp"
#include "support/temp_dir.hpp"
#include "support/unescape.hpp"  // "\n" in a story line is a line break in the reply

namespace hocvuso {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::vector<std::string> split_bar(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string part;
  while (std::getline(ss, part, '|')) out.push_back(trim(part));
  return out;
}

class Story {
 public:
  Story(fs::path file, Runtime& core) : file_(std::move(file)), core_(core) {}

  void run() {
    std::ifstream in(file_);
    ASSERT_TRUE(in) << "cannot read " << file_;
    std::string line;
    while (std::getline(in, line)) {
      ++line_no_;
      const std::string s = trim(line);
      if (s.empty() || s.starts_with("#")) continue;
      if (s.starts_with(">>")) {
        finish_turn();
        send_line(trim(s.substr(2)));
      } else if (s.starts_with(">")) {
        finish_turn();
        send(trim(s.substr(1)));
      } else {
        ++expectations_;
        expect(s);
      }
    }
    finish_turn();
    EXPECT_GT(turns_, 0) << file_ << ": no turns";
  }

 private:
  std::string where() const { return file_.filename().string() + ":" + std::to_string(line_no_); }
  std::string turn_where() const { return file_.filename().string() + ":" + std::to_string(turn_line_); }

  // The checks every turn gets, once its expectation lines are read.
  void finish_turn() {
    if (turns_ > 0) {
      EXPECT_GT(expectations_, 0) << turn_where() << ": the turn expects nothing (add `< text`, `replies: N` or "
                                  << "`no reply`)\nreplies: " << last_.dump();
      if (!count_given_) {
        EXPECT_EQ(last_["replies"].size(), 1u)
            << turn_where() << ": one reply is implied; write `replies: N` or `no reply` when that is right\nreplies: "
            << last_.dump();
      }
    }
    turn_line_ = line_no_;
    expectations_ = 0;
    count_given_ = false;
  }

  // "> {json}" raw protocol line; "> u1: text"; "> u1 button: payload"; "> u1 press: label"
  void send(const std::string& turn) {
    std::string line;
    if (turn.starts_with("{")) {
      line = turn;
    } else {
      auto colon = turn.find(':');
      ASSERT_NE(colon, std::string::npos) << where() << ": expected '> user: text'";
      std::string who = trim(turn.substr(0, colon));
      std::string what = trim(turn.substr(colon + 1));
      if (who.ends_with(" button")) {
        line = json{{"user", trim(who.substr(0, who.size() - 7))}, {"button", what}}.dump();
      } else if (who.ends_with(" press")) {
        std::string payload = payload_of(what);
        ASSERT_FALSE(payload.empty()) << where() << ": no button labelled \"" << what << "\" in the last replies";
        line = json{{"user", trim(who.substr(0, who.size() - 6))}, {"button", payload}}.dump();
      } else {
        line = json{{"user", who}, {"text", what}}.dump();
      }
    }
    send_line(line);
  }

  void send_line(const std::string& line) {
    const std::string out = handle_jsonl_line(core_, line);
    ASSERT_EQ(out.find('\n'), std::string::npos) << where() << ": output must be one line";
    last_ = json::parse(out);
    ++turns_;
  }

  std::string payload_of(const std::string& label) const {
    for (const auto& r : last_["replies"]) {
      for (const auto& row : r["buttons"]) {
        for (const auto& b : row) {
          if (b["label"] == label) return b["payload"];
        }
      }
    }
    return {};
  }

  std::string all_text() const {
    std::string t;
    for (const auto& r : last_["replies"]) t += r["text"].get<std::string>() + "\n";
    return t;
  }

  bool some_reply_is(const std::string& text) const {
    for (const auto& r : last_["replies"]) {
      if (r["text"] == text) return true;
    }
    return false;
  }

  std::vector<std::string> flat(const char* field) const {
    std::vector<std::string> out;
    for (const auto& r : last_["replies"]) {
      for (const auto& row : r["buttons"]) {
        for (const auto& b : row) out.push_back(b[field]);
      }
    }
    return out;
  }

  void expect(const std::string& s) {
    ASSERT_GT(turns_, 0) << where() << ": expectation before any turn";
    auto value = [&](std::size_t prefix) { return trim(s.substr(prefix)); };
    if (s.starts_with("<")) {
      EXPECT_NE(all_text().find(value(1)), std::string::npos)
          << where() << ": reply does not contain \"" << value(1) << "\"\nreplies: " << last_.dump();
    } else if (s.starts_with("!")) {
      EXPECT_EQ(all_text().find(value(1)), std::string::npos)
          << where() << ": reply contains \"" << value(1) << "\"\nreplies: " << last_.dump();
    } else if (s.starts_with("buttons:")) {
      EXPECT_EQ(flat("label"), split_bar(value(8))) << where() << "\nreplies: " << last_.dump();
    } else if (s.starts_with("payloads:")) {
      EXPECT_EQ(flat("payload"), split_bar(value(9))) << where() << "\nreplies: " << last_.dump();
    } else if (s.starts_with("=")) {
      EXPECT_TRUE(some_reply_is(hocvuso::testing::unescape_newlines(value(1)))) << where() << ": no reply is exactly \"" << value(1)
                                                      << "\"\nreplies: " << last_.dump();
    } else if (s.starts_with("faq:")) {
      // The FAQ entry answered, by its id: its 👍 button carries it (faq:up:<id>).
      const auto payloads = flat("payload");
      EXPECT_NE(std::find(payloads.begin(), payloads.end(), "faq:up:" + value(4)), payloads.end())
          << where() << ": not answered by FAQ entry " << value(4) << "\nreplies: " << last_.dump();
    } else if (s == "no reply") {
      count_given_ = true;
      EXPECT_TRUE(last_["replies"].empty()) << where() << "\nreplies: " << last_.dump();
    } else if (s.starts_with("replies:")) {
      count_given_ = true;
      EXPECT_EQ(last_["replies"].size(), std::stoul(value(8))) << where() << "\nreplies: " << last_.dump();
    } else if (s.starts_with("chat:")) {
      EXPECT_FALSE(last_["replies"].empty()) << where() << ": `chat:` needs a reply";
      for (const auto& r : last_["replies"]) EXPECT_EQ(r["chat"], value(5)) << where();
    } else if (s.starts_with("error:")) {
      count_given_ = true;
      ASSERT_TRUE(last_.contains("error")) << where() << ": expected an error\n" << last_.dump();
      EXPECT_NE(last_["error"].get<std::string>().find(value(6)), std::string::npos) << where() << last_.dump();
    } else {
      ADD_FAILURE() << where() << ": unknown expectation \"" << s << "\"";
    }
  }

  fs::path file_;
  Runtime& core_;
  json last_;
  int line_no_ = 0;
  int turns_ = 0;
  int turn_line_ = 0;     // where the turn being checked was written
  int expectations_ = 0;  // its expectation lines so far
  bool count_given_ = false;  // it said how many replies (replies:, no reply, error:)
};

std::vector<fs::path> stories() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(HOCVUSO_STORIES_DIR)) {
    if (e.path().extension() == ".story") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

class TranscriptTest : public ::testing::TestWithParam<fs::path> {};

TEST_P(TranscriptTest, Runs) {
  testing::TempDir dir;
  Config config;
  config.db = dir / "story.db";
  config.content = fs::path(HOCVUSO_SOURCE_DIR) / "content";
  auto core = make_runtime(config);
  Story(GetParam(), *core).run();
  core->store->stop();
}

INSTANTIATE_TEST_SUITE_P(Stories, TranscriptTest, ::testing::ValuesIn(stories()),
                         [](const ::testing::TestParamInfo<fs::path>& p) {
                           std::string name = p.param.stem().string();
                           for (auto& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace hocvuso
