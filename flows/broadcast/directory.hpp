// The seam to roles and places (the groups feature): what broadcasting needs to know
// about people. StoreDirectory answers from this feature's own broadcast_officers
// table until the lead wires the groups feature's roles behind this interface.
#pragma once

#include <optional>
#include <string_view>

#include "bot/core/message.hpp"
#include "flows/broadcast/broadcast_types.hpp"

namespace hocvuso {
class Store;
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

}  // namespace hocvuso::broadcast
