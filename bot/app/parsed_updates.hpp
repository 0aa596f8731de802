// Updates parsed at the webhook's door, handed to the inbox lane so that the store
// thread — the one every update waits on — does not parse the same body again. Only
// a shortcut: a missing entry (after a restart, a redelivery, or when full) means the
// stored body is parsed, which gives the same result.
#pragma once

#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "adapters/channel.hpp"

namespace hocvuso {

class ParsedUpdates {
 public:
  static constexpr std::size_t kMaxEntries = 4096;

  void put(const std::string& key, ParsedUpdate update) {
    std::lock_guard lock(mutex_);
    if (entries_.size() < kMaxEntries) entries_.insert_or_assign(key, std::move(update));
  }
  std::optional<ParsedUpdate> take(const std::string& key) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end()) return std::nullopt;
    ParsedUpdate u = std::move(it->second);
    entries_.erase(it);
    return u;
  }
  void drop(const std::string& key) {
    std::lock_guard lock(mutex_);
    entries_.erase(key);
  }

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, ParsedUpdate> entries_;
};

}  // namespace hocvuso
