// Tests the SQLite Store on real files: schema, WAL, inbox, users, state, outbox (bot/store/store.hpp).
#include "bot/store/store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "bot/store/migrations.hpp"
#include "support/temp_dir.hpp"

namespace hocvuso {
namespace {

using hocvuso::testing::TempDir;
using std::chrono::milliseconds;

const TimePoint kT0 = TimePoint{} + std::chrono::hours(24 * 365 * 55);

TEST(Store, MigrationsCreateSchema) {
  TempDir tmp;
  Store store(tmp / "nested/dir/bot.db");  // creates the directory too
  EXPECT_TRUE(std::filesystem::exists(tmp / "nested/dir/bot.db"));
  EXPECT_EQ(store.current_version(), Store::schema_version());
  EXPECT_EQ(Store::schema_version(), migrations().back().version);
  for (const char* table : {"users", "chats", "conversation_state", "inbox", "outbox"}) {
    EXPECT_TRUE(store.database().tableExists(table)) << table;
  }
  EXPECT_NO_THROW(store.ping());
}

// 1, 2, 3, … with no gap: a database's user_version names exactly what it has.
TEST(Store, MigrationVersionsCountFromOneWithoutGaps) {
  int previous = 0;
  for (const auto& m : migrations()) {
    EXPECT_EQ(m.version, previous + 1);
    previous = m.version;
    EXPECT_FALSE(m.description.empty());
    EXPECT_FALSE(m.sql.empty());
  }
}

TEST(Store, WalModeAndReopenKeepsVersion) {
  TempDir tmp;
  {
    Store store(tmp / "bot.db");
    EXPECT_EQ(store.database().execAndGet("PRAGMA journal_mode").getString(), "wal");
  }
  Store again(tmp / "bot.db");  // migrations already applied: nothing to redo
  EXPECT_EQ(again.current_version(), Store::schema_version());
  EXPECT_EQ(again.database().execAndGet("PRAGMA journal_mode").getString(), "wal");
}

TEST(Store, RefusesNewerDatabase) {
  TempDir tmp;
  {
    SQLite::Database db((tmp / "bot.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("PRAGMA user_version=" + std::to_string(Store::schema_version() + 1));
  }
  try {
    Store store(tmp / "bot.db");
    ADD_FAILURE() << "opened a newer database";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("newer"), std::string::npos) << e.what();
  }
}

// A database refused as newer is not touched at all (not even switched to WAL).
TEST(Store, RefusedNewerDatabaseIsLeftUntouched) {
  TempDir tmp;
  {
    SQLite::Database db((tmp / "bot.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("PRAGMA user_version=" + std::to_string(Store::schema_version() + 1));
  }
  EXPECT_THROW(Store(tmp / "bot.db"), StoreError);
  SQLite::Database db((tmp / "bot.db").string(), SQLite::OPEN_READONLY);
  EXPECT_EQ(db.execAndGet("PRAGMA journal_mode").getString(), "delete");
}

// Migration 16 rebuilds the outbox with its status check written as comparisons: every
// row, status and tag stays, and the AUTOINCREMENT counter too (ids after the last
// deleted row are never given again); a write no longer builds a temporary b-tree.
TEST(Store, Migration16KeepsTheOutboxAndItsCounterAndBuildsNoTemporaryTable) {
  TempDir tmp;
  {
    SQLite::Database db((tmp / "bot.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    for (const auto& m : migrations()) {
      if (m.version > 15) break;
      db.exec(m.sql);
    }
    db.exec("PRAGMA user_version=15");
    db.exec(R"sql(
INSERT INTO outbox (channel, chat_id, body, status, created_at, tag) VALUES
  ('telegram', 'c1', '{"text":"a"}', 'sent', 1, 'ticket:1'),
  ('telegram', 'c1', '{"text":"b"}', 'pending', 2, NULL),
  ('zalo', 'c2', '{"text":"c"}', 'parked', 3, NULL),
  ('telegram', 'c3', '{"text":"d"}', 'pending', 4, NULL);
DELETE FROM outbox WHERE chat_id = 'c3';
)sql");
    const std::string explain =
        "EXPLAIN INSERT INTO outbox (channel, chat_id, body, created_at) VALUES ('t', 'c', '', 0)";
    bool ephemeral = false;
    for (SQLite::Statement q(db, explain); q.executeStep();)
      ephemeral |= q.getColumn(1).getString() == "OpenEphemeral";
    EXPECT_TRUE(ephemeral) << "version 15's IN-list check was expected to build a temporary b-tree";
  }
  Store store(tmp / "bot.db");
  EXPECT_EQ(store.current_version(), Store::schema_version());
  auto& db = store.database();
  std::vector<std::string> rows;
  SQLite::Statement all(db, "SELECT id, chat_id, status, coalesce(tag, '-') FROM outbox ORDER BY id");
  while (all.executeStep())
    rows.push_back(all.getColumn(0).getString() + " " + all.getColumn(1).getString() + " " +
                   all.getColumn(2).getString() + " " + all.getColumn(3).getString());
  EXPECT_EQ(rows, (std::vector<std::string>{"1 c1 sent ticket:1", "2 c1 pending -", "3 c2 parked -"}));
  const Outgoing next{ChatRef{Channel::telegram, "c5"}, "e", {}, std::nullopt};
  EXPECT_EQ(store.enqueue(next, OutboxPriority::reply, kT0), 5);
  EXPECT_THROW(db.exec("UPDATE outbox SET status = 'lost' WHERE id = 1"), SQLite::Exception);
  bool ephemeral = false;
  for (SQLite::Statement q(db, "EXPLAIN UPDATE outbox SET status = 'sent' WHERE id = 1"); q.executeStep();)
    ephemeral |= q.getColumn(1).getString() == "OpenEphemeral";
  EXPECT_FALSE(ephemeral);
  for (const char* index : {"outbox_pending_chat", "outbox_pending", "outbox_parked_chat", "outbox_by_tag"})
    EXPECT_EQ(db.execAndGet(std::string("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = '") +
                            index + "'")
                  .getInt(),
              1)
        << index;
}

TEST(Store, NotADatabaseIsAStoreError) {
  TempDir tmp;
  tmp.write("bot.db", std::string(4096, 'x'));
  EXPECT_THROW(Store(tmp / "bot.db"), StoreError);
}

TEST(Store, RecordUpdateDedupesAcrossReopen) {
  TempDir tmp;
  {
    Store store(tmp / "bot.db");
    EXPECT_TRUE(store.record_update(Channel::telegram, "1001", R"({"a":1})", kT0));
    EXPECT_FALSE(store.record_update(Channel::telegram, "1001", R"({"a":2})", kT0));
    EXPECT_TRUE(store.record_update(Channel::zalo, "1001", "{}", kT0));  // keys are per channel
  }
  Store store(tmp / "bot.db");
  EXPECT_FALSE(store.record_update(Channel::telegram, "1001", "{}", kT0));
  EXPECT_FALSE(store.record_update(Channel::zalo, "1001", "{}", kT0));
  EXPECT_TRUE(store.record_update(Channel::telegram, "1002", "{}", kT0 + milliseconds(1)));
  // The first payload is kept.
  const auto updates = store.unprocessed_updates(Channel::telegram, 10);
  ASSERT_EQ(updates.size(), 2u);
  EXPECT_EQ(updates[0], (std::pair<std::string, std::string>{"1001", R"({"a":1})"}));
}

// Processed in the order they were recorded (arrival), whatever the timestamps say.
TEST(Store, UnprocessedUpdatesInArrivalOrderAndMarkProcessed) {
  TempDir tmp;
  Store store(tmp / "bot.db");
  store.record_update(Channel::telegram, "late", "L", kT0 + milliseconds(20));
  store.record_update(Channel::telegram, "early", "E", kT0 + milliseconds(10));
  store.record_update(Channel::telegram, "middle", "M", kT0 + milliseconds(15));
  store.record_update(Channel::zalo, "other", "O", kT0);

  auto keys = [&](int limit) {
    std::vector<std::string> out;
    for (const auto& [key, payload] : store.unprocessed_updates(Channel::telegram, limit)) out.push_back(key);
    return out;
  };
  EXPECT_EQ(keys(10), (std::vector<std::string>{"late", "early", "middle"}));
  EXPECT_EQ(keys(2), (std::vector<std::string>{"late", "early"}));

  store.mark_update_processed(Channel::telegram, "middle", kT0 + milliseconds(30));
  store.mark_update_processed(Channel::zalo, "early", kT0);  // other channel: no effect
  EXPECT_EQ(keys(10), (std::vector<std::string>{"late", "early"}));
  ASSERT_EQ(store.unprocessed_updates(Channel::zalo, 10).size(), 1u);
  EXPECT_TRUE(store.unprocessed_updates(Channel::console, 10).empty());
}

TEST(Store, ProcessedUpdateKeepsItsKeyButNotItsBody) {
  TempDir tmp;
  Store store(tmp / "bot.db");
  ASSERT_TRUE(store.record_update(Channel::telegram, "7", R"({"text":"số tôi 0912345678"})", kT0));
  store.mark_update_processed(Channel::telegram, "7", kT0);
  SQLite::Statement q(store.database(), "SELECT payload FROM inbox WHERE update_key = '7'");
  ASSERT_TRUE(q.executeStep());
  EXPECT_EQ(q.getColumn(0).getString(), "");
  EXPECT_FALSE(store.record_update(Channel::telegram, "7", "{}", kT0));  // still a redelivery
}

TEST(Store, TouchUser) {
  TempDir tmp;
  {
    Store store(tmp / "bot.db");
    const UserProfile first = store.touch_user(Channel::console, "u1", "Lan", kT0);
    EXPECT_TRUE(first.is_new);
    EXPECT_EQ(first.display_name, "Lan");
    EXPECT_EQ(first.locale, "vi");

    const UserProfile second = store.touch_user(Channel::console, "u1", "", kT0 + milliseconds(1));
    EXPECT_FALSE(second.is_new);
    EXPECT_EQ(second.display_name, "Lan");  // empty name keeps the stored one

    const UserProfile renamed = store.touch_user(Channel::console, "u1", "Lan Anh", kT0 + milliseconds(2));
    EXPECT_FALSE(renamed.is_new);
    EXPECT_EQ(renamed.display_name, "Lan Anh");

    EXPECT_TRUE(store.touch_user(Channel::telegram, "u1", "", kT0).is_new);  // per channel
    store.set_user_locale(Channel::console, "u1", "en");
  }
  Store store(tmp / "bot.db");
  const UserProfile after = store.touch_user(Channel::console, "u1", "", kT0 + milliseconds(3));
  EXPECT_FALSE(after.is_new);
  EXPECT_EQ(after.display_name, "Lan Anh");
  EXPECT_EQ(after.locale, "en");
}

TEST(Store, TouchChatKeepsTitleWhenEmpty) {
  TempDir tmp;
  Store store(tmp / "bot.db");
  const ChatRef chat{Channel::telegram, "-100"};
  store.touch_chat(chat, ChatType::group, "Tổ CNSCĐ", kT0);
  store.touch_chat(chat, ChatType::group, "", kT0 + milliseconds(1));
  SQLite::Statement q(store.database(), "SELECT chat_type, title FROM chats WHERE channel = 'telegram' AND chat_id = '-100'");
  ASSERT_TRUE(q.executeStep());
  EXPECT_EQ(q.getColumn(0).getString(), "group");
  EXPECT_EQ(q.getColumn(1).getString(), "Tổ CNSCĐ");
}

TEST(Store, StateRoundTripAfterReopen) {
  TempDir tmp;
  const ChatRef chat{Channel::console, "u1"};
  const ConversationState quiz{"quiz", "q3", R"({"score":2})"};
  {
    Store store(tmp / "bot.db");
    EXPECT_EQ(store.load_state(chat, "u1"), ConversationState{});  // nothing saved yet
    store.save_state(chat, "u1", ConversationState{"learn", "1", "{}"}, kT0);
    store.save_state(chat, "u1", quiz, kT0 + milliseconds(1));  // overwrites
    store.save_state(ChatRef{Channel::console, "g1"}, "u1", ConversationState{"other", "", "{}"}, kT0);
  }
  Store store(tmp / "bot.db");
  EXPECT_EQ(store.load_state(chat, "u1"), quiz);
  EXPECT_EQ(store.load_state(ChatRef{Channel::console, "g1"}, "u1").flow, "other");
  EXPECT_EQ(store.load_state(chat, "u2"), ConversationState{});
  EXPECT_EQ(store.load_state(ChatRef{Channel::telegram, "u1"}, "u1"), ConversationState{});
}

TEST(Store, OutboxOrderingRoundTripAndSent) {
  TempDir tmp;
  Store store(tmp / "bot.db");
  const ChatRef chat{Channel::console, "u1"};
  const Outgoing broadcast{chat, "tin chung", {}, std::nullopt};
  const Outgoing reply1{chat, "một", {{Button{"📚 Học", "menu:learn"}, Button{"✅ Quiz", "menu:quiz"}},
                                      {Button{"↩️ Về menu", "menu:home"}}},
                        std::string("msg-42")};
  const Outgoing reply2{chat, "hai \"quoted\"\nline", {}, std::nullopt};
  const Outgoing elsewhere{ChatRef{Channel::telegram, "7"}, "tg", {}, std::nullopt};

  const auto b = store.enqueue(broadcast, OutboxPriority::broadcast, kT0);
  const auto r1 = store.enqueue(reply1, OutboxPriority::reply, kT0);
  const auto r2 = store.enqueue(reply2, OutboxPriority::reply, kT0);
  const auto tg = store.enqueue(elsewhere, OutboxPriority::reply, kT0);
  EXPECT_LT(b, r1);
  EXPECT_LT(r1, r2);
  EXPECT_EQ(store.outbox_depth(), 4);

  auto pending = store.pending(Channel::console, 10);
  ASSERT_EQ(pending.size(), 3u);
  EXPECT_EQ(pending[0].id, r1);  // priority first, then id
  EXPECT_EQ(pending[1].id, r2);
  EXPECT_EQ(pending[2].id, b);
  EXPECT_EQ(pending[0].message, reply1);  // buttons and reply_to survive
  EXPECT_EQ(pending[1].message, reply2);
  EXPECT_EQ(pending[2].message, broadcast);
  EXPECT_EQ(pending[0].priority, 0);
  EXPECT_EQ(pending[2].priority, 10);
  EXPECT_EQ(pending[0].attempts, 0);
  EXPECT_EQ(store.pending(Channel::console, 1).size(), 1u);

  const auto tg_pending = store.pending(Channel::telegram, 10);
  ASSERT_EQ(tg_pending.size(), 1u);
  EXPECT_EQ(tg_pending[0].id, tg);
  EXPECT_EQ(tg_pending[0].message, elsewhere);

  store.mark_sent(r1, kT0 + milliseconds(5));
  pending = store.pending(Channel::console, 10);
  ASSERT_EQ(pending.size(), 2u);
  EXPECT_EQ(pending[0].id, r2);
  EXPECT_EQ(store.outbox_depth(), 3);
  store.mark_sent(r2, kT0);
  store.mark_sent(b, kT0);
  store.mark_sent(tg, kT0);
  EXPECT_EQ(store.outbox_depth(), 0);
  EXPECT_TRUE(store.pending(Channel::console, 10).empty());
}

TEST(Store, SavepointRollbackUndoesOnlyTheJob) {
  TempDir tmp;
  Store store(tmp / "bot.db");
  const Outgoing msg{ChatRef{Channel::console, "u1"}, "kept", {}, std::nullopt};
  store.begin();
  store.savepoint();
  store.enqueue(msg, OutboxPriority::reply, kT0);
  store.release_savepoint();
  store.savepoint();
  store.enqueue(Outgoing{msg.chat, "undone", {}, std::nullopt}, OutboxPriority::reply, kT0);
  store.rollback_savepoint();
  store.commit();
  const auto pending = store.pending(Channel::console, 10);
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].message.text, "kept");

  store.begin();
  store.enqueue(msg, OutboxPriority::reply, kT0);
  store.rollback();
  EXPECT_NO_THROW(store.rollback());  // no transaction open: nothing to do
  EXPECT_EQ(store.outbox_depth(), 1);
}

}  // namespace
}  // namespace hocvuso
