// PlaceSetAside conformance (issue 18): the same test bodies against SQLite and a real
// PostgreSQL 15 (tests/support/store_backends.hpp). The rows are what the places
// migration (7) sets aside on a real province's database; on PostgreSQL they would
// arrive by `db copy`, so both are seeded as rows.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "bot/store/place_set_aside.hpp"
#include "support/store_backends.hpp"

namespace hocvuso {
namespace {

constexpr std::string_view kRows = R"sql(
INSERT INTO place_set_aside (kind, ref, province, commune, action, at) VALUES
  ('role', 'telegram:5120034 leader', 'son-la', 'chieng-an-cu', 'removed', 1764979200000),
  ('token', 'token 3', 'son la', 'thuan chua', 'revoked', 1764979200000),
  ('group', 'telegram:-1002003004001', 'son-la', 'muong-bu', 'unlinked', 1764979200000),
  ('role', 'zalo:8812003345571 officer', 'son-la', 'chieng-an-cu', 'removed', 1764979200000),
  ('reports', '12 rows', 'son-la', 'muong-bu', 'kept', 1764979200000);
)sql";

template <class B>
class PlaceSetAsideTest : public testing::BackendTest<B> {
 protected:
  PlaceSetAside& set_aside() {
    return this->b().template repo<PlaceSetAside>(&PlaceSetAside::of, &make_pg_place_set_aside);
  }
};
TYPED_TEST_SUITE(PlaceSetAsideTest, testing::Backends, testing::BackendNames);

TYPED_TEST(PlaceSetAsideTest, NothingSetAsideOnAFreshDatabase) {
  EXPECT_TRUE(this->set_aside().list().empty());
  EXPECT_TRUE(this->set_aside().take_unlogged().empty());
}

TYPED_TEST(PlaceSetAsideTest, ListIsByKindThenInTheOrderSetAside) {
  this->b().seed(kRows);
  const auto rows = this->set_aside().list();
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0].kind, "group");
  EXPECT_EQ(rows[1].kind, "reports");
  EXPECT_EQ(rows[1].ref, "12 rows");
  EXPECT_EQ(rows[1].action, "kept");
  EXPECT_EQ(rows[2].ref, "telegram:5120034 leader");
  EXPECT_EQ(rows[3].ref, "zalo:8812003345571 officer");
  EXPECT_EQ(rows[4].kind, "token");
  EXPECT_EQ(rows[4].province, "son la");
  EXPECT_EQ(rows[4].commune, "thuan chua");
}

TYPED_TEST(PlaceSetAsideTest, UnloggedRowsAreCountedOnceWithoutTheirRefs) {
  this->b().seed(kRows);
  auto counts = this->set_aside().take_unlogged();
  ASSERT_EQ(counts.size(), 4u);
  EXPECT_EQ(counts[0].kind, "group");
  EXPECT_EQ(counts[0].count, 1);
  EXPECT_EQ(counts[2].kind, "role");
  EXPECT_EQ(counts[2].action, "removed");
  EXPECT_EQ(counts[2].province, "son-la");
  EXPECT_EQ(counts[2].commune, "chieng-an-cu");
  EXPECT_EQ(counts[2].count, 2);
  EXPECT_TRUE(this->set_aside().take_unlogged().empty());  // reported already
  EXPECT_EQ(this->set_aside().list().size(), 5u);          // and still listed
  this->b().seed("INSERT INTO place_set_aside (kind, ref, province, commune, action, at) VALUES "
                 "('subscription', 'zalo:abc', 'lao cai', 'sa pa', 'unsubscribed', 1764979300000);");
  counts = this->set_aside().take_unlogged();
  ASSERT_EQ(counts.size(), 1u);
  EXPECT_EQ(counts[0].kind, "subscription");
}

// PostgreSQL only: nodes starting together on one database warn about each row once
// between them.
TEST(PlaceSetAsidePgRace, NodesStartingTogetherReportEachRowOnce) {
  auto* cluster = testing::PgCluster::shared();
  if (cluster == nullptr) GTEST_SKIP() << testing::PgCluster::why_not();
  const std::string url = cluster->create_database();
  {
    pg::Db db(url);
    pg::migrate(db);
    for (int i = 0; i < 40; ++i) db.run(kRows);
  }
  std::atomic<int> reported{0};
  std::vector<std::thread> nodes;
  for (int n = 0; n < 3; ++n) {
    nodes.emplace_back([&] {
      pg::Db db(url);
      for (const auto& c : make_pg_place_set_aside(db)->take_unlogged()) reported += c.count;
    });
  }
  for (auto& t : nodes) t.join();
  EXPECT_EQ(reported.load(), 200);
}

}  // namespace
}  // namespace hocvuso
