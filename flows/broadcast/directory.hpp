// What broadcasting needs to know about people: whether a chat user is an officer,
// and of which place. RolesDirectory answers from the roles feature's grants
// (`hocvuso users grant`), naming places as broadcasts do (folded names, from the
// places content); StoreDirectory from this feature's own broadcast_officers table.
#pragma once

#include <optional>
#include <string_view>

#include "bot/core/message.hpp"
#include "flows/broadcast/broadcast_types.hpp"

namespace hocvuso {
class Store;
struct Content;
}

namespace hocvuso::broadcast {

class BroadcastDirectory {
 public:
  virtual ~BroadcastDirectory() = default;
  // The officer's reach when this chat user is an officer or admin; nullopt otherwise.
  virtual std::optional<Scope> officer(Channel channel, std::string_view user_id) = 0;
};

class StoreDirectory final : public BroadcastDirectory {
 public:
  explicit StoreDirectory(Store& store) : store_(store) {}
  std::optional<Scope> officer(Channel channel, std::string_view user_id) override;

  // For tests and operators until roles land: make a chat user an officer.
  void grant(Channel channel, std::string_view user_id, const Scope& scope);

 private:
  Store& store_;
};

// Roles first (the highest officer/admin grant of the user), then the own table.
class RolesDirectory final : public BroadcastDirectory {
 public:
  RolesDirectory(Store& store, const Content& content) : store_(store), content_(content) {}
  std::optional<Scope> officer(Channel channel, std::string_view user_id) override;

 private:
  Store& store_;
  const Content& content_;
};

}  // namespace hocvuso::broadcast
