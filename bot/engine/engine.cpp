// One message in, durable effects out.
#include "bot/engine/engine.hpp"

#include <iterator>

#include "bot/store/cluster_jobs.hpp"

namespace hocvuso {

namespace {

std::vector<OutboxItem> enqueue_all(Store& store, std::vector<Outgoing>& messages, OutboxPriority priority,
                                    TimePoint now) {
  std::vector<OutboxItem> queued;
  for (auto& message : messages) {
    OutboxItem item;
    item.id = store.enqueue(message, priority, now);
    item.message = std::move(message);
    item.priority = static_cast<int>(priority);
    queued.push_back(std::move(item));
  }
  return queued;
}

}  // namespace

Engine::Engine(std::shared_ptr<const Dispatcher> dispatcher, std::shared_ptr<const Content> content)
    : dispatcher_(std::move(dispatcher)), content_(std::move(content)) {}

void Engine::set_content(std::shared_ptr<const Content> content) { content_.store(std::move(content)); }

std::vector<OutboxItem> Engine::handle(Store& store, const Incoming& in, TimePoint now) const {
  const auto content = content_.load();
  store.touch_chat(in.chat, in.chat_type, in.chat_title, now);
  const UserProfile user = store.touch_user(in.chat.channel, in.sender_id, in.sender_name, now);
  const ConversationState before = store.load_state(in.chat, in.sender_id);

  ConversationState state = before;
  Context ctx(in, user, state, content->strings, HandlerEnv{&store, content.get(), now});
  dispatcher_->dispatch(ctx);
  if (state != before) store.save_state(in.chat, in.sender_id, state, now);
  if (ctx.locale() != user.locale) store.set_user_locale(in.chat.channel, in.sender_id, ctx.locale());
  return enqueue_all(store, ctx.replies(), OutboxPriority::reply, now);
}

std::vector<OutboxItem> Engine::tick(Store& store, TimePoint now) const {
  // Several nodes on one database tick on their own timers: one of them runs the jobs at a
  // time, and a node that finds another at it skips this round. Every job records what it
  // sent in this transaction (a reminder, an escalation, the day's review question), so the
  // next node's turn finds it done: once per due time across the cluster. SQLite: always.
  if (!take_cluster_turn(store, "ticks")) return {};
  const auto content = content_.load();
  std::vector<OutboxItem> queued;
  for (const auto& job : dispatcher_->ticks()) {
    JobContext ctx(store, *content, content->strings, now);
    job(ctx);
    auto items = enqueue_all(store, ctx.messages(), OutboxPriority::notice, now);
    std::move(items.begin(), items.end(), std::back_inserter(queued));
  }
  return queued;
}

std::vector<OutboxItem> Engine::handle_event(Store& store, const ChatEvent& event, TimePoint now) const {
  const auto content = content_.load();
  std::vector<OutboxItem> queued;
  for (const auto& handler : dispatcher_->event_handlers()) {
    JobContext ctx(store, *content, content->strings, now);
    handler(event, ctx);
    auto items = enqueue_all(store, ctx.messages(), OutboxPriority::reply, now);
    std::move(items.begin(), items.end(), std::back_inserter(queued));
  }
  return queued;
}

}  // namespace hocvuso
