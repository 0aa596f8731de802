// Migration 7 on a database written by the schema before it (migrations 1–6), with
// rows keyed by folded names as the service stored them: slugs of the 15 Sơn La units
// of the old places list ("thuan-chau") in groups, roles, reports, targets, tickets;
// names as typed and folded ("thuan chau", "son la", "son-la", typos) in subscriptions,
// tokens and broadcasts. What maps becomes (province id, official code); what does not
// is set aside and listed, never widened.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include "bot/app/place_set_aside.hpp"
#include "bot/store/migrations.hpp"
#include "bot/store/store.hpp"
#include "support/temp_dir.hpp"

namespace hocvuso {
namespace {

void build_version_6(const std::filesystem::path& file) {
  SQLite::Database db(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  for (const auto& m : migrations()) {
    if (m.version > 6) break;
    db.exec(std::string(m.sql));
  }
  db.exec("PRAGMA user_version=6");
  db.exec(R"sql(
INSERT INTO role_grants (channel, user_id, role, province, commune, granted_at) VALUES
  ('telegram', 'admin1', 'admin', '', '', 1),
  ('telegram', 'off1', 'officer', 'son-la', 'thuan-chau', 1),
  ('telegram', 'off2', 'officer', 'son-la', '', 1),
  ('telegram', 'lead1', 'leader', 'son-la', 'doan-ket', 1),
  ('telegram', 'lead2', 'leader', 'son-la', 'ban-khong-co', 1),
  ('zalo', 'off3', 'officer', 'ha-noi', '', 1);
INSERT INTO broadcast_officers (channel, user_id, role, province, commune) VALUES
  ('telegram', 'bo1', 'officer', 'son la', 'muong bu'),
  ('telegram', 'bo2', 'officer', '', 'thuan chu');
INSERT INTO broadcast_tokens (id, token_hash, role, province, commune, created_at) VALUES
  (1, 'h1', 'officer', 'son la', '', 1),
  (2, 'h2', 'officer', '', 'thuan chu', 1),
  (3, 'h3', 'officer', 'son-la', 'muong bu', 1),
  (4, 'h4', 'officer', '', 'muong chanh', 1),
  (5, 'h5', 'admin', '', '', 1),
  (6, 'h6', 'officer', '', 'xa van ho', 1);
INSERT INTO broadcast_subscriptions (channel, chat_id, subscribed, commune, province, updated_at) VALUES
  ('zalo', 'c1', 1, 'thuan chau', 'son la', 1),
  ('zalo', 'c2', 1, 'thuan chu', '', 1),
  ('zalo', 'c3', 1, '', '', 1),
  ('zalo', 'c4', 1, 'chieng xom', 'son la', 1),
  ('telegram', 'c5', 1, 'muong bu', '', 1);
INSERT INTO group_links (channel, chat_id, province, commune, linked_by, linked_at) VALUES
  ('telegram', 'g1', 'son-la', 'doan-ket', 'u', 1),
  ('telegram', 'g2', 'son-la', 'khong-ro', 'u', 1);
INSERT INTO group_titles (channel, chat_id, title) VALUES
  ('telegram', 'g1', 'Tổ CNSCĐ-Xã Đoàn Kết'), ('telegram', 'g2', 'Tổ CNSCĐ-Không Rõ');
INSERT INTO reports (submission, channel, chat_id, author_id, province, commune, period, period_start, period_end,
                     figures, status, created_at, updated_at) VALUES
  (1, 'telegram', 'g1', 'u', 'son-la', 'doan-ket', '2026-Q4', 20261001, 20261231, 'huongdan=5', 'confirmed', 1, 1),
  (2, 'telegram', 'g2', 'u', 'son-la', 'khong-ro', '2026-Q4', 20261001, 20261231, 'huongdan=3', 'confirmed', 1, 1);
INSERT INTO targets (province, commune, period, indicator, value, set_at) VALUES
  ('son-la', 'thuan-chau', '2026-Q4', 'huongdan', 100, 1);
INSERT INTO tickets (citizen_channel, citizen_chat, citizen_user, citizen_name, province, commune, group_channel,
                     group_chat, question, created_at, last_activity_at) VALUES
  ('zalo', 'c1', 'c1', 'Bà Lan', 'son-la', 'thuan-chau', 'telegram', 'g1', 'q', 1, 1);
INSERT INTO broadcasts (id, author, text, severity, scope, province, communes, created_at) VALUES
  (1, 'token:3', 't', 'warning', 'communes', '', '["thuan chau","khong ro"]', 1),
  (2, 'token:1', 't', 'warning', 'province', 'son la', '[]', 1);
)sql");
}

std::string one(SQLite::Database& db, const std::string& sql) { return db.execAndGet(sql).getString(); }

TEST(PlaceMigration, FoldedNamesBecomeCodesAndTheRestIsSetAsideNeverWidened) {
  testing::TempDir dir;
  const auto file = dir / "old.db";
  build_version_6(file);
  {
    Store store(file);  // applies migration 7
    EXPECT_EQ(store.current_version(), Store::schema_version());
    const auto aside = PlaceSetAside::of(store).list();
    std::vector<std::string> listed;
    for (const auto& a : aside) listed.push_back(a.kind + " " + a.ref + " " + a.action);
    EXPECT_EQ(listed, (std::vector<std::string>{
                          "broadcast broadcast 1 kept", "group telegram:g2 unlinked", "officer telegram:bo2 officer removed",
                          "reports 1 rows kept", "role telegram:lead2 leader removed", "role zalo:off3 officer removed",
                          "subscription zalo:c2 unsubscribed", "subscription zalo:c4 unsubscribed", "token token 2 revoked",
                          "token token 4 revoked"}));
    log_place_set_aside(store);  // logged once, then marked
  }
  SQLite::Database db(file.string(), SQLite::OPEN_READONLY);
  // Grants: mapped to codes; the admin stays everywhere; the unmappable are gone, not widened.
  EXPECT_EQ(one(db, "SELECT group_concat(user_id || '=' || province || '/' || commune, ' ') FROM "
                    "(SELECT * FROM role_grants ORDER BY user_id)"),
            "admin1=/ lead1=son-la/04000 off1=son-la/03721 off2=son-la/");
  EXPECT_EQ(one(db, "SELECT group_concat(user_id || '=' || province || '/' || commune, ' ') FROM broadcast_officers"),
            "bo1=son-la/03847");
  // Tokens: mapped, or revoked (never left with an empty province, which means everywhere).
  EXPECT_EQ(one(db, "SELECT group_concat(id || '=' || province || '/' || commune || (CASE WHEN revoked_at IS NULL "
                    "THEN '' ELSE ' revoked' END), ', ') FROM (SELECT * FROM broadcast_tokens ORDER BY id)"),
            "1=son-la/, 2=/thuan chu revoked, 3=son-la/03847, 4=/muong chanh revoked, 5=/, 6=son-la/04048");
  // Subscriptions: mapped; a typo or a former commune is turned off (the person asks again).
  EXPECT_EQ(one(db, "SELECT group_concat(chat_id || '=' || subscribed || ':' || province || '/' || commune, ' ') FROM "
                    "(SELECT * FROM broadcast_subscriptions ORDER BY chat_id)"),
            "c1=1:son-la/03721 c2=0:/ c3=1:/ c4=0:/ c5=1:son-la/03847");
  // Groups: mapped, or unlinked with their title forgotten so it is read again.
  EXPECT_EQ(one(db, "SELECT group_concat(chat_id || '=' || province || '/' || commune, ' ') FROM group_links"),
            "g1=son-la/04000");
  EXPECT_EQ(one(db, "SELECT group_concat(chat_id, ' ') FROM group_titles"), "g1");
  EXPECT_EQ(one(db, "SELECT group_concat(province || '/' || commune, ' ') FROM (SELECT * FROM reports ORDER BY id)"),
            "son-la/04000 son-la/khong-ro");
  EXPECT_EQ(one(db, "SELECT province || '/' || commune FROM targets"), "son-la/03721");
  EXPECT_EQ(one(db, "SELECT province || '/' || commune FROM tickets"), "son-la/03721");
  EXPECT_EQ(one(db, "SELECT group_concat(province || communes, ' ') FROM (SELECT * FROM broadcasts ORDER BY id)"),
            "[\"03721\",\"khong ro\"] son-la[]");
  EXPECT_EQ(one(db, "SELECT count(*) FROM place_set_aside WHERE logged = 0"), "0");
  // No scratch tables left behind.
  EXPECT_EQ(one(db, "SELECT count(*) FROM sqlite_master WHERE name LIKE 'place_%' AND name <> 'place_set_aside'"), "0");
}

TEST(PlaceMigration, AFreshDatabaseHasNothingSetAside) {
  testing::TempDir dir;
  Store store(dir / "new.db");
  EXPECT_TRUE(PlaceSetAside::of(store).list().empty());
}

}  // namespace
}  // namespace hocvuso
