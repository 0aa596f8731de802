// The inbox in the order to process it, whichever backend (issue 18, item 2). The store
// decides how, so the inbox lane never sees the backend:
//  - SQLite (one node): the channel's unprocessed updates, oldest first, read once, with
//    the statement the lane has always used.
//  - PostgreSQL (several nodes on one database): updates with no chat first, each row
//    claimed (FOR UPDATE SKIP LOCKED, so another node's open batch is skipped); then the
//    locks of all the batch's chats, taken when the queue is made, before any update is
//    handed out, in one global order (the lock key: two nodes never wait on each other in
//    a circle, nor while holding rows their processing wrote); then chat by chat, the
//    chat's updates one at a time in arrival order (pg::CoreStore::next_update_of_chat,
//    which takes the held lock again at no wait). The locks last until the caller's transaction ends, so a node
//    that waited for a chat finds what the other node processed marked processed and
//    moves on: an update is processed once, a chat's updates in order, on one node at a time.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bot/core/message.hpp"

namespace hocvuso {

class Store;

// Records a platform update as Store::record_update does, naming the chat it came from
// (empty: an update with no chat) so that PostgreSQL can order and lock it per chat.
// On SQLite the chat is not needed and the statement is record_update's.
bool record_update_of_chat(Store& store, Channel channel, std::string_view key, std::string_view payload,
                           TimePoint now, std::string_view chat_id);

struct InboxUpdate {
  std::string key;
  std::string payload;
};

// Up to `limit` unprocessed updates of `channel`, one at a time, for a caller that marks
// each one processed (or sets it aside) before asking for the next. On PostgreSQL only
// inside a transaction (the per-chat locks end with it): StoreError otherwise. A store
// error (a deadlock the server broke, a lost connection) is thrown to the caller, whose
// transaction is then rolled back and the batch tried again.
class InboxQueue {
 public:
  InboxQueue(Store& store, Channel channel, int limit);
  std::optional<InboxUpdate> next();

 private:
  struct ChatTurn {
    std::string chat_id;
    std::string last_key;  // the update handed out last in this chat
  };
  std::optional<InboxUpdate> next_of_chat();

  Store& store_;
  Channel channel_;
  int left_;
  std::vector<InboxUpdate> unchained_;  // SQLite: all; PostgreSQL: those with no chat
  std::size_t next_unchained_ = 0;
  std::vector<ChatTurn> chats_;  // PostgreSQL: in lock-key order
  std::size_t chat_ = 0;
};

}  // namespace hocvuso
