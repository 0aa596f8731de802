// One message in, durable effects out.
#include "bot/engine/engine.hpp"

namespace hocvuso {

Engine::Engine(std::shared_ptr<const Dispatcher> dispatcher, std::shared_ptr<const Content> content)
    : dispatcher_(std::move(dispatcher)), content_(std::move(content)) {}

void Engine::set_content(std::shared_ptr<const Content> content) { content_.store(std::move(content)); }

std::vector<OutboxItem> Engine::handle(Store& store, const Incoming& in, TimePoint now) const {
  const auto content = content_.load();
  store.touch_chat(in.chat, in.chat_type, in.chat_title, now);
  const UserProfile user = store.touch_user(in.chat.channel, in.sender_id, in.sender_name, now);
  const ConversationState before = store.load_state(in.chat, in.sender_id);

  ConversationState state = before;
  Context ctx(in, user, state, content->strings);
  dispatcher_->dispatch(ctx);
  if (state != before) store.save_state(in.chat, in.sender_id, state, now);

  std::vector<OutboxItem> queued;
  for (auto& reply : ctx.replies()) {
    OutboxItem item;
    item.id = store.enqueue(reply, OutboxPriority::reply, now);
    item.message = std::move(reply);
    item.priority = static_cast<int>(OutboxPriority::reply);
    queued.push_back(std::move(item));
  }
  return queued;
}

}  // namespace hocvuso
