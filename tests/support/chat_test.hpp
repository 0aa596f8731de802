// A fixture for a feature's chat side: messages through Engine::handle with the shipped
// content, on a fresh SQLite store in a temporary folder. A feature's chat test derives
// from it, passing the Config its feature reads (approval on, public_url, ...).
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "bot/app/runtime.hpp"
#include "bot/engine/engine.hpp"
#include "support/shipped_content.hpp"
#include "support/temp_dir.hpp"

namespace hocvuso::testing {

class ChatTest : public ::testing::Test {
 protected:
  explicit ChatTest(const Config& config = {})
      : content_(shipped_content()), engine_(make_dispatcher(config), content_), store_(tmp_ / "bot.db") {}

  // A message from `user`: in their private chat, or in the group "-100".
  Incoming from(const std::string& user, std::string text, ChatType type = ChatType::private_chat,
                std::string name = "Lan") const {
    Incoming in;
    in.chat = {Channel::telegram, type == ChatType::group ? "-100" : user};
    in.chat_type = type;
    in.sender_id = user;
    in.sender_name = std::move(name);
    in.text = std::move(text);
    return in;
  }
  // A button pressed by `user` in their private chat.
  Incoming press(const std::string& user, std::string payload) const {
    Incoming in = from(user, "");
    in.button_payload = std::move(payload);
    return in;
  }
  std::vector<OutboxItem> handle(const Incoming& in) { return engine_.handle(store_, in, now_); }
  std::string s(const char* key) const { return content_->strings.get(key); }

  TempDir tmp_;
  std::shared_ptr<const Content> content_;
  Engine engine_;
  Store store_;
  TimePoint now_ = std::chrono::system_clock::now();
};

}  // namespace hocvuso::testing
