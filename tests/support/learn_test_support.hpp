// Test helper for the learning flows: the real dispatcher, shipped content and a
// Store on disk, with one call per user action and the replies it produced.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bot/app/runtime.hpp"
#include "bot/core/local_time.hpp"
#include "flows/learn/content.hpp"
#include "support/shipped_content.hpp"
#include "support/temp_dir.hpp"

namespace hocvuso::learn::testing {

using namespace std::chrono_literals;

// 23/11/2026 10:00 in Vietnam.
inline TimePoint morning() { return local_time_point(std::chrono::year_month_day{std::chrono::year{2026}, std::chrono::November, std::chrono::day{23}}, 10); }

class LearnHarness : public ::testing::Test {
 public:  // the walk helpers of the tests use them too
  LearnHarness()
      : content_(hocvuso::testing::shipped_content()) {
    open();
  }

  // A new Store and Engine on the same database file: what a restart does.
  void open() {
    engine_.reset();
    store_.reset();
    store_ = std::make_unique<Store>(tmp_.path() / "bot.db");
    engine_ = std::make_unique<Engine>(make_dispatcher(Config{}), content_);
  }

  static Incoming message(const std::string& user, std::string text, std::string payload = {}) {
    Incoming in;
    in.chat = {Channel::console, user};
    in.sender_id = user;
    in.sender_name = "Bà Lan";
    in.text = std::move(text);
    in.button_payload = std::move(payload);
    return in;
  }

  std::vector<Outgoing> run(const Incoming& in) {
    std::vector<Outgoing> out;
    for (auto& item : engine_->handle(*store_, in, now_)) out.push_back(std::move(item.message));
    last_ = out;
    return out;
  }
  std::vector<Outgoing> say(const std::string& text, const std::string& user = "u1") { return run(message(user, text)); }
  std::vector<Outgoing> press(const std::string& payload, const std::string& user = "u1") {
    return run(message(user, "", payload));
  }

  // All reply texts of the last turn, joined.
  std::string text() const {
    std::string t;
    for (const auto& m : last_) t += m.text + "\n";
    return t;
  }
  std::vector<Button> buttons() const {
    std::vector<Button> out;
    for (const auto& m : last_) {
      for (const auto& row : m.buttons) out.insert(out.end(), row.begin(), row.end());
    }
    return out;
  }
  std::string payload_starting(std::string_view prefix) const {
    for (const auto& b : buttons()) {
      if (b.payload.starts_with(prefix)) return b.payload;
    }
    return {};
  }
  bool has_payload(const std::string& payload) const {
    for (const auto& b : buttons()) {
      if (b.payload == payload) return true;
    }
    return false;
  }

  ConversationState state(const std::string& user = "u1") { return store_->load_state({Channel::console, user}, user); }
  const Learning& learning() const { return content_->get<Learning>(); }
  std::string s(const char* key, std::string_view locale = "vi") const { return content_->strings.get(key, locale); }

  hocvuso::testing::TempDir tmp_;
  std::shared_ptr<const Content> content_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Engine> engine_;
  TimePoint now_ = morning();
  std::vector<Outgoing> last_;
};

inline bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace hocvuso::learn::testing
