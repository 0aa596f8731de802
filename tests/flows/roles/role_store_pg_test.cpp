// RoleStore conformance (issue 18): the same test bodies against SQLite and a real
// PostgreSQL 15 (tests/support/store_backends.hpp), so a grant means the same on both.
#include <gtest/gtest.h>

#include <chrono>

#include "flows/roles/roles.hpp"
#include "support/store_backends.hpp"

namespace hocvuso::roles {
namespace {

using namespace std::chrono_literals;

const TimePoint kNow = TimePoint(std::chrono::milliseconds(1764979200000));  // 2025-12-06 07:00 Vietnam

template <class B>
class RoleStoreTest : public testing::BackendTest<B> {
 protected:
  RoleStore& roles() { return this->b().template repo<RoleStore>(&RoleStore::of, &make_pg_role_store); }
};
TYPED_TEST_SUITE(RoleStoreTest, testing::Backends, testing::BackendNames);

// An officer of Sơn La province, a leader of phường Chiềng An (03664), an admin.
const Grant kOfficer{Channel::telegram, "5120034", Role::officer, Scope{"son-la", ""}};
const Grant kLeader{Channel::zalo, "8812003345571", Role::leader, Scope{"son-la", "03664"}};
const Grant kAdmin{Channel::telegram, "77001", Role::admin, Scope{"", ""}};

TYPED_TEST(RoleStoreTest, GrantsAreListedByRankThenPlace) {
  auto& roles = this->roles();
  roles.grant(kLeader, kNow);
  roles.grant(kOfficer, kNow);
  roles.grant(kAdmin, kNow);
  roles.grant(Grant{Channel::telegram, "5120035", Role::leader, Scope{"lao-cai", "02896"}}, kNow);
  EXPECT_EQ(roles.list(), (std::vector<Grant>{
                              kOfficer,
                              Grant{Channel::telegram, "5120035", Role::leader, Scope{"lao-cai", "02896"}},
                              kLeader,
                              kAdmin,
                          }));
}

TYPED_TEST(RoleStoreTest, AGrantHeldAlreadyIsKeptOnceWithItsFirstTime) {
  auto& roles = this->roles();
  roles.grant(kOfficer, kNow);
  roles.grant(kOfficer, kNow + 24h);
  EXPECT_EQ(roles.list(), std::vector<Grant>{kOfficer});
  EXPECT_EQ(this->b().count("SELECT granted_at FROM role_grants"), 1764979200000);
}

TYPED_TEST(RoleStoreTest, RevokeRemovesOnlyThatGrantAndSaysWhetherThereWasOne) {
  auto& roles = this->roles();
  roles.grant(kOfficer, kNow);
  roles.grant(kLeader, kNow);
  EXPECT_FALSE(roles.revoke(Grant{Channel::telegram, "5120034", Role::officer, Scope{"lao-cai", ""}}));
  EXPECT_TRUE(roles.revoke(kOfficer));
  EXPECT_FALSE(roles.revoke(kOfficer));
  EXPECT_EQ(roles.list(), std::vector<Grant>{kLeader});
}

TYPED_TEST(RoleStoreTest, HasRoleChecksRankAndPlace) {
  auto& roles = this->roles();
  roles.grant(kOfficer, kNow);
  roles.grant(kLeader, kNow);
  // The province officer covers every commune of Sơn La, as an officer or a leader.
  EXPECT_TRUE(roles.has_role(Channel::telegram, "5120034", Role::officer, Scope{"son-la", "03664"}));
  EXPECT_TRUE(roles.has_role(Channel::telegram, "5120034", Role::leader, Scope{"son-la", "03700"}));
  EXPECT_FALSE(roles.has_role(Channel::telegram, "5120034", Role::admin, Scope{"son-la", "03664"}));
  EXPECT_FALSE(roles.has_role(Channel::telegram, "5120034", Role::officer, Scope{"lao-cai", "02896"}));
  // The same id on another platform is another person.
  EXPECT_FALSE(roles.has_role(Channel::zalo, "5120034", Role::leader, Scope{"son-la", "03664"}));
  // A commune leader: only that commune, only as a leader.
  EXPECT_TRUE(roles.has_role(Channel::zalo, "8812003345571", Role::leader, Scope{"son-la", "03664"}));
  EXPECT_FALSE(roles.has_role(Channel::zalo, "8812003345571", Role::leader, Scope{"son-la", "03700"}));
  EXPECT_FALSE(roles.has_role(Channel::zalo, "8812003345571", Role::officer, Scope{"son-la", "03664"}));
  EXPECT_FALSE(roles.has_role(Channel::zalo, "8812003345571", Role::leader, Scope{"son-la", ""}));
  // Nobody without a grant.
  EXPECT_FALSE(roles.has_role(Channel::telegram, "999", Role::leader, Scope{"son-la", "03664"}));
}

TYPED_TEST(RoleStoreTest, AnAdminIsEverywhere) {
  auto& roles = this->roles();
  roles.grant(kAdmin, kNow);
  EXPECT_TRUE(roles.has_role(Channel::telegram, "77001", Role::admin, Scope{"thanh-hoa", "15001"}));
  EXPECT_TRUE(roles.has_role(Channel::telegram, "77001", Role::leader, Scope{"", ""}));
}

}  // namespace
}  // namespace hocvuso::roles
