// Sent tags and the erasing of delivered texts on PostgreSQL: sent_tags.hpp's SentTags
// and outbox_texts.hpp's erase_finished_texts with the same meaning, held to it by the
// conformance suite (tests/bot/store/core_store_conformance_test.cpp).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "bot/core/message.hpp"

namespace hocvuso::pg {

class CoreStore;

class SentTags {
 public:
  explicit SentTags(CoreStore& store) : store_(store) {}

  void record(const ChatRef& chat, std::string_view message_id, std::string_view tag, TimePoint now);
  std::optional<std::string> find(const ChatRef& chat, std::string_view message_id);
  void forget(std::string_view tag);
  void erase_texts(std::string_view tag);

 private:
  CoreStore& store_;
};

// Empties the text of every finished row whose tag starts with `tag_prefix`. How many.
int erase_finished_texts(CoreStore& store, std::string_view tag_prefix);

}  // namespace hocvuso::pg
