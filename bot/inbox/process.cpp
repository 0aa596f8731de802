// Inbox processing: adapter.parse -> chat events, option matching -> Engine::handle.
#include "bot/inbox/process.hpp"

#include <spdlog/spdlog.h>

#include "bot/store/inbox_queue.hpp"
#include "bot/store/store_unavailable.hpp"

namespace hocvuso::inbox {

void apply_event(Store& store, const ChatEvent& e, TimePoint now) {
  switch (e.kind) {
    case ChatEventKind::bot_added:
    case ChatEventKind::followed:
      store.touch_chat(e.chat, e.chat_type, e.title, now);
      store.set_chat_active(e.chat, true);
      break;
    case ChatEventKind::bot_removed:
    case ChatEventKind::unfollowed:
      store.touch_chat(e.chat, e.chat_type, e.title, now);
      store.set_chat_active(e.chat, false);
      break;
    case ChatEventKind::title_changed:
      store.touch_chat(e.chat, e.chat_type, e.title, now);
      break;
    case ChatEventKind::migrated:
      store.migrate_chat(e.chat, e.new_chat_id);
      break;
  }
}

namespace {

// Buttons a platform could not carry as they were: a stored reference
// (Telegram's 64 bytes), a Zalo button whose payload comes back as text, and — only
// in chats that cannot show buttons, where options were numbered — a number or the
// option's words. Where real buttons are shown, "1" is just text.
void resolve_button(Store& store, const ChannelAdapter& adapter, Incoming& in) {
  if (!in.button_payload.empty()) {
    if (auto full = store.resolve_payload_ref(in.button_payload)) in.button_payload = *full;
    return;
  }
  if (in.text.empty() || in.text[0] == '/') return;
  if (auto payload = store.match_option(in.chat, in.text, !adapter.shows_buttons(in.chat_type))) {
    in.button_payload = *payload;
    in.text.clear();
  }
}

}  // namespace

Processed process_update(Store& store, const Engine& engine, const ChannelAdapter& adapter, std::string_view key,
                         std::string_view body, TimePoint now, std::optional<ParsedUpdate> preparsed) {
  Processed out;
  const Channel channel = adapter.channel();
  auto parsed = preparsed ? Result<ParsedUpdate>(std::move(*preparsed)) : adapter.parse(body);
  if (!parsed) {
    // Verified at the door, so this is a shape we do not know: keep the row, do not retry it.
    spdlog::warn("{}: update {} could not be parsed: {}", to_string(channel), key, parsed.problem().message);
    store.mark_update_processed(channel, key, now);
    return out;
  }
  auto& update = *parsed;
  out.acknowledgements = std::move(update.acknowledgements);
  for (const auto& e : update.events) {
    apply_event(store, e, now);
    for (auto& q : engine.handle_event(store, e, now)) out.queued.push_back(std::move(q));
  }
  if (update.message) {
    Incoming& in = *update.message;
    if (in.time == TimePoint{}) in.time = now;
    out.messages = 1;
    // Someone who writes is reachable again (unblocked, or back inside Zalo's window).
    if (in.chat_type == ChatType::private_chat) store.set_chat_active(in.chat, true);
    resolve_button(store, adapter, in);
    // An edit is not a new message: the dispatcher passes it only to on_edit (a
    // corrected report), never to the handlers that answer messages (A2).
    for (auto& q : engine.handle(store, in, now)) out.queued.push_back(std::move(q));
  }
  store.mark_update_processed(channel, key, now);
  return out;
}

Processed process_inbox(Store& store, const Engine& engine, const ChannelAdapter& adapter, int limit,
                        ParsedUpdates* preparsed) {
  Processed all;
  const auto now = std::chrono::system_clock::now();
  // The store hands the updates out in the order to process them: on a database shared
  // by several nodes, a chat's in arrival order under its lock (inbox_queue.hpp).
  InboxQueue queue(store, adapter.channel(), limit);
  while (auto next = queue.next()) {
    const std::string& key = next->key;
    const std::string& body = next->payload;
    // A savepoint per update: one that throws (a bug) is marked processed alone,
    // so it cannot block the updates behind it, and the others still commit.
    store.savepoint();
    try {
      Processed one = process_update(store, engine, adapter, key, body, now,
                                     preparsed ? preparsed->take(key, body) : std::nullopt);
      store.release_savepoint();
      all.messages += one.messages;
      ++all.updates;
      for (auto& q : one.queued) all.queued.push_back(std::move(q));
      for (auto& a : one.acknowledgements) all.acknowledgements.push_back(std::move(a));
    } catch (const std::exception& e) {
      // The whole batch fails and is tried again later: setting the update aside here
      // would lose it (SQLITE_FULL here marked it processed with no reply written).
      if (store_unavailable(e)) throw;
      store.rollback_savepoint();
      spdlog::error("{}: update {} failed and is set aside: {}", to_string(adapter.channel()), key, e.what());
      store.mark_update_processed(adapter.channel(), key, now);
      ++all.updates;
    }
  }
  return all;
}

}  // namespace hocvuso::inbox
