// TicketStore conformance (issue 18): the same test bodies against SQLite and a real
// PostgreSQL 15 (tests/support/store_backends.hpp): a citizen of phường Chiềng An asks
// for help, a member of the commune's team takes it, they talk, it closes and is rated.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "flows/tickets/ticket_store.hpp"
#include "support/store_backends.hpp"

namespace hocvuso::tickets {
namespace {

using namespace std::chrono_literals;

const TimePoint kNow = TimePoint(std::chrono::milliseconds(1764979200000));  // 2025-12-06 07:00 Vietnam
const ChatRef kCitizen{Channel::zalo, "8812003345571"};
const ChatRef kCitizen2{Channel::telegram, "6001002003"};
const ChatRef kGroup{Channel::telegram, "-1002003004001"};
const ChatRef kHelper{Channel::telegram, "5120034"};
const ChatRef kHelper2{Channel::telegram, "5120035"};

NewTicket ask(const ChatRef& citizen, std::string commune = "03664", std::string province = "son-la") {
  return NewTicket{citizen, citizen.id, "bac Lan", std::move(province), std::move(commune), kGroup,
                   "co nguoi goi bao toi trung thuong, bat chuyen 2 trieu phi nhan qua, co phai lua dao khong a"};
}

template <class B>
class TicketStoreTest : public testing::BackendTest<B> {
 protected:
  TicketStore& tickets() { return this->b().template repo<TicketStore>(&TicketStore::of, &make_pg_ticket_store); }
};
TYPED_TEST_SUITE(TicketStoreTest, testing::Backends, testing::BackendNames);

TYPED_TEST(TicketStoreTest, AnOpenedTicketIsReadBackWithTheCitizensActiveOne) {
  auto& tickets = this->tickets();
  EXPECT_FALSE(tickets.active_of(kCitizen));
  const auto id = tickets.open(ask(kCitizen), kNow);
  EXPECT_GT(id, 0);
  auto t = tickets.get(id);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->id, id);
  EXPECT_EQ(t->citizen_chat, kCitizen);
  EXPECT_EQ(t->citizen_user, "8812003345571");
  EXPECT_EQ(t->citizen_name, "bac Lan");
  EXPECT_EQ(t->province, "son-la");
  EXPECT_EQ(t->commune, "03664");
  EXPECT_EQ(t->group, kGroup);
  EXPECT_EQ(t->question, ask(kCitizen).question);
  EXPECT_EQ(t->status, Status::open);
  EXPECT_TRUE(t->helper.id.empty());
  EXPECT_FALSE(t->helper_private);
  EXPECT_EQ(t->created_at, kNow);
  EXPECT_EQ(t->last_activity_at, kNow);
  EXPECT_FALSE(t->claimed_at);
  EXPECT_FALSE(t->first_answer_at);
  EXPECT_FALSE(t->closed_at);
  EXPECT_FALSE(t->rating);
  EXPECT_EQ(tickets.active_of(kCitizen)->id, id);
  EXPECT_FALSE(tickets.active_of(kCitizen2));
  EXPECT_FALSE(tickets.get(id + 100));
  // The question is the first relayed message.
  EXPECT_EQ(this->b().count("SELECT count(*) FROM ticket_messages WHERE side = 'citizen'"), 1);
  // Ids grow: the code HT<n> of a later ticket is another.
  EXPECT_GT(tickets.open(ask(kCitizen2), kNow + 1min), id);
}

TYPED_TEST(TicketStoreTest, ATicketIsTakenOnceAndTheFirstHelperMessageIsTheFirstAnswer) {
  auto& tickets = this->tickets();
  const auto id = tickets.open(ask(kCitizen), kNow);
  EXPECT_TRUE(tickets.claim(id, kHelper, "Lò Văn Tuấn", kNow + 5min));
  EXPECT_FALSE(tickets.claim(id, kHelper2, "Cầm Thị Hoa", kNow + 6min));
  tickets.add_message(id, Side::citizen, "toi da chuyen 500 nghin roi", kNow + 7min);
  auto t = tickets.get(id);
  EXPECT_EQ(t->status, Status::claimed);
  EXPECT_EQ(t->helper, kHelper);
  EXPECT_EQ(t->helper_name, "Lò Văn Tuấn");
  EXPECT_EQ(t->claimed_at, kNow + 5min);
  EXPECT_FALSE(t->first_answer_at);
  EXPECT_EQ(t->last_activity_at, kNow + 7min);
  tickets.add_message(id, Side::helper, "Bác đừng chuyển thêm. Cháu gọi lại ngay.", kNow + 9min);
  tickets.add_message(id, Side::helper, "Bác gọi 113 nếu họ dọa.", kNow + 12min);
  t = tickets.get(id);
  EXPECT_EQ(t->first_answer_at, kNow + 9min);
  EXPECT_EQ(t->last_activity_at, kNow + 12min);
  tickets.set_helper_private(id);
  EXPECT_TRUE(tickets.get(id)->helper_private);
  EXPECT_EQ(this->b().count("SELECT count(*) FROM ticket_messages"), 4);
}

TYPED_TEST(TicketStoreTest, TheHowToAnswerHintIsGivenOncePerTakenTicketOfTheGroup) {
  auto& tickets = this->tickets();
  const auto a = tickets.open(ask(kCitizen), kNow);
  const auto b = tickets.open(ask(kCitizen2), kNow + 1min);
  const auto c = tickets.open(ask(ChatRef{Channel::zalo, "777"}), kNow + 2min);
  EXPECT_TRUE(tickets.unhinted_of(kHelper, kGroup).empty());
  tickets.claim(b, kHelper, "Tuấn", kNow + 3min);
  tickets.claim(a, kHelper, "Tuấn", kNow + 4min);
  tickets.claim(c, kHelper2, "Hoa", kNow + 4min);
  EXPECT_EQ(tickets.unhinted_of(kHelper, kGroup), (std::vector<std::int64_t>{a, b}));
  EXPECT_TRUE(tickets.unhinted_of(kHelper, ChatRef{Channel::telegram, "-100999"}).empty());
  EXPECT_TRUE(tickets.mark_hinted(a, kNow + 5min));
  EXPECT_FALSE(tickets.mark_hinted(a, kNow + 6min));
  EXPECT_EQ(tickets.unhinted_of(kHelper, kGroup), std::vector<std::int64_t>{b});
}

TYPED_TEST(TicketStoreTest, ClosingAndRating) {
  auto& tickets = this->tickets();
  const auto taken = tickets.open(ask(kCitizen), kNow);
  const auto untaken = tickets.open(ask(kCitizen2), kNow);
  tickets.claim(taken, kHelper, "Tuấn", kNow + 5min);
  EXPECT_FALSE(tickets.rate(taken, 5));  // not closed yet
  EXPECT_TRUE(tickets.close(taken, "citizen", kNow + 1h));
  EXPECT_FALSE(tickets.close(taken, "helper", kNow + 2h));
  EXPECT_FALSE(tickets.active_of(kCitizen));
  auto t = tickets.get(taken);
  EXPECT_EQ(t->status, Status::closed);
  EXPECT_EQ(t->closed_at, kNow + 1h);
  EXPECT_TRUE(tickets.rate(taken, 4));
  EXPECT_FALSE(tickets.rate(taken, 1));  // rated already
  EXPECT_EQ(tickets.get(taken)->rating, 4);
  EXPECT_TRUE(tickets.close(untaken, "idle", kNow + 3h));
  EXPECT_FALSE(tickets.rate(untaken, 5));  // nobody took it: nobody to rate
  EXPECT_EQ(this->b().count("SELECT count(*) FROM tickets WHERE closed_by = 'idle'"), 1);
}

TYPED_TEST(TicketStoreTest, ThePeriodicJobsListsAreRecordedStepByStep) {
  auto& tickets = this->tickets();
  const auto old = tickets.open(ask(kCitizen), kNow);
  const auto fresh = tickets.open(ask(kCitizen2), kNow + 50min);
  const auto taken = tickets.open(ask(ChatRef{Channel::zalo, "777"}), kNow);
  tickets.claim(taken, kHelper, "Tuấn", kNow + 10min);
  auto ids = [](const std::vector<Ticket>& v) {
    std::vector<std::int64_t> out;
    for (const auto& t : v) out.push_back(t.id);
    return out;
  };
  EXPECT_EQ(ids(tickets.to_reannounce(kNow + 30min)), std::vector<std::int64_t>{old});
  tickets.mark_reannounced(old, kNow + 30min);
  EXPECT_TRUE(tickets.to_reannounce(kNow + 30min).empty());
  EXPECT_EQ(ids(tickets.to_reannounce(kNow + 50min)), std::vector<std::int64_t>{fresh});
  EXPECT_EQ(ids(tickets.to_escalate(kNow + 2h)), (std::vector<std::int64_t>{old, fresh}));
  tickets.mark_escalated(old, kNow + 2h);
  EXPECT_EQ(ids(tickets.to_escalate(kNow + 2h)), std::vector<std::int64_t>{fresh});
  // Idle: open or taken, nothing relayed since.
  tickets.add_message(taken, Side::helper, "Cháu nghe đây ạ", kNow + 3h);
  EXPECT_EQ(ids(tickets.idle_since(kNow + 2h)), (std::vector<std::int64_t>{old, fresh}));
  tickets.close(old, "citizen", kNow + 2h);
  EXPECT_EQ(ids(tickets.idle_since(kNow + 3h)), (std::vector<std::int64_t>{fresh, taken}));
}

TYPED_TEST(TicketStoreTest, ClosedTicketsLoseTheirTextsWhenTheRetentionEnds) {
  auto& tickets = this->tickets();
  const auto a = tickets.open(ask(kCitizen), kNow);
  const auto b = tickets.open(ask(kCitizen2), kNow);
  tickets.add_message(a, Side::citizen, "so dien thoai cua toi la [so]", kNow + 1min);
  tickets.close(a, "citizen", kNow + 1h);
  tickets.close(b, "citizen", kNow + 30h);
  EXPECT_TRUE(tickets.purge_closed_before(kNow + 59min, kNow + 2h).empty());
  EXPECT_EQ(tickets.purge_closed_before(kNow + 1h, kNow + 2h), std::vector<std::int64_t>{a});
  EXPECT_TRUE(tickets.purge_closed_before(kNow + 1h, kNow + 3h).empty());  // once
  EXPECT_EQ(tickets.get(a)->question, "");
  EXPECT_EQ(tickets.get(b)->question, ask(kCitizen2).question);
  EXPECT_EQ(this->b().count("SELECT count(*) FROM ticket_messages"), 1);  // b's question
  EXPECT_EQ(this->b().count("SELECT count(*) FROM tickets WHERE purged_at IS NOT NULL"), 1);
}

TYPED_TEST(TicketStoreTest, FiguresOfACommune) {
  auto& tickets = this->tickets();
  // Four tickets of 03664 in the week, answered after 10 and 30 minutes (one of them
  // closed and rated 5, one closed and rated 3 without an answer cannot be: untaken),
  // one of another commune, one before the week.
  const auto a = tickets.open(ask(kCitizen), kNow);
  const auto b = tickets.open(ask(kCitizen2), kNow + 1h);
  const auto c = tickets.open(ask(ChatRef{Channel::zalo, "777"}), kNow + 2h);
  tickets.open(ask(ChatRef{Channel::zalo, "778"}), kNow + 3h);
  tickets.open(ask(ChatRef{Channel::zalo, "779"}, "03700"), kNow + 1h);
  tickets.open(ask(ChatRef{Channel::zalo, "780"}), kNow - 8 * 24h);
  tickets.claim(a, kHelper, "Tuấn", kNow + 5min);
  tickets.add_message(a, Side::helper, "Bác đừng chuyển.", kNow + 10min);
  tickets.close(a, "helper", kNow + 1h);
  tickets.rate(a, 5);
  tickets.claim(b, kHelper2, "Hoa", kNow + 1h + 5min);
  tickets.add_message(b, Side::helper, "Cháu gọi bác nhé.", kNow + 1h + 30min);
  tickets.claim(c, kHelper2, "Hoa", kNow + 2h + 1min);
  tickets.close(c, "citizen", kNow + 2h + 2min);
  tickets.rate(c, 2);
  const auto f = tickets.figures("son-la", "03664", kNow - 1h, kNow + 7 * 24h);
  EXPECT_EQ(f.opened, 4);
  EXPECT_EQ(f.claimed, 3);
  EXPECT_EQ(f.resolved, 1);  // c closed without an answer
  ASSERT_TRUE(f.median_first_answer_minutes);
  EXPECT_DOUBLE_EQ(*f.median_first_answer_minutes, 20.0);  // 10 and 30
  EXPECT_EQ(f.rated, 2);
  EXPECT_DOUBLE_EQ(f.average_rating, 3.5);
  const auto none = tickets.figures("lao-cai", "02896", kNow - 1h, kNow + 7 * 24h);
  EXPECT_EQ(none.opened, 0);
  EXPECT_FALSE(none.median_first_answer_minutes);

  EXPECT_EQ(tickets.resolved_per_commune("son-la", kNow, kNow + 24h), (std::map<std::string, long long>{{"03664", 1}}));
  EXPECT_TRUE(tickets.resolved_per_commune("son-la", kNow + 2h, kNow + 24h).empty());
  EXPECT_EQ(tickets.communes_with_tickets(kNow - 1h, kNow + 24h),
            (std::vector<std::pair<std::string, std::string>>{{"son-la", "03664"}, {"son-la", "03700"}}));
}

// PostgreSQL only: two members of the team press "Nhận" at the same moment on two
// store threads (or nodes); exactly one takes the ticket.
TEST(TicketStorePgRace, TwoMembersTakingATicketAtOnceOneGetsIt) {
  auto* cluster = testing::PgCluster::shared();
  if (cluster == nullptr) GTEST_SKIP() << testing::PgCluster::why_not();
  const std::string url = cluster->create_database();
  std::vector<std::int64_t> ids;
  {
    pg::Db db(url);
    pg::migrate(db);
    auto store = make_pg_ticket_store(db);
    for (int i = 0; i < 10; ++i) ids.push_back(store->open(ask(ChatRef{Channel::zalo, std::to_string(900 + i)}), kNow));
  }
  for (const auto id : ids) {
    std::atomic<int> took{0};
    std::vector<std::thread> members;
    for (const auto& helper : {kHelper, kHelper2}) {
      members.emplace_back([&, helper] {
        pg::Db db(url);
        pg::Transaction tx(db);
        if (make_pg_ticket_store(db)->claim(id, helper, helper.id, kNow + 1min)) ++took;
        tx.commit();
      });
    }
    for (auto& t : members) t.join();
    EXPECT_EQ(took.load(), 1) << "ticket " << id;
  }
}

}  // namespace
}  // namespace hocvuso::tickets
