// BroadcastStore conformance (issue 18): the same test bodies against SQLite and a real
// PostgreSQL 15 (tests/support/store_backends.hpp): who receives a target, the fan-out
// cursor (every recipient once, in bounded batches, within the outbox window), cancel,
// pause, approval, unsubscribe, tokens and the export. Chats and outbox rows the feature
// does not own are seeded with SQL both dialects read alike; what the interface has no
// read for is counted with SQL (a test database holds one broadcast at a time).
#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bot/store/pg_db.hpp"
#include "bot/store/pg_migrate.hpp"
#include "flows/broadcast/broadcast_store.hpp"
#include "flows/groups/group_store.hpp"
#include "support/migrated_pg_test.hpp"
#include "support/store_backends.hpp"

namespace hocvuso::broadcast {
namespace {

using namespace std::chrono_literals;

const TimePoint kNow = TimePoint(std::chrono::milliseconds(1764979200000));  // 2025-12-06 07:00 Vietnam



template <class B>
class BroadcastStoreTest : public testing::BackendTest<B> {
 protected:
  BroadcastStore& bs() { return this->b().template repo<BroadcastStore>(&BroadcastStore::of, &make_pg_broadcast_store); }
  groups::GroupStore& groups() {
    return this->b().template repo<groups::GroupStore>(&groups::GroupStore::of, &groups::make_pg_group_store);
  }

  // A chat the bot has seen (the core store's chats table).
  ChatRef chat(const std::string& id, ChatType type = ChatType::private_chat, Channel ch = Channel::telegram) {
    this->b().seed("INSERT INTO chats (channel, chat_id, chat_type, title, first_seen, last_seen) VALUES ('" +
                   std::string(to_string(ch)) + "', '" + id + "', '" +
                   (type == ChatType::group ? "group" : "private") + "', '', 0, 0)");
    return ChatRef{ch, id};
  }
  // `n` private chats "0".."n-1" on Telegram, subscribed, in two statements.
  void subscribers(int n) {
    std::string chats = "INSERT INTO chats (channel, chat_id, chat_type, title, first_seen, last_seen) VALUES ";
    std::string subs = "INSERT INTO broadcast_subscriptions (channel, chat_id, subscribed, updated_at) VALUES ";
    for (int i = 0; i < n; ++i) {
      const std::string sep = i == 0 ? "" : ", ";
      chats += sep + "('telegram', '" + std::to_string(i) + "', 'private', '', 0, 0)";
      subs += sep + "('telegram', '" + std::to_string(i) + "', 1, 0)";
    }
    this->b().seed(chats);
    this->b().seed(subs);
  }
  std::int64_t start(const Target& t) { return bs().create(NewBroadcast{"token:1", "Cảnh báo", "warning", "", t}, kNow); }

  // The broadcast's rows in the outbox, the distinct chats among them, and rows not at
  // the broadcast priority (none expected).
  std::int64_t queued_rows() {
    return this->b().count("SELECT count(*) FROM broadcast_deliveries d JOIN outbox o ON o.id = d.outbox_id");
  }
  std::int64_t queued_chats() {
    return this->b().count(
        "SELECT count(DISTINCT o.channel || ':' || o.chat_id) FROM broadcast_deliveries d JOIN outbox o "
        "ON o.id = d.outbox_id");
  }
  std::int64_t queued_off_priority() {
    return this->b().count(
        "SELECT count(*) FROM broadcast_deliveries d JOIN outbox o ON o.id = d.outbox_id WHERE o.priority <> 10");
  }
  void send_all_pending() { this->b().seed("UPDATE outbox SET status = 'sent' WHERE status = 'pending'"); }
  void send(int n) {
    this->b().seed("UPDATE outbox SET status = 'sent' WHERE id IN (SELECT id FROM outbox WHERE status = 'pending' "
                   "ORDER BY id LIMIT " + std::to_string(n) + ")");
  }
};
TYPED_TEST_SUITE(BroadcastStoreTest, testing::Backends, testing::BackendNames);

TYPED_TEST(BroadcastStoreTest, PrivateChatsNeedToOptInGroupsAreInUntilTheyOptOut) {
  auto& bs = this->bs();
  const auto citizen = this->chat("1");
  this->chat("2");  // never subscribed
  const auto group = this->chat("-10", ChatType::group);
  const auto quiet_group = this->chat("-11", ChatType::group);
  const auto blocked = this->chat("3");
  this->chat("4", ChatType::private_chat, Channel::console);
  bs.set_subscription(citizen, true, "", "", kNow);
  bs.set_subscription(blocked, true, "", "", kNow);
  bs.set_subscription(quiet_group, false, "", "", kNow);
  this->b().seed("UPDATE chats SET active = 0 WHERE chat_id = '3'");  // the citizen blocked the bot
  EXPECT_EQ(bs.count_recipients({"all", "", {}}), 2);
  EXPECT_EQ(bs.count_recipients({"subscribers", "", {}}), 1);
  EXPECT_EQ(bs.count_recipients({"groups", "", {}}), 1);
  EXPECT_EQ(bs.subscription(group), std::nullopt);
  EXPECT_EQ(bs.subscription(citizen), true);
  EXPECT_EQ(bs.subscription(quiet_group), false);
}

TYPED_TEST(BroadcastStoreTest, CommuneAndProvinceTargetsMatchThePlacesSubscribersGave) {
  auto& bs = this->bs();
  bs.set_subscription(this->chat("1"), true, "03721", "son-la", kNow);
  bs.set_subscription(this->chat("2"), true, "04033", "son-la", kNow);
  bs.set_subscription(this->chat("3"), true, "", "", kNow);
  bs.set_subscription(this->chat("-1", ChatType::group), true, "03721", "", kNow);
  EXPECT_EQ(bs.count_recipients({"communes", "", {"03721"}}), 2);
  EXPECT_EQ(bs.count_recipients({"communes", "", {"03721", "04033"}}), 3);
  EXPECT_EQ(bs.count_recipients({"province", "son-la", {}}), 2);
  // "/canhbao bat" alone keeps the commune named before.
  bs.set_subscription(ChatRef{Channel::telegram, "1"}, true, "", "", kNow);
  EXPECT_EQ(bs.count_recipients({"communes", "", {"03721"}}), 2);
  EXPECT_EQ(bs.place(ChatRef{Channel::telegram, "1"}), (std::pair<std::string, std::string>{"03721", "son-la"}));
  EXPECT_EQ(bs.place(ChatRef{Channel::telegram, "3"}), std::nullopt);
}

TYPED_TEST(BroadcastStoreTest, ARememberedPlaceLeavesTheSubscriptionAsItWas) {
  auto& bs = this->bs();
  const auto citizen = this->chat("8812003345571", ChatType::private_chat, Channel::zalo);
  bs.remember_place(citizen, "03664", "son-la", kNow);  // told the ticket flow where she lives
  EXPECT_EQ(bs.subscription(citizen), false);
  EXPECT_EQ(bs.count_recipients({"communes", "", {"03664"}}), 0);
  bs.set_subscription(citizen, true, "", "", kNow);  // /canhbao bat: the place is already known
  EXPECT_EQ(bs.count_recipients({"communes", "", {"03664"}}), 1);
  bs.remember_place(citizen, "03700", "son-la", kNow + 1h);  // moved
  EXPECT_EQ(bs.subscription(citizen), true);
  EXPECT_EQ(bs.count_recipients({"communes", "", {"03700"}}), 1);
}

// Issue 16: a commune target reaches the team groups linked to that commune (and the
// members who joined its team by code), not only its private subscribers; a province
// target reaches every commune's groups and subscribers. Places are official codes.
TYPED_TEST(BroadcastStoreTest, CommuneAndProvinceTargetsReachTheLinkedTeamGroups) {
  auto& bs = this->bs();
  auto& gs = this->groups();
  const auto thuan_chau_group = this->chat("-100", ChatType::group);
  const auto long_sap_group = this->chat("-200", ChatType::group, Channel::zalo);
  const auto quiet_group = this->chat("-300", ChatType::group);
  this->chat("-400", ChatType::group);                                          // unlinked
  const auto team_member = this->chat("m1", ChatType::private_chat, Channel::zalo);  // joined Thuận Châu's team by code
  gs.set_link(thuan_chau_group, {"son-la", "03721"}, "u", kNow);
  gs.set_link(long_sap_group, {"son-la", "04033"}, "u", kNow);
  gs.set_link(quiet_group, {"son-la", "03721"}, "u", kNow);
  gs.set_link(team_member, {"son-la", "03721"}, "u", kNow);
  bs.set_subscription(quiet_group, false, "", "", kNow);  // /canhbao tat in the group
  bs.set_subscription(this->chat("1"), true, "03721", "son-la", kNow);
  bs.set_subscription(this->chat("2"), true, "04033", "son-la", kNow);
  bs.set_subscription(this->chat("3"), true, "", "", kNow);  // no place: only 'all' and 'subscribers'
  bs.set_subscription(this->chat("4"), false, "03721", "son-la", kNow);  // turned off
  bs.set_subscription(this->chat("5"), true, "04465", "lao-cai", kNow);

  // Thuận Châu: its group, its team member, its subscriber.
  EXPECT_EQ(bs.count_recipients({"communes", "", {"03721"}}), 3);
  EXPECT_EQ(bs.count_recipients({"communes", "", {"03721", "04033"}}), 5);
  // Sơn La: both linked groups, the team member, both placed subscribers.
  EXPECT_EQ(bs.count_recipients({"province", "son-la", {}}), 5);
  EXPECT_EQ(bs.count_recipients({"province", "lao-cai", {}}), 1);
  // Every group that did not opt out (linked or not) and the team member.
  EXPECT_EQ(bs.count_recipients({"groups", "", {}}), 4);
  EXPECT_EQ(bs.count_recipients({"subscribers", "", {}}), 4);
  EXPECT_EQ(bs.count_recipients({"all", "", {}}), 8);

  // Per kind and platform, and who /canhbao tat leaves out, kept with the broadcast.
  RecipientCounts counts;
  const auto id = bs.create(NewBroadcast{"token:1", "Cảnh báo", "warning", "", {"communes", "", {"03721"}}}, kNow,
                            false, &counts);
  EXPECT_EQ(counts.total, 3);
  EXPECT_EQ(counts.by_kind.groups, 1);
  EXPECT_EQ(counts.by_kind.private_chats, 2);
  EXPECT_EQ(counts.by_platform["telegram"].groups, 1);
  EXPECT_EQ(counts.by_platform["telegram"].private_chats, 1);
  EXPECT_EQ(counts.by_platform["zalo"].private_chats, 1);
  EXPECT_EQ(counts.left_out.groups, 1);
  EXPECT_EQ(counts.left_out.private_chats, 1);
  EXPECT_EQ(bs.recipients_of(id), recipients_json(counts));

  // The fan-out queues exactly those recipients.
  while (bs.fan_out(100, 1000, kNow) > 0) {
  }
  EXPECT_EQ(this->queued_rows(), 3);
  EXPECT_EQ(this->b().count("SELECT count(*) FROM broadcast_deliveries d JOIN outbox o ON o.id = d.outbox_id "
                            "WHERE o.channel || ':' || o.chat_id IN ('telegram:-100', 'zalo:m1', 'telegram:1')"),
            3);
}

TYPED_TEST(BroadcastStoreTest, FanOutQueuesEveryRecipientOnceInBoundedBatchesAcrossChannels) {
  auto& bs = this->bs();
  this->subscribers(200);
  for (int i = 0; i < 50; ++i) {
    bs.set_subscription(this->chat("z" + std::to_string(i), ChatType::private_chat, Channel::zalo), true, "", "", kNow);
  }
  const auto id = this->start({"all", "", {}});
  int batches = 0;
  while (int n = bs.fan_out(100, 1000, kNow)) {
    EXPECT_LE(n, 100);
    ++batches;
  }
  EXPECT_EQ(batches, 3);
  EXPECT_EQ(this->queued_rows(), 250);
  EXPECT_EQ(this->queued_chats(), 250);
  EXPECT_EQ(this->queued_off_priority(), 0);
  EXPECT_EQ(bs.progress(id)->status, "done");
  EXPECT_EQ(bs.progress(id)->queued, 250);
  EXPECT_EQ(bs.progress(id)->pending, 250);
  EXPECT_EQ(bs.fan_out(100, 1000, kNow), 0);
}

TYPED_TEST(BroadcastStoreTest, TheCursorWalksChatsInByteOrder) {
  // Group ids start with '-', which a language collation would skip over; the walk is
  // in byte order on both backends, so a cursor copied from SQLite goes on where it was.
  auto& bs = this->bs();
  for (const char* id : {"-1001", "1000", "-999", "999", "A1", "a1"}) {
    bs.set_subscription(this->chat(id, ChatType::private_chat), true, "", "", kNow);
  }
  const auto id = this->start({"all", "", {}});
  EXPECT_EQ(bs.fan_out(1, 1000, kNow), 1);
  EXPECT_EQ(bs.fan_out(1, 1000, kNow), 1);
  EXPECT_EQ(bs.fan_out(1, 1000, kNow), 1);
  std::ostringstream out;
  bs.export_csv(id, out);
  EXPECT_EQ(out.str(),
            "channel,chat_id,status,attempts,sent_at_ms,last_error\n"
            "telegram,-1001,pending,0,,\"\"\ntelegram,-999,pending,0,,\"\"\ntelegram,1000,pending,0,,\"\"\n");
  while (bs.fan_out(1, 1000, kNow) > 0) {
  }
  std::ostringstream all;
  bs.export_csv(id, all);
  EXPECT_EQ(all.str(),
            "channel,chat_id,status,attempts,sent_at_ms,last_error\n"
            "telegram,-1001,pending,0,,\"\"\ntelegram,-999,pending,0,,\"\"\ntelegram,1000,pending,0,,\"\"\n"
            "telegram,999,pending,0,,\"\"\ntelegram,A1,pending,0,,\"\"\ntelegram,a1,pending,0,,\"\"\n");
}

TYPED_TEST(BroadcastStoreTest, TheOutboxWindowHoldsTheFanOutBackUntilRowsAreSent) {
  auto& bs = this->bs();
  this->subscribers(30);
  const auto id = this->start({"all", "", {}});
  EXPECT_EQ(bs.fan_out(100, 10, kNow), 10);
  EXPECT_EQ(bs.fan_out(100, 10, kNow), 0);
  this->send_all_pending();
  EXPECT_EQ(bs.fan_out(100, 10, kNow), 10);
  EXPECT_EQ(bs.progress(id)->sent, 10);
  EXPECT_EQ(bs.progress(id)->pending, 10);
}

// Top-ups wait for a tenth of the window to be free, so a busy broadcast is not
// re-counted for every few rows the sender delivers.
TYPED_TEST(BroadcastStoreTest, FanOutTopsUpOnlyOnceATenthOfTheWindowIsFree) {
  auto& bs = this->bs();
  this->subscribers(130);
  this->start({"all", "", {}});
  EXPECT_EQ(bs.fan_out(100, 100, kNow), 100);
  this->send(9);
  EXPECT_EQ(bs.fan_out(100, 100, kNow), 0);  // 9 of 100 free
  this->send(1);
  EXPECT_EQ(bs.fan_out(100, 100, kNow), 10);  // 10 of 100 free: filled up again
}

TYPED_TEST(BroadcastStoreTest, CancelStopsTheFanOutAndCancelsWhatStillWaits) {
  auto& bs = this->bs();
  this->subscribers(30);
  const auto id = this->start({"all", "", {}});
  bs.fan_out(10, 100, kNow);
  this->b().seed("UPDATE outbox SET status = 'sent' WHERE id IN (SELECT min(id) FROM outbox)");
  EXPECT_TRUE(bs.cancel(id, "token:1", kNow));
  EXPECT_FALSE(bs.cancel(id, "token:1", kNow));
  EXPECT_EQ(bs.fan_out(10, 100, kNow), 0);
  const auto p = *bs.progress(id);
  EXPECT_EQ(p.status, "cancelled");
  EXPECT_EQ(p.sent, 1);
  EXPECT_EQ(p.cancelled, 9);
  EXPECT_EQ(p.pending, 0);
  EXPECT_EQ(this->b().count("SELECT count(*) FROM broadcast_audit WHERE action = 'cancel' AND detail = '{\"dropped\":9}'"),
            1);
  EXPECT_EQ(this->b().count("SELECT count(*) FROM broadcasts WHERE finished_at IS NOT NULL"), 1);
}

TYPED_TEST(BroadcastStoreTest, PauseHoldsTheFanOutAndResumeGoesOnFromTheCursor) {
  auto& bs = this->bs();
  this->subscribers(20);
  const auto id = this->start({"all", "", {}});
  EXPECT_EQ(bs.fan_out(5, 100, kNow), 5);
  EXPECT_TRUE(bs.set_paused(id, true, "token:1", kNow));
  EXPECT_FALSE(bs.set_paused(id, true, "token:1", kNow));  // paused already
  EXPECT_EQ(bs.fan_out(5, 100, kNow), 0);
  EXPECT_TRUE(bs.set_paused(id, false, "token:1", kNow));
  while (bs.fan_out(5, 100, kNow) > 0) {
  }
  EXPECT_EQ(this->queued_rows(), 20);
  EXPECT_EQ(this->queued_chats(), 20);
}

TYPED_TEST(BroadcastStoreTest, AFinishedBroadcastHandsTheTurnToTheNextOne) {
  auto& bs = this->bs();
  this->subscribers(5);
  const auto first = this->start({"all", "", {}});
  const auto second = this->start({"subscribers", "", {}});
  EXPECT_EQ(bs.fan_out(5, 100, kNow), 5);  // all of the first, not yet known to be done
  EXPECT_EQ(bs.fan_out(5, 100, kNow), 5);  // the first is done; the second's in the same call
  EXPECT_EQ(bs.progress(first)->status, "done");
  EXPECT_EQ(bs.progress(second)->queued, 5);
  EXPECT_EQ(this->queued_rows(), 10);
}

TYPED_TEST(BroadcastStoreTest, AWarningAwaitingApprovalGoesOnlyAfterAnotherOfficerApproves) {
  auto& bs = this->bs();
  bs.set_subscription(this->chat("1"), true, "", "son-la", kNow);
  const auto id =
      bs.create(NewBroadcast{"token:1", "Cảnh báo", "warning", "", {"province", "son-la", {}}}, kNow, true);
  EXPECT_EQ(bs.progress(id)->status, "awaiting_approval");
  EXPECT_EQ(bs.fan_out(10, 100, kNow), 0);
  EXPECT_EQ(bs.approve(id, "token:1", kNow), BroadcastStore::Approval::same_officer);
  EXPECT_EQ(bs.approve(id, "token:2", kNow), BroadcastStore::Approval::approved);
  EXPECT_EQ(bs.approve(id, "token:3", kNow), BroadcastStore::Approval::not_waiting);
  EXPECT_EQ(bs.fan_out(10, 100, kNow), 1);
  EXPECT_EQ(this->b().count("SELECT count(*) FROM broadcasts WHERE approved_by = 'token:2'"), 1);
}

TYPED_TEST(BroadcastStoreTest, UnsubscribingDropsWaitingWarningsButNotReplies) {
  auto& bs = this->bs();
  const auto c = this->chat("1");
  bs.set_subscription(c, true, "", "", kNow);
  this->start({"all", "", {}});
  bs.fan_out(10, 100, kNow);
  this->b().seed("INSERT INTO outbox (channel, chat_id, body, priority, created_at) "
                 "VALUES ('telegram', '1', '{\"text\":\"Dạ, bác hỏi gì ạ?\"}', 0, 0)");
  bs.set_subscription(c, false, "", "", kNow);
  EXPECT_EQ(bs.subscription(c), false);
  EXPECT_EQ(this->b().count("SELECT count(*) FROM outbox WHERE priority = 10 AND status = 'cancelled' "
                            "AND last_error = 'unsubscribed'"),
            1);
  EXPECT_EQ(this->b().count("SELECT count(*) FROM outbox WHERE priority = 0 AND status = 'pending'"), 1);
  EXPECT_EQ(this->b().count("SELECT count(*) FROM outbox"), 2);
  // Turning off is an explicit choice: the counts say who it leaves out.
  EXPECT_EQ(bs.count_by_kind({"all", "", {}}).left_out.private_chats, 1);
}

TYPED_TEST(BroadcastStoreTest, TokensAreStoredOnlyAsHashesAndCanBeRevoked) {
  auto& bs = this->bs();
  const std::string token = bs.create_token({Role::officer, "son-la", ""}, kNow);
  EXPECT_TRUE(token.starts_with("hvs_"));
  EXPECT_EQ(token.size(), 4u + 64u);
  EXPECT_EQ(this->b().count("SELECT count(*) FROM broadcast_tokens WHERE length(token_hash) = 64 "
                            "AND token_hash NOT LIKE 'hvs%'"),
            1);
  const auto found = bs.find_token(token);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->scope.province, "son-la");
  EXPECT_EQ(found->scope.role, Role::officer);
  EXPECT_EQ(found->created_at_ms, std::chrono::duration_cast<std::chrono::milliseconds>(kNow.time_since_epoch()).count());
  EXPECT_FALSE(bs.find_token(token + "x"));
  const std::string admin = bs.create_token({Role::admin, "", ""}, kNow);
  EXPECT_TRUE(bs.revoke_token(found->id, kNow));
  EXPECT_FALSE(bs.revoke_token(found->id, kNow));
  EXPECT_FALSE(bs.find_token(token));
  const auto all = bs.tokens();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_TRUE(all[0].revoked);
  EXPECT_FALSE(all[1].revoked);
  EXPECT_EQ(all[1].scope.role, Role::admin);
  EXPECT_EQ(bs.find_token(admin)->id, all[1].id);
}

TYPED_TEST(BroadcastStoreTest, ExportHasOneCsvRowPerRecipient) {
  auto& bs = this->bs();
  this->subscribers(3);
  const auto id = this->start({"all", "", {}});
  bs.fan_out(10, 100, kNow);
  this->b().seed("UPDATE outbox SET status = 'failed', attempts = 3, last_error = 'Bad Request: chat \"0\" not found' "
                 "WHERE chat_id = '0'");
  this->b().seed("UPDATE outbox SET status = 'sent', sent_at = 1764979260000 WHERE chat_id = '1'");
  std::ostringstream out;
  bs.export_csv(id, out);
  EXPECT_EQ(out.str(),
            "channel,chat_id,status,attempts,sent_at_ms,last_error\n"
            "telegram,0,failed,3,,\"Bad Request: chat \"\"0\"\" not found\"\n"
            "telegram,1,sent,0,1764979260000,\"\"\n"
            "telegram,2,pending,0,,\"\"\n");
}

TYPED_TEST(BroadcastStoreTest, ReadsOfABroadcastAndItsAuthorsDay) {
  auto& bs = this->bs();
  const auto a = bs.create(NewBroadcast{"telegram:5120034", "Cảnh báo 1", "warning", "https://dichvucong.gov.vn",
                                        {"communes", "", {"03721", "04033"}}},
                           kNow);
  const auto b = bs.create(NewBroadcast{"token:1", "Cảnh báo 2", "urgent", "", {"all", "", {}}}, kNow + 1min);
  bs.create(NewBroadcast{"telegram:5120034", "Cảnh báo 3", "warning", "", {"province", "son-la", {}}}, kNow - 24h);
  EXPECT_EQ(bs.author_of(a), "telegram:5120034");
  EXPECT_EQ(bs.author_of(999), std::nullopt);
  const auto target = bs.target_of(a);
  ASSERT_TRUE(target);
  EXPECT_EQ(target->scope, "communes");
  EXPECT_EQ(target->communes, (std::vector<std::string>{"03721", "04033"}));
  EXPECT_EQ(bs.created_today("telegram:5120034", kNow + 2h), 1);  // yesterday's is another day
  EXPECT_EQ(bs.created_today("token:1", kNow + 2h), 1);
  const auto recent = bs.recent(2);
  ASSERT_EQ(recent.size(), 2u);
  EXPECT_GT(recent[0].id, recent[1].id);  // newest first
  EXPECT_EQ(recent[1].id, b);
  EXPECT_EQ(recent[1].target.scope, "all");
  EXPECT_EQ(bs.progress(999), std::nullopt);
  EXPECT_EQ(this->b().count("SELECT count(*) FROM broadcast_audit WHERE action = 'create' AND broadcast_id IS NOT NULL"),
            3);
  bs.audit("token:1", "export", std::nullopt, "", kNow);
  EXPECT_EQ(this->b().count("SELECT count(*) FROM broadcast_audit WHERE broadcast_id IS NULL"), 1);
}

TYPED_TEST(BroadcastStoreTest, OfficersKnownInChatKeepTheirLatestScope) {
  auto& bs = this->bs();
  EXPECT_EQ(bs.officer(Channel::telegram, "5120034"), std::nullopt);
  bs.grant_officer(Channel::telegram, "5120034", {Role::officer, "son-la", "03721"});
  bs.grant_officer(Channel::telegram, "5120034", {Role::admin, "son-la", ""});
  const auto scope = bs.officer(Channel::telegram, "5120034");
  ASSERT_TRUE(scope);
  EXPECT_EQ(scope->role, Role::admin);
  EXPECT_EQ(scope->province, "son-la");
  EXPECT_EQ(scope->commune, "");
  EXPECT_EQ(bs.officer(Channel::zalo, "5120034"), std::nullopt);
}

// PostgreSQL only: two store threads (or nodes) run the fan-out at once, each in its own
// transaction, as the worker does; every recipient is queued once and the window holds.
TEST(BroadcastStorePgRace, TwoNodesFanningOutAtOnceQueueEachRecipientOnce) {
  auto* cluster = testing::PgCluster::shared();
  if (cluster == nullptr) GTEST_SKIP() << testing::PgCluster::why_not();
  const std::string url = cluster->create_database();
  {
    pg::Db db(url);
    pg::migrate(db);
    std::string chats = "INSERT INTO chats (channel, chat_id, chat_type, title, first_seen, last_seen) VALUES ";
    for (int i = 0; i < 300; ++i) {
      chats += (i ? ", " : "") + ("('zalo', '" + std::to_string(880000 + i) + "', 'group', '', 0, 0)");
    }
    db.run(chats);
    make_pg_broadcast_store(db)->create(NewBroadcast{"token:1", "Cảnh báo", "warning", "", {"groups", "", {}}}, kNow);
  }
  std::atomic<int> total{0};
  std::vector<std::thread> nodes;
  for (int node = 0; node < 2; ++node) {
    nodes.emplace_back([&] {
      pg::Db db(url);
      auto bs = make_pg_broadcast_store(db);
      for (;;) {
        pg::Transaction tx(db);
        const int n = bs->fan_out(7, 1000, kNow);
        tx.commit();
        if (n == 0) return;
        total += n;
      }
    });
  }
  for (auto& t : nodes) t.join();
  pg::Db db(url);
  auto q = db.query("SELECT count(*), count(DISTINCT o.chat_id) FROM broadcast_deliveries d JOIN outbox o "
                    "ON o.id = d.outbox_id");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.int64(0), 300);
  EXPECT_EQ(q.int64(1), 300);
  EXPECT_EQ(total.load(), 300);
  auto b = db.query("SELECT status, queued FROM broadcasts");
  ASSERT_TRUE(b.step());
  EXPECT_EQ(b.text(0), "done");
  EXPECT_EQ(b.int64(1), 300);
}

// PostgreSQL only: an officer at her daily limit's edge starts a warning on two nodes at
// once (chat on one, the API on the other). Each node counts her day and then creates in
// one transaction; the second count waits for the first transaction and sees its warning,
// so she cannot pass the limit by one. Node b is let count only once it is seen waiting
// (or done), so the test does not depend on which thread runs first.
class BroadcastStorePgDay : public testing::MigratedPgTest {};

TEST_F(BroadcastStorePgDay, AnOfficersDayIsCountedOneNodeAtATime) {
  const std::string& url = url_;
  pg::Db a_db(url);
  auto a = make_pg_broadcast_store(a_db);
  const std::string officer = "telegram:5120034";
  pg::Transaction a_tx(a_db);
  ASSERT_EQ(a->created_today(officer, kNow), 0);
  a->create(NewBroadcast{officer, "Cảnh báo", "warning", "", {"groups", "", {}}}, kNow);

  std::atomic<bool> b_done{false};
  int b_count = -1;
  std::thread b([&] {
    pg::Db db(url);
    auto bs = make_pg_broadcast_store(db);
    pg::Transaction tx(db);
    b_count = bs->created_today(officer, kNow + 1s);
    tx.commit();
    b_done = true;
  });
  pg::Db watch(url);
  for (int i = 0; i < 1000 && !b_done; ++i) {
    auto q = watch.query(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
        "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");
    q.step();
    if (q.int64(0) > 0) break;
    std::this_thread::sleep_for(10ms);
  }
  a_tx.commit();
  b.join();
  EXPECT_EQ(b_count, 1) << "node b counted the officer's day while node a's warning was not yet committed";
}

// PostgreSQL only: on a database whose collation is a language's (ICU en-US, as a
// server set up in English would have), the fan-out still walks chats in byte order,
// SQLite's order: a cursor moved by `db copy` from SQLite neither skips nor repeats.
TEST(BroadcastStorePgCollation, TheWalkIsInByteOrderWhateverTheDatabasesCollation) {
  auto* cluster = testing::PgCluster::shared();
  if (cluster == nullptr) GTEST_SKIP() << testing::PgCluster::why_not();
  const std::string name = "bc_icu_" + std::to_string(::getpid());
  {
    pg::Db admin(cluster->url("postgres"));
    admin.run("DROP DATABASE IF EXISTS " + name);  // a run before this one with the same pid
    admin.run("CREATE DATABASE " + name +
              " TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C' LOCALE_PROVIDER icu ICU_LOCALE 'en-US'");
  }
  pg::Db db(cluster->url(name));
  pg::migrate(db);
  {
    // The database does sort otherwise: lower case first, as English readers expect.
    auto q = db.query("SELECT count(*) FROM (VALUES ('a1'), ('A1')) v(x) WHERE x < 'A1'");
    ASSERT_TRUE(q.step());
    ASSERT_EQ(q.int64(0), 1) << "the ICU database does not sort 'a1' before 'A1'";
  }
  db.run("INSERT INTO chats (channel, chat_id, chat_type, title, first_seen, last_seen) VALUES "
         "('zalo', 'b0', 'group', '', 0, 0), ('zalo', 'a1', 'group', '', 0, 0), ('zalo', 'B1', 'group', '', 0, 0), "
         "('zalo', 'A1', 'group', '', 0, 0), ('telegram', '-1002003004001', 'group', '', 0, 0)");
  auto bs = make_pg_broadcast_store(db);
  const auto id = bs->create(NewBroadcast{"token:1", "Cảnh báo", "warning", "", {"groups", "", {}}}, kNow);
  int batches = 0;
  while (bs->fan_out(1, 1000, kNow) > 0) ++batches;
  EXPECT_EQ(batches, 5);
  std::ostringstream out;
  bs->export_csv(id, out);
  EXPECT_EQ(out.str(),
            "channel,chat_id,status,attempts,sent_at_ms,last_error\n"
            "telegram,-1002003004001,pending,0,,\"\"\nzalo,A1,pending,0,,\"\"\nzalo,B1,pending,0,,\"\"\n"
            "zalo,a1,pending,0,,\"\"\nzalo,b0,pending,0,,\"\"\n");
}

}  // namespace
}  // namespace hocvuso::broadcast
