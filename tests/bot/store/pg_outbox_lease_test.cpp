// The outbox shared by several nodes on one PostgreSQL database (issue 18, item 2): each
// "node" is its own connection and its own pg::CoreStore, as each hocvuso process will
// be. No row is sent by two nodes while their leases hold, a chat's messages go out in
// queue order whichever node sends them, and a dead node's rows are taken over once its
// lease runs out, repeating at most what was in flight.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "bot/store/pg_core_store.hpp"
#include "bot/store/pg_migrate.hpp"
#include "support/migrated_pg_test.hpp"
#include "support/pg_cluster.hpp"

namespace hocvuso {
namespace {

using namespace std::chrono_literals;
using testing::PgCluster;

const TimePoint kT0 = TimePoint(std::chrono::milliseconds(1764979200000));
constexpr auto kLease = std::chrono::milliseconds(30s);

class PgOutboxLeaseTest : public testing::MigratedPgTest {
 protected:
  // Queues `per_chat` messages for each of `chats` chats, interleaved across chats as a
  // broadcast and replies would be; returns the ids per chat in queue order.
  std::map<std::string, std::vector<std::int64_t>> fill(int chats, int per_chat) {
    pg::Db db(url_);
    pg::CoreStore s(db, "filler");
    std::map<std::string, std::vector<std::int64_t>> ids;
    for (int m = 0; m < per_chat; ++m) {
      for (int c = 0; c < chats; ++c) {
        const std::string chat = std::to_string(5120000 + c);
        const auto priority = (m + c) % 3 == 0 ? OutboxPriority::broadcast : OutboxPriority::reply;
        ids[chat].push_back(s.enqueue(Outgoing{ChatRef{Channel::telegram, chat},
                                               "Tin số " + std::to_string(m) + " cho bà con", {}, std::nullopt},
                                      priority, kT0));
      }
    }
    return ids;
  }
};

std::set<std::int64_t> ids_of(const std::vector<Store::DueMessage>& heads) {
  std::set<std::int64_t> out;
  for (const auto& h : heads) out.insert(h.item.id);
  return out;
}

TEST_F(PgOutboxLeaseTest, TwoNodesClaimDisjointHeadsAndEachKeepsItsOwn) {
  fill(20, 2);
  pg::Db da(url_), db(url_);
  pg::CoreStore a(da, "node-a", kLease), b(db, "node-b", kLease);
  const auto got_a = a.due_heads(Channel::telegram, kT0, 8);
  ASSERT_EQ(got_a.size(), 8u);
  const auto got_b = b.due_heads(Channel::telegram, kT0, 100);
  EXPECT_EQ(got_b.size(), 12u);  // the other chats' heads, none of A's
  for (const auto& h : got_b) EXPECT_FALSE(ids_of(got_a).contains(h.item.id)) << h.item.id;
  std::set<std::string> chats;
  for (const auto& h : got_a) chats.insert(h.item.message.chat.id);
  for (const auto& h : got_b) chats.insert(h.item.message.chat.id);
  EXPECT_EQ(chats.size(), 20u);
  // A reads again (its sender's next pass): the same heads, lease renewed; B gets none.
  EXPECT_EQ(ids_of(a.due_heads(Channel::telegram, kT0 + 10s, 100)), ids_of(got_a));
  // At 35 s A's first lease would have run out, but its read at 10 s renewed it to 40 s.
  EXPECT_EQ(ids_of(b.due_heads(Channel::telegram, kT0 + 35s, 100)), ids_of(got_b));
}

TEST_F(PgOutboxLeaseTest, ANodeNeverTakesAChatWhoseMessageAnotherNodeIsSending) {
  const auto ids = fill(1, 3);
  const auto& chat = ids.begin()->second;
  pg::Db da(url_), db(url_);
  pg::CoreStore a(da, "node-a", kLease), b(db, "node-b", kLease);
  auto heads = a.due_heads(Channel::telegram, kT0, 10);
  ASSERT_EQ(heads.size(), 1u);
  EXPECT_EQ(heads[0].item.id, chat[0]);
  EXPECT_TRUE(b.due_heads(Channel::telegram, kT0 + 1s, 10).empty());
  a.mark_sent(chat[0], kT0 + 1s);  // delivered: the chat is free for any node
  heads = b.due_heads(Channel::telegram, kT0 + 2s, 10);
  ASSERT_EQ(heads.size(), 1u);
  EXPECT_EQ(heads[0].item.id, chat[1]);
  EXPECT_TRUE(a.due_heads(Channel::telegram, kT0 + 2s, 10).empty());
  // A retry pause releases the row: after it, whoever asks first sends it, still first.
  b.reschedule(chat[1], kT0 + 5s, true, "429");
  EXPECT_TRUE(a.due_heads(Channel::telegram, kT0 + 4s, 10).empty());
  heads = a.due_heads(Channel::telegram, kT0 + 5s, 10);
  ASSERT_EQ(heads.size(), 1u);
  EXPECT_EQ(heads[0].item.id, chat[1]);
  EXPECT_EQ(heads[0].item.attempts, 1);
}

TEST_F(PgOutboxLeaseTest, ADeadNodesRowIsTakenOverAfterItsLeaseWithThePartsAlreadySent) {
  const auto ids = fill(1, 2);
  const auto& chat = ids.begin()->second;
  {
    pg::Db da(url_);
    pg::CoreStore a(da, "node-a", kLease);
    auto heads = a.due_heads(Channel::telegram, kT0, 10);
    ASSERT_EQ(heads.size(), 1u);
    a.mark_part_sent(chat[0], 1);  // the first piece of a long text went out …
  }  // … and node A died (kill -9: its connection closes, its lease stays in the table)
  pg::Db db(url_);
  pg::CoreStore b(db, "node-b", kLease);
  EXPECT_TRUE(b.due_heads(Channel::telegram, kT0 + 29s, 10).empty()) << "A's lease still holds";
  auto heads = b.due_heads(Channel::telegram, kT0 + 30s, 10);
  ASSERT_EQ(heads.size(), 1u);
  EXPECT_EQ(heads[0].item.id, chat[0]);
  EXPECT_EQ(heads[0].parts_sent, 1);  // B goes on from the second piece
  b.mark_sent(chat[0], kT0 + 31s);
  heads = b.due_heads(Channel::telegram, kT0 + 31s, 10);
  ASSERT_EQ(heads.size(), 1u);
  EXPECT_EQ(heads[0].item.id, chat[1]);
}

// The claim itself under real concurrency: nodes reading the same heads at the same
// moment (SKIP LOCKED, and the re-check of a row claimed since the statement began).
TEST_F(PgOutboxLeaseTest, NodesClaimingAtTheSameMomentNeverShareAHead) {
  fill(60, 1);
  constexpr int kNodes = 4;
  std::atomic<bool> go{false};
  std::vector<std::set<std::int64_t>> claimed(kNodes);
  std::vector<std::thread> nodes;
  for (int n = 0; n < kNodes; ++n) {
    nodes.emplace_back([&, n] {
      pg::Db db(url_);
      pg::CoreStore s(db, "node-" + std::to_string(n), kLease);
      while (!go.load()) std::this_thread::yield();
      // Each pass claims up to 7 heads and sends them (its own heads would otherwise come
      // back first on the next pass, as on SQLite).
      for (int pass = 0; pass < 200; ++pass) {
        const auto heads = s.due_heads(Channel::telegram, kT0, 7);
        if (heads.empty() && s.outbox_depth() == 0) break;
        for (const auto& h : heads) {
          claimed[n].insert(h.item.id);
          s.mark_sent(h.item.id, kT0);
        }
      }
    });
  }
  go = true;
  for (auto& t : nodes) t.join();
  std::set<std::int64_t> all;
  std::size_t total = 0;
  for (const auto& c : claimed) {
    total += c.size();
    all.insert(c.begin(), c.end());
  }
  EXPECT_EQ(total, all.size()) << "a head was claimed by two nodes";
  EXPECT_EQ(all.size(), 60u);
}

// Three nodes drain one outbox together, as three `serve` processes would: every row
// goes out once, and each chat's rows in queue order.
TEST_F(PgOutboxLeaseTest, ThreeNodesDrainingTogetherSendEachRowOnceInEachChatsOrder) {
  const auto ids = fill(25, 8);
  std::mutex m;
  std::vector<std::pair<std::string, std::int64_t>> sent;  // in the order the "platform" accepted them
  std::atomic<bool> go{false};
  std::vector<std::thread> nodes;
  for (int n = 0; n < 3; ++n) {
    nodes.emplace_back([&, n] {
      pg::Db db(url_);
      pg::CoreStore s(db, "node-" + std::to_string(n), kLease);
      while (!go.load()) std::this_thread::yield();
      for (int idle = 0; idle < 2000;) {
        const auto heads = s.due_heads(Channel::telegram, kT0, 5);
        if (heads.empty()) {
          if (s.outbox_depth() == 0) break;
          ++idle;
          std::this_thread::sleep_for(2ms);
          continue;
        }
        for (const auto& h : heads) {
          {
            std::lock_guard lock(m);
            sent.emplace_back(h.item.message.chat.id, h.item.id);
          }
          s.mark_sent(h.item.id, kT0);
        }
      }
    });
  }
  go = true;
  for (auto& t : nodes) t.join();
  ASSERT_EQ(sent.size(), 25u * 8u);
  std::map<std::string, std::vector<std::int64_t>> per_chat;
  std::set<std::int64_t> once;
  for (const auto& [chat, id] : sent) {
    per_chat[chat].push_back(id);
    EXPECT_TRUE(once.insert(id).second) << "row " << id << " sent twice";
  }
  EXPECT_EQ(per_chat, ids);  // each chat's rows in queue order
}

// A node killed mid-drain (kill -9 between the platform's answer and its mark_sent):
// the others take its rows over once its lease runs out. Only what it had in flight is
// sent twice, each repeat right after its first sending, and every chat keeps its order.
TEST_F(PgOutboxLeaseTest, WhenANodeDiesMidDrainOnlyWhatItHadInFlightIsRepeated) {
  const auto ids = fill(30, 4);
  std::mutex m;
  std::vector<std::pair<std::string, std::int64_t>> sent;
  auto platform_accepts = [&](const Store::DueMessage& h) {
    std::lock_guard lock(m);
    sent.emplace_back(h.item.message.chat.id, h.item.id);
  };
  std::set<std::int64_t> in_flight;
  {
    pg::Db da(url_);
    pg::CoreStore a(da, "node-a", kLease);
    const auto heads = a.due_heads(Channel::telegram, kT0, 6);
    ASSERT_EQ(heads.size(), 6u);
    for (std::size_t i = 0; i < 5; ++i) {
      platform_accepts(heads[i]);
      if (i < 2) {
        a.mark_sent(heads[i].item.id, kT0);
      } else {
        in_flight.insert(heads[i].item.id);  // accepted, not yet marked: lost with the node
      }
    }
  }  // node A is gone; its sixth head was claimed but never started
  std::atomic<bool> go{false};
  std::vector<std::thread> nodes;
  for (int n = 0; n < 2; ++n) {
    nodes.emplace_back([&, n] {
      pg::Db db(url_);
      pg::CoreStore s(db, "node-" + std::to_string(n), kLease);
      while (!go.load()) std::this_thread::yield();
      // Before A's lease ends, then after it.
      for (const TimePoint now : {kT0 + 10s, kT0 + 31s}) {
        for (int idle = 0; idle < 2000;) {
          const auto heads = s.due_heads(Channel::telegram, now, 5);
          if (heads.empty()) {
            if (s.outbox_depth() == 0 || now == kT0 + 10s) break;
            ++idle;
            std::this_thread::sleep_for(2ms);
            continue;
          }
          for (const auto& h : heads) {
            platform_accepts(h);
            s.mark_sent(h.item.id, now);
          }
        }
      }
    });
  }
  go = true;
  for (auto& t : nodes) t.join();
  std::map<std::string, std::vector<std::int64_t>> per_chat;
  std::map<std::int64_t, int> times;
  for (const auto& [chat, id] : sent) {
    ++times[id];
    // A repeat comes right after the first sending, before anything else of its chat.
    if (!per_chat[chat].empty() && per_chat[chat].back() == id) continue;
    per_chat[chat].push_back(id);
  }
  EXPECT_EQ(per_chat, ids);  // every row, each chat in queue order
  std::set<std::int64_t> repeated;
  for (const auto& [id, n] : times) {
    EXPECT_LE(n, 2) << id;
    if (n > 1) repeated.insert(id);
  }
  EXPECT_EQ(repeated, in_flight);
}

// A node that stalled past its lease (a paused VM) and then marks its row sent must not
// free the chat while the node that took the row over is still sending it: the chat's
// next row waits for that node.
TEST_F(PgOutboxLeaseTest, AStalledNodesLateMarkDoesNotFreeAChatAnotherNodeIsSending) {
  const auto ids = fill(1, 2);
  const auto& chat = ids.begin()->second;
  pg::Db da(url_), db(url_), dc(url_);
  pg::CoreStore a(da, "node-a", kLease), b(db, "node-b", kLease), c(dc, "node-c", kLease);
  ASSERT_EQ(a.due_heads(Channel::telegram, kT0, 10).size(), 1u);  // A stalls from here
  const auto taken = b.due_heads(Channel::telegram, kT0 + 31s, 10);
  ASSERT_EQ(taken.size(), 1u);
  EXPECT_EQ(taken[0].item.id, chat[0]);
  a.mark_sent(chat[0], kT0 + 32s);  // A wakes up: its send had gone through after all
  EXPECT_TRUE(c.due_heads(Channel::telegram, kT0 + 33s, 10).empty()) << "B is still sending the first row";
  b.mark_sent(chat[0], kT0 + 34s);
  const auto next = c.due_heads(Channel::telegram, kT0 + 35s, 10);
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(next[0].item.id, chat[1]);
}

// A node stopping gracefully (a rolling restart) gives up the heads it claimed and did not
// send: another node takes them at once, not a lease later, and a row another node took
// over from it stays that node's.
TEST_F(PgOutboxLeaseTest, ANodeThatStopsGivesUpItsClaimsAndTheOthersTakeThemAtOnce) {
  fill(6, 1);
  pg::Db da(url_), db(url_), dc(url_);
  pg::CoreStore a(da, "node-a", kLease), b(db, "node-b", kLease), c(dc, "node-c", kLease);
  const auto claimed = a.due_heads(Channel::telegram, kT0, 4);
  ASSERT_EQ(claimed.size(), 4u);
  const auto b_own = b.due_heads(Channel::telegram, kT0 + 1s, 10);
  EXPECT_EQ(b_own.size(), 2u) << "only the two A did not claim";
  a.give_up_leases();
  const auto taken = c.due_heads(Channel::telegram, kT0 + 2s, 10);
  EXPECT_EQ(ids_of(taken), ids_of(claimed)) << "A's four, well before its lease would have ended";
  // C's claims are C's: A giving up again (a second stop) changes nothing; B keeps its own.
  a.give_up_leases();
  EXPECT_EQ(ids_of(b.due_heads(Channel::telegram, kT0 + 3s, 10)), ids_of(b_own));
}

// The lease length is the node's setting (outbox_lease_seconds): a dead node's rows wait
// that long, no longer.
TEST_F(PgOutboxLeaseTest, ADeadNodesRowsWaitForTheLeaseItWasConfiguredWith) {
  fill(2, 1);
  pg::Db da(url_), db(url_);
  pg::CoreStore a(da, "node-a"), b(db, "node-b");
  a.set_lease(10s);
  ASSERT_EQ(a.due_heads(Channel::telegram, kT0, 10).size(), 2u);  // then A dies
  EXPECT_TRUE(b.due_heads(Channel::telegram, kT0 + 9s, 10).empty());
  EXPECT_EQ(b.due_heads(Channel::telegram, kT0 + 10s, 10).size(), 2u);
}

// A send that outlasts its lease (a slow platform, up to the client's timeouts): the sender
// renews the claims of the rows it has under way at each read (renew_claims), so another node
// does not take such a row over and send it a second time. Only the holder renews.
TEST_F(PgOutboxLeaseTest, ARowUnderWayKeepsItsClaimWhileItsHolderRenewsItAndNoOtherNodeCan) {
  fill(3, 1);
  pg::Db da(url_), db(url_);
  pg::CoreStore a(da, "node-a", kLease), b(db, "node-b", kLease);
  const auto got = a.due_heads(Channel::telegram, kT0, 1);  // A claims one head and starts sending it
  ASSERT_EQ(got.size(), 1u);
  const std::int64_t row = got[0].item.id;
  a.renew_claims({row}, kT0 + 25s);  // A's next read, the send still under way
  // Claimed to 30 s and renewed at 25 s to 55 s: at 40 s B leaves it alone.
  const auto b_at_40 = ids_of(b.due_heads(Channel::telegram, kT0 + 40s, 100));
  EXPECT_EQ(b_at_40.size(), 2u);
  EXPECT_FALSE(b_at_40.contains(row));
  // B cannot renew A's claim; once it runs out with no renewal, B takes the row over.
  b.renew_claims({row}, kT0 + 50s);
  EXPECT_TRUE(ids_of(b.due_heads(Channel::telegram, kT0 + 56s, 100)).contains(row));
  // Then A's renewal leaves B's claim alone: A gets nothing of that chat.
  a.renew_claims({row}, kT0 + 57s);
  EXPECT_FALSE(ids_of(a.due_heads(Channel::telegram, kT0 + 58s, 100)).contains(row));
  // A row sent is renewed by nobody: B marks it sent, and renewing it changes nothing.
  b.mark_sent(row, kT0 + 59s);
  b.renew_claims({row}, kT0 + 60s);
  pg::Db check(url_);
  auto q = check.query("SELECT status, coalesce(lease_node, '-') FROM outbox WHERE id = $1");
  q.bind(1, row);
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.text(0), "sent");
  EXPECT_EQ(q.text(1), "-");
}

}  // namespace
}  // namespace hocvuso
