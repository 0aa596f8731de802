// Updates parsed at the webhook's door, handed to the inbox lane so that the store
// thread — the one every update waits on — does not parse the same body again. Only
// a shortcut: a missing entry (after a restart, a redelivery, or when full) means the
// stored body is parsed, which gives the same result.
#pragma once

#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "adapters/channel.hpp"

namespace hocvuso::inbox {

// An entry is used only for the row whose stored body is the very body it was parsed
// from, and a second webhook delivery under the same key never replaces the first's
// parse: two different updates that map to one key (an id read wrongly, a forged
// redelivery) must not answer one with the other's parse (a reply to the wrong user).
class ParsedUpdates {
 public:
  static constexpr std::size_t kMaxEntries = 4096;

  // True when this call added the entry (and so may drop it later).
  bool put(const std::string& key, std::string_view body, ParsedUpdate update) {
    std::lock_guard lock(mutex_);
    if (entries_.size() >= kMaxEntries) return false;
    return entries_.try_emplace(key, Entry{std::string(body), std::move(update)}).second;
  }
  // The parse of `body` kept under `key`, if any; an entry for another body is dropped
  // (the stored body is parsed instead).
  std::optional<ParsedUpdate> take(const std::string& key, std::string_view body) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end()) return std::nullopt;
    std::optional<ParsedUpdate> u;
    if (it->second.body == body) u = std::move(it->second.update);
    entries_.erase(it);
    return u;
  }
  void drop(const std::string& key) {
    std::lock_guard lock(mutex_);
    entries_.erase(key);
  }

 private:
  struct Entry {
    std::string body;
    ParsedUpdate update;
  };
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace hocvuso::inbox
