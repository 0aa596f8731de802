// Messages carrying a feature tag (Outgoing::tag, what the message is about): the
// outbox sender records (chat, platform message id) -> tag when the platform accepts
// a tagged message, so a feature can tell what a reply (Incoming::reply_to) answers;
// and a feature's retention can erase the text of every message with its tag (the
// outbox keeps sent rows). Table sent_tags and index outbox_by_tag, migration 6.
// Store thread only.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "bot/core/message.hpp"

namespace hocvuso {

class Store;

class SentTags {
 public:
  explicit SentTags(Store& store) : store_(store) {}

  // A message without a platform id (the console) records nothing.
  void record(const ChatRef& chat, std::string_view message_id, std::string_view tag, TimePoint now);
  // The tag of the message `message_id` in `chat`; nullopt for untagged or unknown messages.
  std::optional<std::string> find(const ChatRef& chat, std::string_view message_id);
  // Forgets every message of a tag (when what it pointed to is deleted).
  void forget(std::string_view tag);
  // Empties the text of every outbox row with this tag; one still waiting is cancelled.
  void erase_texts(std::string_view tag);

 private:
  Store& store_;
};

}  // namespace hocvuso
