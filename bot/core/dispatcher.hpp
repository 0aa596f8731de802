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

class Store;
struct Content;

// What a handler may use besides the message: the store (handlers run on the store
// thread, inside the message's transaction), the loaded content, and the time of
// the message (injected in tests).
struct HandlerEnv {
  Store* store = nullptr;
  const Content* content = nullptr;
  TimePoint now{};
};

// Everything a handler may read or change while answering one message.
class Context {
 public:
  Context(const Incoming& in, const UserProfile& user, ConversationState& state,
          const Strings& strings, HandlerEnv env = {});

  const Incoming& in() const { return in_; }
  const UserProfile& user() const { return user_; }
  ConversationState& state() { return state_; }
  const std::optional<Command>& command() const { return command_; }
  bool in_group() const { return in_.chat_type == ChatType::group; }

  // Throw std::logic_error when the engine did not provide them (unit tests may not).
  Store& store() const;
  const Content& content() const;
  TimePoint now() const { return env_.now; }

  // The user's language for this and later messages (stored by the caller of
  // set_locale through the store; here it changes what t() returns at once).
  const std::string& locale() const { return locale_; }
  void set_locale(std::string locale) { locale_ = std::move(locale); }

  // Bot strings in the user's language, with {placeholders} filled.
  std::string t(std::string_view key, const Strings::Vars& vars = {}) const;
  const Strings& strings() const { return strings_; }

  // A reply in this chat.
  void reply(std::string text, ButtonRows buttons = {});
  // A message to any chat (a team group, another platform's user), queued with the
  // replies in the same transaction.
  void send(Outgoing message);
  std::vector<Outgoing>& replies() { return replies_; }

 private:
  const Incoming& in_;
  const UserProfile& user_;
  ConversationState& state_;
  const Strings& strings_;
  HandlerEnv env_;
  std::string locale_;
  std::optional<Command> command_;
  std::vector<Outgoing> replies_;
};

// A periodic job (review questions, report reminders, ticket escalation), run on the
// store thread every few seconds with the current time; what it sends goes to the
// outbox in the same transaction. It must be idempotent for a given time: a job
// that was due while the service was down runs once when it is back.
class JobContext {
 public:
  JobContext(Store& store, const Content& content, const Strings& strings, TimePoint now)
      : store_(store), content_(content), strings_(strings), now_(now) {}
  Store& store() const { return store_; }
  const Content& content() const { return content_; }
  TimePoint now() const { return now_; }
  std::string t(std::string_view key, std::string_view locale, const Strings::Vars& vars = {}) const;
  void send(Outgoing message) { out_.push_back(std::move(message)); }
  std::vector<Outgoing>& messages() { return out_; }

 private:
  Store& store_;
  const Content& content_;
  const Strings& strings_;
  TimePoint now_;
  std::vector<Outgoing> out_;
};

class Dispatcher {
 public:
  using Handler = std::function<void(Context&)>;
  using TickHandler = std::function<void(JobContext&)>;
  // Something that happened to a chat (bot added, group renamed); the JobContext
  // gives the store, content and time, and collects what the handler sends.
  using EventHandler = std::function<void(const ChatEvent&, JobContext&)>;

  // "/name" in any chat. A later registration of the same name replaces the earlier.
  void on_command(std::string name, Handler handler);
  // A pressed button whose payload starts with prefix; the longest prefix wins.
  void on_payload(std::string prefix, Handler handler);
  // Free text in a private chat.
  void on_text(Handler handler);
  // Free text in a group. Unset: group chatter is not answered.
  void on_group_text(Handler handler);
  // Free text in a private chat while the conversation is in `flow`
  // (ConversationState::flow); falls back to on_text when unset.
  void on_flow_text(std::string flow, Handler handler);
  // Free text (private or group) a feature may take before everything above: a
  // reply to a message it sent, a message starting with one of its codes. Returns
  // true when it took the message. Tried in registration order.
  using TextClaim = std::function<bool(Context&)>;
  void on_text_claim(TextClaim claim);
  // The on_text handler, for a flow that passes free text on (to the FAQ).
  void default_text(Context& ctx) const;
  // A periodic job; see JobContext.
  void on_tick(TickHandler handler);
  const std::vector<TickHandler>& ticks() const { return ticks_; }
  // Chat events, after the store has recorded them (pipeline's apply_event).
  void on_event(EventHandler handler);
  const std::vector<EventHandler>& event_handlers() const { return events_; }
  // Every group message, before it is routed (activity counts; a group first seen
  // through a message is linked here). Observers must not reply to ordinary chatter.
  void on_group_message(Handler handler);

  // An edit of an earlier message (a corrected report). Edits reach nothing else: an
  // edit is not a new message and must not be answered as one.
  void on_edit(Handler handler);

  // A command nobody registered, in a private chat. In groups it is ignored,
  // because it may be meant for another bot.
  void on_unknown_command(Handler handler);

  // False when none took it. Tried in order (dispatcher.cpp): edit, group observers, payload, command, claims, flow, free text.
  bool dispatch(Context& ctx) const;

 private:
  std::map<std::string, Handler, std::less<>> commands_;
  std::vector<std::pair<std::string, Handler>> payloads_;
  std::map<std::string, Handler, std::less<>> flow_text_;
  std::vector<TickHandler> ticks_;
  std::vector<EventHandler> events_;
  std::vector<Handler> group_observers_;
  std::vector<TextClaim> text_claims_;
  Handler text_;
  Handler group_text_;
  Handler unknown_command_;
  Handler edit_;
};

}  // namespace hocvuso
