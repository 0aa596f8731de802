// Command, payload and free-text routing.
#include "bot/core/dispatcher.hpp"

#include <algorithm>
#include <stdexcept>

namespace hocvuso {

Context::Context(const Incoming& in, const UserProfile& user, ConversationState& state,
                 const Strings& strings, HandlerEnv env)
    : in_(in), user_(user), state_(state), strings_(strings), env_(env), locale_(user.locale) {
  if (in_.button_payload.empty()) command_ = parse_command(in_.text);
}

Store& Context::store() const {
  if (env_.store == nullptr) throw std::logic_error("handler needs the store, none given");
  return *env_.store;
}

const Content& Context::content() const {
  if (env_.content == nullptr) throw std::logic_error("handler needs content, none given");
  return *env_.content;
}

std::string Context::t(std::string_view key, const Strings::Vars& vars) const {
  return strings_.format(key, locale_, vars);
}

void Context::reply(std::string text, ButtonRows buttons) {
  replies_.push_back(Outgoing{in_.chat, std::move(text), std::move(buttons), std::nullopt});
}

void Context::send(Outgoing message) { replies_.push_back(std::move(message)); }

std::string JobContext::t(std::string_view key, std::string_view locale, const Strings::Vars& vars) const {
  return strings_.format(key, locale, vars);
}

void Dispatcher::on_command(std::string name, Handler handler) {
  commands_.insert_or_assign(std::move(name), std::move(handler));
}

void Dispatcher::on_payload(std::string prefix, Handler handler) {
  auto it = std::find_if(payloads_.begin(), payloads_.end(),
                         [&](const auto& p) { return p.first == prefix; });
  if (it != payloads_.end()) {
    it->second = std::move(handler);
    return;
  }
  payloads_.emplace_back(std::move(prefix), std::move(handler));
  // Longest prefix first, so "menu:learn" beats "menu:".
  std::stable_sort(payloads_.begin(), payloads_.end(),
                   [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
}

void Dispatcher::on_text(Handler handler) { text_ = std::move(handler); }
void Dispatcher::on_flow_text(std::string flow, Handler handler) {
  flow_text_.insert_or_assign(std::move(flow), std::move(handler));
}
void Dispatcher::default_text(Context& ctx) const {
  if (text_) text_(ctx);
}
void Dispatcher::on_text_claim(TextClaim claim) { text_claims_.push_back(std::move(claim)); }

void Dispatcher::on_tick(TickHandler handler) { ticks_.push_back(std::move(handler)); }
void Dispatcher::on_event(EventHandler handler) { events_.push_back(std::move(handler)); }
void Dispatcher::on_group_message(Handler handler) { group_observers_.push_back(std::move(handler)); }
void Dispatcher::on_group_text(Handler handler) { group_text_ = std::move(handler); }
void Dispatcher::on_unknown_command(Handler handler) { unknown_command_ = std::move(handler); }
void Dispatcher::on_edit(Handler handler) { edit_ = std::move(handler); }

// The order the hooks are tried in; the first that takes the message wins, and none
// after it sees the message:
//   1. on_edit — an edit reaches nothing else (a corrected report is not a new message).
//   2. on_group_message — every group message, observed (never taken) before routing.
//   3. on_payload — a pressed button, by its longest registered prefix; an unknown
//      payload is dropped, never read as text.
//   4. on_command — "/name"; an unregistered one goes to on_unknown_command in a private
//      chat and is ignored in a group (it may be meant for another bot).
//   5. on_text_claim — free text a feature recognises (a reply to its message, its code),
//      in registration order.
//   6. on_flow_text — free text in a private chat whose conversation is in that flow.
//   7. on_text (private) or on_group_text (group) — everything else.
// Registration order (bot/app/runtime.cpp) matters only among text claims: two payload
// prefixes that both match one payload differ in length, and the longer wins.
bool Dispatcher::dispatch(Context& ctx) const {
  const Incoming& in = ctx.in();
  if (in.edited) {
    if (!edit_) return false;
    edit_(ctx);
    return true;
  }
  if (ctx.in_group()) {
    for (const auto& observe : group_observers_) observe(ctx);
  }
  if (!in.button_payload.empty()) {
    for (const auto& [prefix, handler] : payloads_) {
      if (in.button_payload.starts_with(prefix)) {
        handler(ctx);
        return true;
      }
    }
    return false;
  }
  if (const auto& cmd = ctx.command()) {
    if (auto it = commands_.find(cmd->name); it != commands_.end()) {
      it->second(ctx);
      return true;
    }
    if (ctx.in_group() || !unknown_command_) return false;
    unknown_command_(ctx);
    return true;
  }
  for (const auto& claim : text_claims_) {
    if (claim(ctx)) return true;
  }
  if (!ctx.in_group()) {
    if (auto it = flow_text_.find(ctx.state().flow); it != flow_text_.end() && !ctx.state().flow.empty()) {
      it->second(ctx);
      return true;
    }
  }
  const Handler& free_text = ctx.in_group() ? group_text_ : text_;
  if (!free_text) return false;
  free_text(ctx);
  return true;
}

}  // namespace hocvuso
