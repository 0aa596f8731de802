// DashboardStore and PageStore conformance (issue 18): the same test bodies against
// SQLite and a real PostgreSQL 15 (tests/support/store_backends.hpp). The page reads run
// over rows the features' own stores wrote on the same backend (groups, reports,
// tickets), so they check those stores agree too.
#include <gtest/gtest.h>

#include <chrono>
#include <optional>

#include "flows/dashboard/dashboard_store.hpp"
#include "flows/dashboard/page_store.hpp"
#include "flows/groups/group_store.hpp"
#include "flows/reports/report_store.hpp"
#include "flows/tickets/ticket_store.hpp"
#include "support/store_backends.hpp"

namespace hocvuso::dashboard {
namespace {

using namespace std::chrono_literals;

const TimePoint kNow = TimePoint(std::chrono::milliseconds(1764979200000));  // 2025-12-06 07:00 Vietnam
const WebUser kOfficer{Channel::telegram, "5120035"};
const WebUser kLeader{Channel::zalo, "8812003345571"};
const ChatRef kGroup{Channel::telegram, "-1002003004001"};
const ChatRef kMember{Channel::zalo, "8812003345571"};
const ChatRef kOtherGroup{Channel::telegram, "-1002003004002"};

constexpr std::string_view kSeed = R"sql(
INSERT INTO chats (channel, chat_id, chat_type, title, active, first_seen, last_seen) VALUES
  ('telegram', '-1002003004001', 'group', 'Tổ CNSCĐ-Chiềng An', 1, 0, 0),
  ('telegram', '-1002003004002', 'group', 'Tổ CNSCĐ-Thuận Châu', 1, 0, 0),
  ('zalo', '8812003345571', 'private', 'Lò Thị Lan', 1, 0, 0);
INSERT INTO users (channel, user_id, display_name, locale, first_seen, last_seen) VALUES
  ('telegram', '5120034', 'Lò Văn Tuấn', 'vi', 0, 0),
  ('telegram', '5120035', 'Cầm Thị Hoa', 'vi', 0, 0),
  ('zalo', '8812003345571', 'Lò Thị Lan', 'vi', 0, 0);
)sql";

template <class B>
class DashboardStoreTest : public testing::BackendTest<B> {
 protected:
  void SetUp() override {
    testing::BackendTest<B>::SetUp();
    if (::testing::Test::IsSkipped()) return;
    this->b().seed(kSeed);
  }
  DashboardStore& dash() {
    return this->b().template repo<DashboardStore>(&DashboardStore::of, &make_pg_dashboard_store);
  }
  PageStore& pages() { return this->b().template repo<PageStore>(&PageStore::of, &make_pg_page_store); }
  groups::GroupStore& groups() {
    return this->b().template repo<groups::GroupStore>(&groups::GroupStore::of, &groups::make_pg_group_store);
  }
  tickets::TicketStore& tickets() {
    return this->b().template repo<tickets::TicketStore>(&tickets::TicketStore::of, &tickets::make_pg_ticket_store);
  }
  reports::ReportStore& reports() {
    // The factory is only the type ReportStore::of must make on PostgreSQL (store_backends.hpp);
    // the SQLite Store it names there is never read through.
    return this->b().template repo<reports::ReportStore>(&reports::ReportStore::of, [this](pg::Db& db) {
      owner_.emplace(dir_ / "owner.db");
      return reports::make_pg_report_store(*owner_, db);
    });
  }

 private:
  testing::TempDir dir_;
  std::optional<Store> owner_;
};
TYPED_TEST_SUITE(DashboardStoreTest, testing::Backends, testing::BackendNames);

const std::string kHashA(64, 'a');
const std::string kHashB(64, 'b');

TYPED_TEST(DashboardStoreTest, ASignInLinkIsSpentOnceBeforeItExpires) {
  auto& dash = this->dash();
  dash.add_link(kHashA, kOfficer, kNow, kNow + 10min);
  dash.add_link(kHashB, kOfficer, kNow + 1min, kNow + 11min);
  EXPECT_EQ(dash.links_since(kOfficer, kNow), 2);
  EXPECT_EQ(dash.links_since(kOfficer, kNow + 30s), 1);
  EXPECT_EQ(dash.links_since(kLeader, kNow), 0);
  EXPECT_FALSE(dash.consume_link(std::string(64, 'c'), kNow + 1min));
  EXPECT_EQ(dash.consume_link(kHashA, kNow + 2min), kOfficer);
  EXPECT_FALSE(dash.consume_link(kHashA, kNow + 3min));  // used
  EXPECT_FALSE(dash.consume_link(kHashB, kNow + 11min));  // expired
}

TYPED_TEST(DashboardStoreTest, ASessionLastsWhileUsedAndEndsOnSignOut) {
  auto& dash = this->dash();
  dash.add_session(kHashA, kLeader, kNow);
  EXPECT_EQ(dash.use_session(kHashA, kNow + 7h, 8h), kLeader);
  EXPECT_EQ(dash.use_session(kHashA, kNow + 14h, 8h), kLeader);  // 7 h after its last use
  EXPECT_FALSE(dash.use_session(kHashA, kNow + 22h + 1s, 8h));    // idle too long
  EXPECT_FALSE(dash.use_session(kHashB, kNow, 8h));
  dash.add_session(kHashB, kOfficer, kNow);
  EXPECT_TRUE(dash.end_session(kHashB));
  EXPECT_FALSE(dash.end_session(kHashB));
  EXPECT_FALSE(dash.use_session(kHashB, kNow + 1min, 8h));
  dash.audit("telegram:5120035", "sign_in", "", kNow);
  dash.audit("telegram:5120035", "sign_out", "", kNow + 1h);
  EXPECT_EQ(this->b().count("SELECT count(*) FROM dashboard_audit WHERE actor = 'telegram:5120035'"), 2);
}

TYPED_TEST(DashboardStoreTest, CommuneCountsAreLinkedChatsAndConfirmedSubmissions) {
  this->groups().set_link(kGroup, {"son-la", "03664"}, "", kNow);
  this->groups().set_link(kMember, {"son-la", "03664"}, "code:TO-K7QM4P", kNow);
  this->groups().set_link(kOtherGroup, {"son-la", "03700"}, "", kNow);
  auto& reports = this->reports();
  reports::Submission s;
  s.chat = kGroup;
  s.author_id = "5120034";
  s.province = "son-la";
  s.commune = "03664";
  s.period = *reports::Period::parse("2025-Q4");
  s.rows = {{"Bản Mòng", "ban mong", {{"huongdan", 25}}}};
  const auto a = reports.create(s, kNow);
  reports.create(s, kNow);  // pending: not counted
  reports.set_status(a, "confirmed", Channel::telegram, "5120035", kNow);
  const auto counts = this->dash().commune_counts("son-la", 20251001, 20251231);
  ASSERT_EQ(counts.size(), 2u);
  EXPECT_EQ(counts.at("03664").groups, 2);
  EXPECT_EQ(counts.at("03664").confirmed, 1);
  EXPECT_EQ(counts.at("03700").groups, 1);
  EXPECT_EQ(counts.at("03700").confirmed, 0);
  EXPECT_EQ(this->dash().commune_counts("son-la", 20251101, 20251130).at("03664").confirmed, 0);
}

TYPED_TEST(DashboardStoreTest, TheCommunePageSeesItsChatsSubmissionsAndActivity) {
  this->groups().set_link(kGroup, {"son-la", "03664"}, "", kNow);
  this->groups().set_link(kMember, {"son-la", "03664"}, "code:TO-K7QM4P", kNow + 1h);
  this->groups().set_link(kOtherGroup, {"son-la", "03700"}, "", kNow);
  auto chats = this->pages().linked_chats("son-la", "03664");
  ASSERT_EQ(chats.size(), 2u);
  EXPECT_TRUE(chats[0].group);
  EXPECT_EQ(chats[0].title, "Tổ CNSCĐ-Chiềng An");
  EXPECT_FALSE(chats[1].group);
  EXPECT_EQ(chats[1].title, "");  // a private chat's title may be the member's name
  EXPECT_EQ(chats[1].linked_at, kNow + 1h);

  auto& reports = this->reports();
  reports::Submission s;
  s.chat = kGroup;
  s.author_id = "5120034";
  s.province = "son-la";
  s.commune = "03664";
  s.period = *reports::Period::parse("2025-Q4");
  s.rows = {{"Bản Mòng", "ban mong", {{"huongdan", 25}}}, {"Bản Hụn", "ban hun", {{"huongdan", 14}}}};
  const auto a = reports.create(s, kNow);
  s.author_id = "5120099";  // not in users
  s.rows = {{"", "", {{"buoi", 2}}}};
  const auto b = reports.create(s, kNow + 1h);
  const auto c = reports.create(s, kNow + 2h);
  reports.set_status(a, "confirmed", Channel::telegram, "5120035", kNow + 3h);
  reports.set_status(c, "withdrawn", Channel::telegram, "5120099", kNow + 3h);
  const auto subs = this->pages().submissions("son-la", "03664", 20251001, 20251231, 10);
  ASSERT_EQ(subs.size(), 2u);
  EXPECT_EQ(subs[0].number, b);
  EXPECT_EQ(subs[0].status, "pending");
  EXPECT_EQ(subs[0].author, "");
  EXPECT_EQ(subs[1].number, a);
  EXPECT_EQ(subs[1].period, "2025-Q4");
  EXPECT_EQ(subs[1].status, "confirmed");
  EXPECT_EQ(subs[1].author, "Lò Văn Tuấn");
  EXPECT_EQ(subs[1].created_at, kNow);
  ASSERT_EQ(subs[1].rows.size(), 2u);
  EXPECT_EQ(subs[1].rows[0].village, "Bản Mòng");
  EXPECT_EQ(subs[1].rows[0].figures, "huongdan=25");
  ASSERT_EQ(subs[1].audit.size(), 2u);
  EXPECT_EQ(subs[1].audit[1].action, "confirmed");
  EXPECT_EQ(subs[1].audit[1].name, "Cầm Thị Hoa");
  EXPECT_EQ(subs[1].audit[1].at, kNow + 3h);
  EXPECT_EQ(this->pages().submissions("son-la", "03664", 20251001, 20251231, 1).size(), 1u);
  const auto counts = this->pages().submission_counts("son-la", "03664", 20251001, 20251231);
  EXPECT_EQ(counts.confirmed, 1);
  EXPECT_EQ(counts.pending, 1);

  auto& groups = this->groups();
  groups.count_message(kGroup, "5120034", 20251201);
  groups.count_message(kGroup, "5120034", 20251202);
  groups.count_report(kGroup, "5120035", 20251203);
  groups.count_message(kMember, "8812003345571", 20251204);
  groups.count_report(kOtherGroup, "5120034", 20251204);  // another commune
  const auto active = this->pages().activity("son-la", "03664", 20251201, 20251231, 10);
  ASSERT_EQ(active.size(), 3u);
  EXPECT_EQ(active[0].name, "Cầm Thị Hoa");  // most reports first
  EXPECT_EQ(active[0].reports, 1);
  EXPECT_EQ(active[1].name, "Lò Văn Tuấn");  // then most messages
  EXPECT_EQ(active[1].messages, 2);
  EXPECT_EQ(active[1].last_day, 20251202);
  EXPECT_EQ(active[2].name, "Lò Thị Lan");
  EXPECT_EQ(this->pages().activity("son-la", "03664", 20251201, 20251231, 2).size(), 2u);
}

TYPED_TEST(DashboardStoreTest, WaitingTicketsUnclaimedFirstOldestFirst) {
  auto& tickets = this->tickets();
  auto ask = [](const std::string& chat, const std::string& commune) {
    return tickets::NewTicket{ChatRef{Channel::zalo, chat}, chat, "bac Lan", "son-la", commune, kGroup,
                              "co nguoi goi xung cong an doi chuyen tien"};
  };
  const auto a = tickets.open(ask("901", "03664"), kNow);
  const auto b = tickets.open(ask("902", "03664"), kNow + 1h);
  const auto c = tickets.open(ask("903", "03700"), kNow + 2h);
  const auto d = tickets.open(ask("904", "03664"), kNow + 3h);
  tickets.claim(a, ChatRef{Channel::telegram, "5120034"}, "Lò Văn Tuấn", kNow + 10min);
  tickets.add_message(a, tickets::Side::helper, "Bác đừng chuyển.", kNow + 20min);
  tickets.close(d, "citizen", kNow + 4h);
  const auto waiting = this->pages().waiting_tickets("son-la", "03664", 10);
  ASSERT_EQ(waiting.size(), 2u);
  EXPECT_EQ(waiting[0].id, b);
  EXPECT_FALSE(waiting[0].claimed);
  EXPECT_EQ(waiting[1].id, a);
  EXPECT_TRUE(waiting[1].claimed);
  EXPECT_EQ(waiting[1].helper_name, "Lò Văn Tuấn");
  EXPECT_EQ(waiting[1].first_answer_at, kNow + 20min);
  const auto province = this->pages().waiting_tickets("son-la", "", 10);
  ASSERT_EQ(province.size(), 3u);
  EXPECT_EQ(province[1].id, c);
  EXPECT_EQ(province[1].commune, "03700");
  EXPECT_EQ(this->pages().waiting_tickets("son-la", "", 1).size(), 1u);
  const auto counts = this->pages().waiting_counts("son-la", "");
  EXPECT_EQ(counts.unclaimed, 2);
  EXPECT_EQ(counts.claimed, 1);
  EXPECT_EQ(this->pages().waiting_counts("lao-cai", "").unclaimed, 0);
}

}  // namespace
}  // namespace hocvuso::dashboard
