// GroupStore and PrivateTeamStore conformance (issue 18): the same test bodies against
// SQLite and a real PostgreSQL 15 (tests/support/store_backends.hpp).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "flows/groups/group_store.hpp"
#include "flows/groups/private_team.hpp"
#include "support/store_backends.hpp"

namespace hocvuso::groups {
namespace {

using namespace std::chrono_literals;

const TimePoint kNow = TimePoint(std::chrono::milliseconds(1764979200000));  // 2025-12-06 07:00 Vietnam

// Two team groups of Sơn La communes, one of Lào Cai, a group the bot has left, and two
// members' private chats (the chats table is the core store's: seeded as rows).
const ChatRef kChiengAn{Channel::telegram, "-1002003004001"};
const ChatRef kThuanChau{Channel::telegram, "-1002003004002"};
const ChatRef kSaPa{Channel::zalo, "g-7781230045"};
const ChatRef kLeft{Channel::telegram, "-1002003004099"};
const ChatRef kMemberLan{Channel::zalo, "8812003345571"};
const ChatRef kMemberTuan{Channel::telegram, "5120034"};
const GroupLink kChiengAnLink{"son-la", "03664"};
const GroupLink kThuanChauLink{"son-la", "03700"};
const GroupLink kSaPaLink{"lao-cai", "02896"};

constexpr std::string_view kSeed = R"sql(
INSERT INTO chats (channel, chat_id, chat_type, title, active, first_seen, last_seen) VALUES
  ('telegram', '-1002003004001', 'group', 'To CNSCD-Chieng An', 1, 0, 0),
  ('telegram', '-1002003004002', 'group', 'Tổ CNSCĐ-Thuận Châu', 1, 0, 0),
  ('zalo', 'g-7781230045', 'group', 'To CNSCD Sa Pa', 1, 0, 0),
  ('telegram', '-1002003004099', 'group', 'To CNSCD cu', 0, 0, 0),
  ('zalo', '8812003345571', 'private', '', 1, 0, 0),
  ('telegram', '5120034', 'private', '', 1, 0, 0);
INSERT INTO users (channel, user_id, display_name, locale, first_seen, last_seen) VALUES
  ('telegram', '5120034', 'Lò Văn Tuấn', 'vi', 0, 0),
  ('telegram', '5120035', 'Cầm Thị Hoa', 'vi', 0, 0),
  ('telegram', '5120036', '', 'vi', 0, 0),
  ('zalo', '8812003345571', 'Lan', 'vi', 0, 0);
)sql";

template <class B>
class GroupStoreTest : public testing::BackendTest<B> {
 protected:
  void SetUp() override {
    testing::BackendTest<B>::SetUp();
    if (::testing::Test::IsSkipped()) return;
    this->b().seed(kSeed);
  }
  GroupStore& groups() { return this->b().template repo<GroupStore>(&GroupStore::of, &make_pg_group_store); }
  PrivateTeamStore& team() {
    return this->b().template repo<PrivateTeamStore>(&PrivateTeamStore::of, &make_pg_private_team_store);
  }
};
TYPED_TEST_SUITE(GroupStoreTest, testing::Backends, testing::BackendNames);

std::vector<ChatRef> chats_of(const std::vector<LinkedGroup>& groups) {
  std::vector<ChatRef> out;
  for (const auto& g : groups) out.push_back(g.chat);
  return out;
}

TYPED_TEST(GroupStoreTest, ALinkIsSetThenMovedToAnotherCommune) {
  auto& groups = this->groups();
  EXPECT_FALSE(groups.link(kChiengAn));
  groups.set_link(kChiengAn, kThuanChauLink, "5120034", kNow);
  EXPECT_EQ(groups.link(kChiengAn), kThuanChauLink);
  groups.set_link(kChiengAn, kChiengAnLink, "5120035", kNow + 1h);  // the officer corrects it
  EXPECT_EQ(groups.link(kChiengAn), kChiengAnLink);
  EXPECT_EQ(this->b().count("SELECT count(*) FROM group_links"), 1);
  EXPECT_EQ(this->b().count("SELECT linked_at FROM group_links"), 1764979200000 + 3600000);
}

TYPED_TEST(GroupStoreTest, LinkedGroupsAreTheActiveOnesByPlace) {
  auto& groups = this->groups();
  groups.set_link(kThuanChau, kThuanChauLink, "", kNow);
  groups.set_link(kSaPa, kSaPaLink, "", kNow);
  groups.set_link(kChiengAn, kChiengAnLink, "", kNow);
  groups.set_link(kLeft, kChiengAnLink, "", kNow);  // the bot was removed from it
  EXPECT_EQ(chats_of(groups.linked_groups()), (std::vector<ChatRef>{kSaPa, kChiengAn, kThuanChau}));
  EXPECT_EQ(chats_of(groups.groups_of(kChiengAnLink)), std::vector<ChatRef>{kChiengAn});
  EXPECT_TRUE(groups.groups_of(GroupLink{"thanh-hoa", "15001"}).empty());
  const auto all = groups.linked_groups();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].link, kSaPaLink);
}

TYPED_TEST(GroupStoreTest, TheLastTitleReadIsRemembered) {
  auto& groups = this->groups();
  EXPECT_FALSE(groups.title(kThuanChau));
  EXPECT_FALSE(groups.title_seen(kThuanChau, "Tổ CNSCĐ-Thuận Châu"));
  groups.remember_title(kThuanChau, "To CNSCD Thuan Chua");
  groups.remember_title(kThuanChau, "Tổ CNSCĐ-Thuận Châu");
  EXPECT_EQ(groups.title(kThuanChau), "Tổ CNSCĐ-Thuận Châu");
  EXPECT_TRUE(groups.title_seen(kThuanChau, "Tổ CNSCĐ-Thuận Châu"));
  EXPECT_FALSE(groups.title_seen(kChiengAn, "Tổ CNSCĐ-Thuận Châu"));
}

TYPED_TEST(GroupStoreTest, ActivityCountsMessagesReportsAndDaysPerMember) {
  auto& groups = this->groups();
  // Tuấn: 3 messages over two days and a report; Hoa: 2 reports on one day; 5120036 has
  // no name; 5120099 is not in users at all.
  groups.count_message(kChiengAn, "5120034", 20251201);
  groups.count_message(kChiengAn, "5120034", 20251201);
  groups.count_message(kChiengAn, "5120034", 20251203);
  groups.count_report(kChiengAn, "5120034", 20251203);
  groups.count_report(kChiengAn, "5120035", 20251202);
  groups.count_report(kChiengAn, "5120035", 20251202);
  groups.count_message(kChiengAn, "5120036", 20251130);
  groups.count_message(kChiengAn, "5120099", 20251125);  // before the window
  groups.count_message(kThuanChau, "5120034", 20251202);  // another group
  const auto rows = groups.activity(kChiengAn, 20251126, 20251206);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].name, "Cầm Thị Hoa");  // 2 reports weigh 20
  EXPECT_EQ(rows[0].messages, 0);
  EXPECT_EQ(rows[0].reports, 2);
  EXPECT_EQ(rows[0].active_days, 1);
  EXPECT_EQ(rows[0].last_day, 20251202);
  EXPECT_EQ(rows[1].name, "Lò Văn Tuấn");
  EXPECT_EQ(rows[1].messages, 3);
  EXPECT_EQ(rows[1].reports, 1);
  EXPECT_EQ(rows[1].active_days, 2);
  EXPECT_EQ(rows[1].last_day, 20251203);
  EXPECT_EQ(rows[2].name, "?");
  EXPECT_EQ(rows[2].messages, 1);
  EXPECT_EQ(groups.activity(kChiengAn, 20251101, 20251125).at(0).name, "?");
}

TYPED_TEST(GroupStoreTest, MembershipAndTheLatestLinkedGroupOfAPerson) {
  auto& groups = this->groups();
  groups.set_link(kChiengAn, kChiengAnLink, "", kNow);
  groups.set_link(kThuanChau, kThuanChauLink, "", kNow);
  EXPECT_FALSE(groups.latest_group_of(Channel::telegram, "5120034"));
  groups.count_message(kChiengAn, "5120034", 20251201);
  groups.count_message(kThuanChau, "5120034", 20251204);
  groups.count_message(kLeft, "5120034", 20251205);  // not linked: not a team group
  auto latest = groups.latest_group_of(Channel::telegram, "5120034");
  ASSERT_TRUE(latest);
  EXPECT_EQ(latest->chat, kThuanChau);
  EXPECT_EQ(latest->link, kThuanChauLink);
  EXPECT_FALSE(groups.latest_group_of(Channel::zalo, "5120034"));
  EXPECT_TRUE(groups.is_member(kChiengAn, "5120034"));
  EXPECT_FALSE(groups.is_member(kChiengAn, "5120035"));
  EXPECT_FALSE(groups.is_member(ChatRef{Channel::zalo, kChiengAn.id}, "5120034"));
}

TYPED_TEST(GroupStoreTest, ATeamCodeIsSpentOnceAndLinksTheMembersChat) {
  auto& team = this->team();
  const std::string code = team.issue_code(kChiengAnLink, "telegram:5120035", kNow);
  EXPECT_EQ(read_team_code(code), code);
  EXPECT_FALSE(team.redeem("TO-XXXXXX", kMemberLan, kNow + 1h));
  auto link = team.redeem(code, kMemberLan, kNow + 1h);
  ASSERT_TRUE(link);
  EXPECT_EQ(*link, kChiengAnLink);
  EXPECT_EQ(this->groups().link(kMemberLan), kChiengAnLink);
  EXPECT_EQ(team.commune_of(kMemberLan), kChiengAnLink);
  EXPECT_FALSE(team.redeem(code, kMemberTuan, kNow + 2h));  // spent
  EXPECT_FALSE(team.commune_of(kMemberTuan));
  EXPECT_EQ(this->b().count("SELECT count(*) FROM team_codes WHERE used_by = 'zalo:8812003345571'"), 1);
}

TYPED_TEST(GroupStoreTest, AnExpiredCodeChangesNothing) {
  auto& team = this->team();
  const std::string code = team.issue_code(kChiengAnLink, "cli", kNow);
  EXPECT_FALSE(team.redeem(code, kMemberLan, kNow + kTeamCodeLifetime));
  EXPECT_FALSE(this->groups().link(kMemberLan));
  EXPECT_EQ(this->b().count("SELECT count(*) FROM team_codes WHERE used_by = ''"), 1);
  EXPECT_TRUE(team.redeem(code, kMemberLan, kNow + kTeamCodeLifetime - 1ms));
}

TYPED_TEST(GroupStoreTest, MembersArePrivateChatsOfTheCommuneOldestFirstAndCanBeRemoved) {
  auto& team = this->team();
  this->groups().set_link(kChiengAn, kChiengAnLink, "", kNow);  // the team group itself
  ASSERT_TRUE(team.redeem(team.issue_code(kChiengAnLink, "cli", kNow), kMemberTuan, kNow + 2h));
  ASSERT_TRUE(team.redeem(team.issue_code(kChiengAnLink, "cli", kNow), kMemberLan, kNow + 1h));
  const auto members = team.members(kChiengAnLink);
  ASSERT_EQ(members.size(), 2u);
  EXPECT_EQ(members[0].chat, kMemberLan);
  EXPECT_EQ(members[0].name, "Lan");
  EXPECT_EQ(members[0].joined, kNow + 1h);
  EXPECT_EQ(members[1].chat, kMemberTuan);
  EXPECT_EQ(members[1].name, "Lò Văn Tuấn");
  EXPECT_TRUE(team.members(kThuanChauLink).empty());
  // A group is not removed as a member; a member of another commune is not removed here.
  EXPECT_FALSE(team.remove(kChiengAnLink, kChiengAn));
  EXPECT_FALSE(team.remove(kThuanChauLink, kMemberLan));
  EXPECT_TRUE(team.remove(kChiengAnLink, kMemberLan));
  EXPECT_FALSE(team.remove(kChiengAnLink, kMemberLan));
  EXPECT_EQ(team.members(kChiengAnLink).size(), 1u);
  EXPECT_TRUE(this->groups().link(kChiengAn));
}

// PostgreSQL only: several store threads (or nodes) on one database. Two members
// sending the same code at the same moment: exactly one joins.
TEST(GroupStorePgRace, ACodeSentByTwoMembersAtOnceIsSpentOnce) {
  auto* cluster = testing::PgCluster::shared();
  if (cluster == nullptr) GTEST_SKIP() << testing::PgCluster::why_not();
  const std::string url = cluster->create_database();
  std::string code;
  {
    pg::Db db(url);
    pg::migrate(db);
    db.run(kSeed);
    code = make_pg_private_team_store(db)->issue_code(kChiengAnLink, "cli", kNow);
  }
  for (int round = 0; round < 5; ++round) {
    if (round > 0) {
      pg::Db db(url);
      db.run("DELETE FROM group_links");
      db.query("UPDATE team_codes SET used_by = '', used_at = NULL").exec();
    }
    std::atomic<int> joined{0};
    std::vector<std::thread> members;
    for (const auto& chat : {kMemberLan, kMemberTuan}) {
      members.emplace_back([&, chat] {
        pg::Db db(url);
        pg::Transaction tx(db);
        if (make_pg_private_team_store(db)->redeem(code, chat, kNow + 1h)) ++joined;
        tx.commit();
      });
    }
    for (auto& t : members) t.join();
    EXPECT_EQ(joined.load(), 1) << "round " << round;
    pg::Db db(url);
    auto q = db.query("SELECT count(*) FROM group_links");
    ASSERT_TRUE(q.step());
    EXPECT_EQ(q.integer(0), 1) << "round " << round;
  }
}

}  // namespace
}  // namespace hocvuso::groups
