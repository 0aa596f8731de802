// Routes one incoming message to the handler that owns it: a command, a button
// payload, or free text. Handlers write replies into the Context; they never talk
// to a platform.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bot/core/command.hpp"
#include "bot/core/message.hpp"
#include "bot/core/state.hpp"
#include "bot/core/strings.hpp"

namespace hocvuso {

// Everything a handler may read or change while answering one message.
class Context {
 public:
  Context(const Incoming& in, const UserProfile& user, ConversationState& state,
          const Strings& strings);

  const Incoming& in() const { return in_; }
  const UserProfile& user() const { return user_; }
  ConversationState& state() { return state_; }
  const std::optional<Command>& command() const { return command_; }
  bool in_group() const { return in_.chat_type == ChatType::group; }

  // Bot strings in the user's language, with {placeholders} filled.
  std::string t(std::string_view key, const Strings::Vars& vars = {}) const;

  void reply(std::string text, ButtonRows buttons = {});
  std::vector<Outgoing>& replies() { return replies_; }

 private:
  const Incoming& in_;
  const UserProfile& user_;
  ConversationState& state_;
  const Strings& strings_;
  std::optional<Command> command_;
  std::vector<Outgoing> replies_;
};

class Dispatcher {
 public:
  using Handler = std::function<void(Context&)>;

  // "/name" in any chat. A later registration of the same name replaces the earlier.
  void on_command(std::string name, Handler handler);
  // A pressed button whose payload starts with prefix; the longest prefix wins.
  void on_payload(std::string prefix, Handler handler);
  // Free text in a private chat.
  void on_text(Handler handler);
  // Free text in a group. Unset: group chatter is not answered.
  void on_group_text(Handler handler);
  // A command nobody registered, in a private chat. In groups it is ignored,
  // because it may be meant for another bot.
  void on_unknown_command(Handler handler);

  // Returns false when no handler took the message.
  bool dispatch(Context& ctx) const;

 private:
  std::map<std::string, Handler, std::less<>> commands_;
  std::vector<std::pair<std::string, Handler>> payloads_;
  Handler text_;
  Handler group_text_;
  Handler unknown_command_;
};

}  // namespace hocvuso
