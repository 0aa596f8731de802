// `hocvuso db copy` against a real PostgreSQL 15 (the run's pg_cluster). A commune's
// SQLite database is filled through the product's own stores (a citizen's conversation,
// the team's report, a warning subscription, outbox rows, a grant, an API token, a help
// ticket), copied, and then read back through Store and the feature stores on
// PostgreSQL: the same answers, not only the same counts. The refusals (a service still
// running, a database that holds data, a bad or unreachable URL, a column with nowhere to
// go, counts that differ) leave the target untouched and say why.
#include "bot/app/db_copy_cli.hpp"

#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "bot/app/cli.hpp"
#include "bot/app/serve_lock.hpp"
#include "bot/store/pg_db.hpp"
#include "bot/store/pg_migrate.hpp"
#include "bot/store/store.hpp"
#include "flows/broadcast/broadcast_store.hpp"
#include "flows/reports/report_store.hpp"
#include "flows/roles/roles.hpp"
#include "flows/tickets/ticket_store.hpp"
#include "support/pg_cluster.hpp"
#include "support/temp_dir.hpp"

namespace hocvuso {
namespace {

using namespace std::chrono_literals;

const TimePoint kNow = TimePoint(std::chrono::milliseconds(1764979200000));  // 2025-12-06 07:00 Vietnam
const ChatRef kCitizen{Channel::telegram, "5120034"};
const ChatRef kTeamGroup{Channel::telegram, "-1002003004001"};
const ChatRef kZaloCitizen{Channel::zalo, "8830021977465"};
// A button payload longer than Telegram's 64 bytes: it travels as "ref:<id>".
const std::string kLongPayload = "faq:lua-dao-qua-dien-thoai:gia-danh-cong-an-yeu-cau-chuyen-tien-de-dieu-tra";

// An update as the platform sent it, kept byte for byte (a line break and a tab in its
// JSON's white space, a backslash escape in its text).
const std::string kUnprocessed =
    "{\"update_id\":900002,\n\t\"message\":{\"text\":\"T\u00f4i b\u1ecb l\u1eeba r\u1ed3i \\\"OTP\\\"\"}}";

// What the commune's SQLite database held when the service stopped, and what the
// checks compare against.
struct Written {
  std::string ref;                  // payload_ref(kLongPayload)
  std::int64_t pending_id = 0;      // the reply still waiting in the outbox
  std::int64_t report = 0;          // the team's confirmed submission number
  std::string token;                // the officer's API token (shown once)
  std::int64_t ticket = 0;
  std::vector<roles::Grant> grants;
  std::vector<reports::Total> totals;
};

reports::Submission team_report() {
  reports::Submission s;
  s.chat = kTeamGroup;
  s.author_id = "6120077";
  s.message_id = "4411";
  s.province = "son-la";
  s.commune = "03664";
  s.period = *reports::Period::parse("2025-11");
  s.rows = {{"Bản Mòng", "ban mong", {{"huongdan", 25}, {"buoi", 2}}}, {"Bản Hụn", "ban hun", {{"huongdan", 14}}}};
  return s;
}

Written fill(const std::filesystem::path& file) {
  Written w;
  Store s(file);
  s.begin();
  // A citizen asks about a scam call, mid-way through a lesson.
  s.record_update(Channel::telegram, "900001", R"({"update_id":900001})", kNow);
  s.mark_update_processed(Channel::telegram, "900001", kNow + 1s);
  // One update arrived just before the service stopped and was not processed yet.
  s.record_update(Channel::telegram, "900002", kUnprocessed, kNow + 2s);
  s.touch_user(Channel::telegram, "5120034", "Lò Văn Minh", kNow);
  s.set_user_locale(Channel::telegram, "5120034", "vi");
  s.touch_chat(kCitizen, ChatType::private_chat, "", kNow);
  s.touch_chat(kTeamGroup, ChatType::group, "Tổ CNSCĐ xã Thuận Châu\t(Sơn La)", kNow);
  s.touch_chat(kZaloCitizen, ChatType::private_chat, "", kNow);
  s.save_state(kCitizen, "5120034", {"learn", "quiz:2", "{\"answers\":[1,3],\"note\":\"dòng 1\\ndòng 2 \\\\ hết\"}"},
               kNow);
  s.kv_set("telegram.offset", "900003");
  w.ref = s.payload_ref(kLongPayload);
  s.save_options(kCitizen, R"([{"label":"Báo cáo lừa đảo","payload":"report"},{"label":"Hỏi đáp","payload":"faq"}])",
                 kNow);
  Outgoing sent;
  sent.chat = kCitizen;
  sent.text = "Chào anh Minh!\nAnh muốn học bài nào?";
  sent.buttons = {{{"Bài 1", "learn:1"}}};
  s.mark_sent(s.enqueue(sent, OutboxPriority::reply, kNow), kNow + 1s);
  Outgoing waiting;
  waiting.chat = kCitizen;
  waiting.text = "Câu 2: Ai gọi điện đòi chuyển tiền \"để điều tra\" là ai?";
  waiting.buttons = {{{"Lừa đảo", kLongPayload}}};
  waiting.tag = "quiz:2";
  w.pending_id = s.enqueue(waiting, OutboxPriority::reply, kNow + 2s);

  // The commune team's report, confirmed by its leader.
  auto& reports = reports::ReportStore::of(s);
  w.report = reports.create(team_report(), kNow);
  reports.set_status(w.report, "confirmed", Channel::telegram, "6120099", kNow + 1h);
  w.totals = reports.totals("son-la", *reports::Period::parse("2025-Q4"), true);

  // The Zalo citizen wants the commune's scam warnings; an officer got an API token.
  auto& broadcasts = broadcast::BroadcastStore::of(s);
  broadcasts.set_subscription(kZaloCitizen, true, "03664", "son-la", kNow);
  w.token = broadcasts.create_token({broadcast::Role::officer, "son-la", ""}, kNow);

  auto& roles = roles::RoleStore::of(s);
  roles.grant({Channel::telegram, "6120099", roles::Role::leader, {"son-la", "03664"}}, kNow);
  roles.grant({Channel::console, "admin", roles::Role::admin, {}}, kNow);
  w.grants = roles.list();

  w.ticket = tickets::TicketStore::of(s).open(
      {kCitizen, "5120034", "Lò Văn Minh", "son-la", "03664", kTeamGroup, "Cán bộ ơi, cho tôi hỏi cách khóa thẻ"}, kNow);
  s.commit();
  return w;
}

class DbCopyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto* cluster = testing::PgCluster::shared();
    if (cluster == nullptr) GTEST_SKIP() << testing::PgCluster::why_not();
    // With a password, as a real URL has one: it must never be printed. (The test
    // server trusts its socket, so the password is not checked.)
    url_ = cluster->create_database() + "&password=" + kPassword;
    db_ = dir_ / "data" / "hocvuso.db";
  }

  int copy(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"db", "copy", "--from", db_.string(), "--to", url_};
    args.insert(args.end(), extra.begin(), extra.end());
    return run(args);
  }
  int run(const std::vector<std::string>& args) {
    std::ostringstream out, err;
    const int rc = run_db_command(args, out, err);
    out_ = out.str();
    err_ = err.str();
    EXPECT_EQ(out_.find(kPassword), std::string::npos) << "the password leaked: " << out_;
    EXPECT_EQ(err_.find(kPassword), std::string::npos) << "the password leaked: " << err_;
    return rc;
  }
  std::int64_t pg_rows(const std::string& table) {
    pg::Db db(url_);
    auto q = db.unprepared("SELECT count(*) FROM " + table);
    q.step();
    return q.int64(0);
  }
  int pg_version() {
    pg::Db db(url_);
    return pg::schema_version(db);
  }

  static constexpr const char* kPassword = "Mat-khau-2025";
  testing::TempDir dir_;
  std::filesystem::path db_;
  std::string url_;
  std::string out_, err_;
};

std::string bytes_of(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST_F(DbCopyTest, AProvinceMovesAndEveryFeatureReadsTheSameDataOnPostgresql) {
  const Written w = fill(db_);
  const std::string before = bytes_of(db_);
  ASSERT_EQ(copy(), 0) << out_ << err_;
  EXPECT_EQ(bytes_of(db_), before) << "the SQLite file was written to; db copy only reads it";
  EXPECT_NE(out_.find("every count matches"), std::string::npos) << out_;
  // The counts table: one line per table, the same number on both sides.
  EXPECT_NE(out_.find("outbox"), std::string::npos) << out_;
  EXPECT_EQ(out_.find("differs"), std::string::npos) << out_;
  // What is not copied is said, with why.
  EXPECT_NE(out_.find("PostgreSQL only: job_leases"), std::string::npos) << out_;
  EXPECT_NE(out_.find("PostgreSQL only: inbox.chat_id"), std::string::npos) << out_;
  EXPECT_NE(out_.find("SQLite only: sqlite_sequence"), std::string::npos) << out_;

  Store pg(PostgresTarget{url_, "test-node"});
  {
    // The planner has the copied tables' statistics from the start (a table never analyzed
    // has reltuples -1), so the first claims do not read whole tables.
    auto q = pg.pg().query("SELECT relname FROM pg_class WHERE relname IN ('outbox', 'chats', 'inbox') AND reltuples < 0");
    while (q.step()) ADD_FAILURE() << q.text(0) << " was not analyzed after the copy";
  }
  pg.begin();
  // The citizen's conversation goes on where it stopped.
  EXPECT_EQ(pg.load_state(kCitizen, "5120034"),
            (ConversationState{"learn", "quiz:2", "{\"answers\":[1,3],\"note\":\"dòng 1\\ndòng 2 \\\\ hết\"}"}));
  EXPECT_EQ(pg.chat_type(kTeamGroup), ChatType::group);
  EXPECT_EQ(pg.touch_user(Channel::telegram, "5120034", "", kNow + 1h).display_name, "Lò Văn Minh");
  EXPECT_EQ(pg.kv_get("telegram.offset"), "900003");
  EXPECT_EQ(pg.resolve_payload_ref(w.ref), kLongPayload);
  EXPECT_EQ(pg.match_option(kCitizen, "2", true), "faq");
  // A redelivered update is still recognised; the unprocessed one is replayed.
  EXPECT_FALSE(pg.record_update(Channel::telegram, "900001", "{}", kNow + 2h));
  const auto replay = pg.unprocessed_updates(Channel::telegram, 10);
  ASSERT_EQ(replay.size(), 1u);
  EXPECT_EQ(replay[0].first, "900002");
  EXPECT_EQ(replay[0].second, kUnprocessed);
  // The waiting reply is sent next, under its id, with its text and button.
  const auto pending = pg.pending(Channel::telegram, 10);
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].id, w.pending_id);
  EXPECT_EQ(pending[0].message.text, "Câu 2: Ai gọi điện đòi chuyển tiền \"để điều tra\" là ai?");
  ASSERT_EQ(pending[0].message.buttons.size(), 1u);
  EXPECT_EQ(pending[0].message.buttons[0][0].payload, kLongPayload);
  // New rows get new ids: the identity sequences were moved past the copied ones.
  Outgoing thanks;
  thanks.chat = kCitizen;
  thanks.text = "Cảm ơn anh!";
  EXPECT_GT(pg.enqueue(thanks, OutboxPriority::reply, kNow + 3h), w.pending_id);
  EXPECT_NE(pg.payload_ref("learn:a-very-long-payload-that-needs-a-reference-because-it-is-over-64-bytes"), w.ref);

  // The team's confirmed report, its figures and the summary the dashboard reads.
  auto& reports = reports::ReportStore::of(pg);
  const auto found = reports.find(w.report);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->status, "confirmed");
  ASSERT_EQ(found->rows.size(), 2u);
  EXPECT_EQ(found->rows[0].village, "Bản Mòng");
  const auto totals = reports.totals("son-la", *reports::Period::parse("2025-Q4"), true);
  ASSERT_EQ(totals.size(), w.totals.size());
  for (std::size_t i = 0; i < totals.size(); ++i) {
    EXPECT_EQ(totals[i].village, w.totals[i].village);
    EXPECT_EQ(totals[i].values, w.totals[i].values);
  }
  // The next submission gets the next number people see, not 1 again.
  EXPECT_EQ(reports.create(team_report(), kNow + 2h), w.report + 1);

  auto& broadcasts = broadcast::BroadcastStore::of(pg);
  EXPECT_EQ(broadcasts.subscription(kZaloCitizen), true);
  const auto token = broadcasts.find_token(w.token);
  ASSERT_TRUE(token);
  EXPECT_EQ(token->scope.province, "son-la");
  EXPECT_FALSE(token->revoked);

  EXPECT_EQ(roles::RoleStore::of(pg).list(), w.grants);
  EXPECT_TRUE(roles::RoleStore::of(pg).has_role(Channel::telegram, "6120099", roles::Role::leader,
                                                {"son-la", "03664"}));

  const auto ticket = tickets::TicketStore::of(pg).get(w.ticket);
  ASSERT_TRUE(ticket);
  EXPECT_EQ(ticket->question, "Cán bộ ơi, cho tôi hỏi cách khóa thẻ");
  EXPECT_EQ(ticket->citizen_name, "Lò Văn Minh");
  const auto next_ticket =
      tickets::TicketStore::of(pg).open({kZaloCitizen, "8830021977465", "Chị Hoa", "son-la", "03664", kTeamGroup,
                                         "Tin nhắn trúng thưởng có thật không?"},
                                        kNow + 1h);
  EXPECT_GT(next_ticket, w.ticket);
  pg.rollback();
}

TEST_F(DbCopyTest, ARunningServiceIsRefusedAndNothingIsWritten) {
  fill(db_);
  ServeLock serving(db_);  // as `hocvuso serve` holds it
  EXPECT_EQ(copy(), 1);
  EXPECT_NE(err_.find("another hocvuso serve"), std::string::npos) << err_;
  EXPECT_NE(err_.find("stop it first"), std::string::npos) << err_;
  EXPECT_NE(err_.find("nothing copied"), std::string::npos) << err_;
  EXPECT_EQ(pg_version(), 0) << "the PostgreSQL database was migrated although the copy was refused";
}

TEST_F(DbCopyTest, AServiceRunningOnThePostgresqlDatabaseIsRefusedToo) {
  fill(db_);
  // Two nodes serving from PostgreSQL already: they share the lock, the copy needs it alone.
  ServeLock serving(dir_ / "unused.db", url_);
  ServeLock another(dir_ / "unused.db", url_);
  EXPECT_EQ(copy(), 1);
  EXPECT_NE(err_.find("a hocvuso serve is using the PostgreSQL database"), std::string::npos) << err_;
  EXPECT_EQ(pg_version(), 0);
}

// While a copy holds the database, no node starts on it (its rows would mix with the copy's).
TEST_F(DbCopyTest, NoNodeStartsOnTheDatabaseWhileACopyHoldsIt) {
  ServeLock copying(dir_ / "unused.db", url_, ServeLock::Holder::alone);
  try {
    ServeLock node(dir_ / "unused.db", url_);
    FAIL() << "a node started during a copy";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("a hocvuso db copy is writing the PostgreSQL database"), std::string::npos)
        << e.what();
    EXPECT_EQ(std::string(e.what()).find("postgresql://"), std::string::npos) << e.what();
  }
}

TEST_F(DbCopyTest, ADatabaseThatHoldsDataIsRefusedUnlessReplaceIsAskedFor) {
  const Written w = fill(db_);
  ASSERT_EQ(copy(), 0) << err_;
  const auto users = pg_rows("users");
  ASSERT_GT(users, 0);

  EXPECT_EQ(copy(), 1);
  EXPECT_NE(err_.find("already holds data"), std::string::npos) << err_;
  EXPECT_NE(err_.find("users (" + std::to_string(users) + ")"), std::string::npos) << err_;
  EXPECT_NE(err_.find("--replace"), std::string::npos) << err_;
  EXPECT_EQ(pg_rows("users"), users);

  // --replace: what the database held is deleted and the copy's rows take its place,
  // once (no doubles), with the ids and numbers of the SQLite file.
  ASSERT_EQ(copy({"--replace"}), 0) << err_;
  EXPECT_NE(out_.find("every count matches"), std::string::npos) << out_;
  EXPECT_EQ(pg_rows("users"), users);
  Store pg(PostgresTarget{url_, "test-node"});
  EXPECT_EQ(pg.pending(Channel::telegram, 10).at(0).id, w.pending_id);
}

TEST_F(DbCopyTest, CountsThatDifferRollEverythingBack) {
  fill(db_);
  {
    // A trigger that drops the kv rows the copy writes: PostgreSQL then holds fewer
    // rows than SQLite, which must undo the whole copy.
    pg::Db db(url_);
    pg::migrate(db);
    db.run("CREATE FUNCTION drop_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;"
           "CREATE TRIGGER drop_kv BEFORE INSERT ON kv FOR EACH ROW EXECUTE FUNCTION drop_row();");
  }
  EXPECT_EQ(copy(), 1);
  EXPECT_NE(out_.find("<- differs"), std::string::npos) << out_;
  EXPECT_NE(err_.find("rolled back"), std::string::npos) << err_;
  for (const char* table : {"users", "outbox", "reports", "broadcast_tokens", "tickets"}) {
    EXPECT_EQ(pg_rows(table), 0) << table << " kept rows of a copy that was rolled back";
  }
  // The sequences were not moved either: the first new outbox row is number 1.
  pg::Db db(url_);
  auto q = db.query("INSERT INTO outbox (channel, chat_id, body, created_at) VALUES ('telegram', '1', '{}', 0) "
                    "RETURNING id");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.int64(0), 1);
}

TEST_F(DbCopyTest, AColumnWithNowhereToGoIsRefusedBeforeAnythingIsWritten) {
  fill(db_);
  {
    SQLite::Database lite(db_.string(), SQLite::OPEN_READWRITE);
    lite.exec("ALTER TABLE users ADD COLUMN nickname TEXT");
  }
  EXPECT_EQ(copy(), 1);
  EXPECT_NE(err_.find("users.nickname exists in SQLite only"), std::string::npos) << err_;
  EXPECT_EQ(pg_rows("users"), 0);
}

TEST_F(DbCopyTest, AnOlderSqliteFileIsRefusedWithWhatToDo) {
  fill(db_);
  {
    SQLite::Database lite(db_.string(), SQLite::OPEN_READWRITE);
    lite.exec("PRAGMA user_version = " + std::to_string(Store::schema_version() - 1));
  }
  EXPECT_EQ(copy(), 1);
  EXPECT_NE(err_.find("older than this hocvuso's"), std::string::npos) << err_;
  EXPECT_NE(err_.find("start this hocvuso on it once"), std::string::npos) << err_;
  EXPECT_EQ(pg_version(), 0);
}

// Today both schemas store times as BIGINT milliseconds, flags as 0/1 integers and JSON as
// text, so product rows move as they are. A column whose PostgreSQL type differs is
// converted by that type, and a value that cannot be is refused by table, column and row.
TEST_F(DbCopyTest, ValuesAreConvertedToThePostgresqlColumnsTypeOrRefusedByPlace) {
  fill(db_);
  {
    SQLite::Database lite(db_.string(), SQLite::OPEN_READWRITE);
    lite.exec("CREATE TABLE conversions (n, whole, flag, raw, ratio, note);"
              "INSERT INTO conversions VALUES ('42', 3.0, 1, x'00ff10', 2, 12.5);"
              "INSERT INTO conversions VALUES (-7, NULL, 0, 'ab', 0.25, NULL);");
    pg::Db db(url_);
    pg::migrate(db);
    db.run("CREATE TABLE conversions (n BIGINT, whole INTEGER, flag BOOLEAN, raw BYTEA, ratio DOUBLE PRECISION, "
           "note TEXT)");
  }
  ASSERT_EQ(copy(), 0) << out_ << err_;
  {
    pg::Db db(url_);
    auto q = db.query("SELECT n, whole, flag::text, encode(raw, 'hex'), ratio, note FROM conversions ORDER BY n DESC");
    ASSERT_TRUE(q.step());
    EXPECT_EQ(q.int64(0), 42);
    EXPECT_EQ(q.int64(1), 3);
    EXPECT_EQ(q.text(2), "true");
    EXPECT_EQ(q.text(3), "00ff10");
    EXPECT_DOUBLE_EQ(q.real(4), 2.0);
    EXPECT_EQ(q.text(5), "12.5");
    ASSERT_TRUE(q.step());
    EXPECT_EQ(q.int64(0), -7);
    EXPECT_TRUE(q.null(1));
    EXPECT_EQ(q.text(2), "false");
    EXPECT_EQ(q.text(3), "6162");
    EXPECT_DOUBLE_EQ(q.real(4), 0.25);
    EXPECT_TRUE(q.null(5));
  }

  // A word where PostgreSQL takes a number: nothing is copied, and the message says where.
  {
    SQLite::Database lite(db_.string(), SQLite::OPEN_READWRITE);
    lite.exec("INSERT INTO conversions VALUES ('bốn mươi hai', 1, 1, NULL, 1, '')");
  }
  EXPECT_EQ(copy({"--replace"}), 1);
  EXPECT_NE(err_.find("conversions.n in row 3"), std::string::npos) << err_;
  EXPECT_NE(err_.find("whole number"), std::string::npos) << err_;
  EXPECT_EQ(err_.find("bốn mươi hai"), std::string::npos) << "a row's value reached the message: " << err_;
  EXPECT_EQ(pg_rows("conversions"), 2) << "the refused copy changed what the database held";
}

TEST_F(DbCopyTest, BadUrlsAndMissingFilesGiveClearMessages) {
  fill(db_);
  EXPECT_EQ(run({"db", "copy", "--from", db_.string(), "--to", "mysql://hocvuso:Mat-khau-2025@localhost/hocvuso"}), 2);
  EXPECT_NE(err_.find("--to must start with postgresql://"), std::string::npos) << err_;

  EXPECT_EQ(run({"db", "copy", "--from", db_.string(), "--to", "postgresql://hocvuso:Mat-khau-2025@127.0.0.1:1/hocvuso"}),
            1);
  EXPECT_NE(err_.find("PostgreSQL"), std::string::npos) << err_;
  EXPECT_NE(err_.find("nothing copied"), std::string::npos) << err_;

  EXPECT_EQ(run({"db", "copy", "--from", (dir_ / "nowhere.db").string(), "--to", url_}), 1);
  EXPECT_NE(err_.find("no SQLite database at"), std::string::npos) << err_;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "nowhere.db.serve-lock"));

  EXPECT_EQ(run({"db", "copy", "--to", url_}), 2);
  EXPECT_NE(err_.find("--from FILE"), std::string::npos) << err_;
  // The command is reached from hocvuso's command line.
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(run_cli({"db", "copy", "--to", url_}), 2);
  EXPECT_NE(::testing::internal::GetCapturedStderr().find("--from FILE"), std::string::npos);
}

}  // namespace
}  // namespace hocvuso
