// Timed jobs once per due time across nodes (issue 18): two nodes, each its own Store,
// StoreWorker and Engine on one real PostgreSQL database, tick at the same moments, as
// their timers would. A ticket nobody claims is announced again and escalated once, a
// team group is reminded of its report once, a learner gets one review question a day.
#include <gtest/gtest.h>

#include <algorithm>
#include <barrier>
#include <string>
#include <thread>
#include <vector>

#include "bot/app/runtime.hpp"
#include "bot/engine/engine.hpp"
#include "bot/store/cluster_jobs.hpp"
#include "bot/store/pg_db.hpp"
#include "bot/store/store.hpp"
#include "bot/store/worker.hpp"
#include "flows/roles/roles.hpp"
#include "support/migrated_pg_test.hpp"
#include "support/shipped_content.hpp"
#include "support/temp_dir.hpp"

namespace hocvuso {
namespace {

using namespace std::chrono_literals;
using testing::vn_time;

constexpr const char* kCitizen = "7788990011223344";
const ChatRef kCitizenChat{Channel::zalo, kCitizen};
const ChatRef kGroup{Channel::telegram, "-100777"};

// One node of the cluster: its own connection (store thread) and its own engine.
struct Node {
  Node(const std::string& url, const std::string& name, std::shared_ptr<const Content> content)
      : worker(std::make_unique<Store>(PostgresTarget{url, name})), engine(make_dispatcher(Config{}), content) {}
  StoreWorker worker;
  Engine engine;
  std::vector<OutboxItem> queued;  // what this node's ticks committed

  std::vector<OutboxItem> handle(const Incoming& in, TimePoint now) {
    return worker.call([&](Store& s) { return engine.handle(s, in, now); });
  }
  void tick(TimePoint now) {
    auto items = worker.call([&](Store& s) { return engine.tick(s, now); });
    queued.insert(queued.end(), items.begin(), items.end());
  }
};

Incoming citizen(std::string text, std::string payload = "") {
  Incoming in;
  in.chat = kCitizenChat;
  in.sender_id = kCitizen;
  in.sender_name = "Bà Lan";
  in.text = std::move(text);
  in.button_payload = std::move(payload);
  return in;
}

Incoming in_team_group(std::string text) {
  Incoming in;
  in.chat = kGroup;
  in.chat_type = ChatType::group;
  in.chat_title = "Tổ CNSCĐ-Xã Thuận Châu";
  in.sender_id = "m0";
  in.sender_name = "Chị Hoa";
  in.text = std::move(text);
  return in;
}

Incoming learner(std::string text) {
  Incoming in;
  in.chat = {Channel::telegram, "u5"};
  in.sender_id = "u5";
  in.sender_name = "Anh Dũng";
  in.text = std::move(text);
  return in;
}

class ClusterTicksTest : public testing::MigratedPgTest {
 protected:
  // Both nodes tick at each of `times` together (a barrier before each), as two timers
  // firing in the same instant would.
  void tick_together(Node& a, Node& b, const std::vector<TimePoint>& times) {
    std::barrier both(2);
    auto run = [&](Node& n) {
      for (const TimePoint t : times) {
        both.arrive_and_wait();
        n.tick(t);
      }
    };
    std::thread ta(run, std::ref(a));
    std::thread tb(run, std::ref(b));
    ta.join();
    tb.join();
  }
  static int count(const Node& a, const Node& b, const ChatRef& chat, const std::string& words) {
    int n = 0;
    for (const auto* node : {&a, &b}) {
      for (const auto& item : node->queued) {
        if (item.message.chat == chat && item.message.text.find(words) != std::string::npos) ++n;
      }
    }
    return n;
  }
};

TEST_F(ClusterTicksTest, TwoNodesTickingAtOnceSendEachEscalationReminderAndReviewOnce) {
  const auto content = testing::shipped_content();
  Node a(url_, "node-a", content);
  Node b(url_, "node-b", content);

  // The Telegram team group of xã Thuận Châu (linked from its title), an officer of Sơn
  // La, a learner who asked for the daily review, and a Zalo citizen's request for help.
  TimePoint now = vn_time(2026, 11, 23, 9);
  a.handle(in_team_group("chào cả nhà"), now);
  a.worker.call([&](Store& s) {
    roles::RoleStore::of(s).grant({Channel::zalo, "officer-1", roles::Role::officer, {"son-la", ""}}, now);
  });
  b.handle(learner("/ontap bat"), now += 1min);
  b.handle(citizen("", "menu:team"), now += 1min);
  a.handle(citizen("Thuận Châu"), now += 1min);
  b.handle(citizen("Cài VNeID thế nào?"), now += 1min);
  const auto posted = a.handle(citizen("", "tk:own"), now += 1min);
  ASSERT_EQ(std::count_if(posted.begin(), posted.end(), [](const OutboxItem& i) { return i.message.chat == kGroup; }),
            1);
  const TimePoint opened = now;

  // Every minute for two hours and a bit: announced again at 30 min, escalated at 120.
  // (The review question waits for 19:00.)
  std::vector<TimePoint> minutes;
  for (int m = 0; m <= 125; ++m) minutes.push_back(opened + std::chrono::minutes(m));
  tick_together(a, b, minutes);
  EXPECT_EQ(count(a, b, kGroup, "Chưa có ai nhận yêu cầu HT1"), 1);
  EXPECT_EQ(count(a, b, {Channel::zalo, "officer-1"}, "HT1 ở xã Thuận Châu, Sơn La chưa có ai nhận sau 120 phút"), 1);
  EXPECT_EQ(count(a, b, {Channel::telegram, "u5"}, "Ôn tập mỗi ngày"), 0) << "not before 19:00";

  // Days later, every half hour of the 5th of December: the year's and Q4's reports are due
  // on the 8th, and the team has sent none (one reminder for both); the learner's question
  // of that day, at 19:00 and not again at 19:30; the request, idle for days, closed once.
  std::vector<TimePoint> day;
  for (int half_hours = 0; half_hours < 48; ++half_hours) {
    day.push_back(vn_time(2026, 12, 5, 0) + std::chrono::minutes(30 * half_hours));
  }
  tick_together(a, b, day);
  EXPECT_EQ(count(a, b, kGroup, "Nhắc báo cáo năm 2026: hạn trước ngày 08/12/2026"), 1);
  EXPECT_EQ(count(a, b, {Channel::telegram, "u5"}, "Ôn tập mỗi ngày"), 1) << "the 5th's, from 19:00";
  EXPECT_EQ(count(a, b, kCitizenChat, "Yêu cầu HT1 đã tự kết thúc"), 1);

  // What the nodes were told they queued is what the shared outbox holds.
  pg::Db db(url_);
  auto q = db.query("SELECT count(*) FROM outbox WHERE priority = 5");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.int64(0), static_cast<std::int64_t>(a.queued.size() + b.queued.size()));
}

// The turn is the transaction's: while one node's tick is under way the other's is skipped
// (at once, not queued), and after its commit the other's next tick runs.
TEST_F(ClusterTicksTest, AnotherNodesTickIsSkippedOnlyWhileItsTransactionIsOpen) {
  Store a(PostgresTarget{url_, "node-a"});
  Store b(PostgresTarget{url_, "node-b"});
  EXPECT_THROW(take_cluster_turn(a, "ticks"), StoreError) << "a turn outside a transaction would end at once";
  a.begin();
  ASSERT_TRUE(take_cluster_turn(a, "ticks"));
  b.begin();
  EXPECT_FALSE(take_cluster_turn(b, "ticks"));
  EXPECT_TRUE(take_cluster_turn(b, "another job")) << "each job its own turn";
  b.rollback();
  a.commit();
  b.begin();
  EXPECT_TRUE(take_cluster_turn(b, "ticks"));
  b.commit();
}

// One node on SQLite: its ticks always run, inside a transaction or not.
TEST(ClusterTicksSqlite, TheOneNodeAlwaysHasTheTurn) {
  testing::TempDir tmp;
  Store s(tmp / "bot.db");
  EXPECT_TRUE(take_cluster_turn(s, "ticks"));
  s.begin();
  EXPECT_TRUE(take_cluster_turn(s, "ticks"));
  s.commit();
}

}  // namespace
}  // namespace hocvuso
