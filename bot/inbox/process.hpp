// One recorded platform update through its adapter and the engine, on the store
// thread inside the worker's transaction: events applied, the message dispatched,
// replies queued, the update marked processed — all of it or none of it.
#pragma once

#include <string_view>
#include <vector>

#include "adapters/channel.hpp"
#include "bot/inbox/parsed_updates.hpp"
#include "bot/engine/engine.hpp"

namespace hocvuso::inbox {

struct Processed {
  std::vector<OutboxItem> queued;
  std::vector<ApiRequest> acknowledgements;  // to send at once (answerCallbackQuery)
  int messages = 0;  // updates that carried a message for the dispatcher
  int updates = 0;  // how many inbox rows were processed
};

// `preparsed`: what adapter.parse(body) gave at the door, when it is at hand.
Processed process_update(Store& store, const Engine& engine, const ChannelAdapter& adapter, std::string_view key,
                         std::string_view body, TimePoint now, std::optional<ParsedUpdate> preparsed = std::nullopt);

// Processes up to `limit` unprocessed updates of the channel in arrival order, taking
// each one's parse from `preparsed` when the webhook left it there.
Processed process_inbox(Store& store, const Engine& engine, const ChannelAdapter& adapter, int limit,
                        ParsedUpdates* preparsed = nullptr);

void apply_event(Store& store, const ChatEvent& event, TimePoint now);

}  // namespace hocvuso::inbox
