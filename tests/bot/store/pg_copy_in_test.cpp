// pg::Db::unprepared and pg::Db::copy_in (what `hocvuso db copy` writes through) against
// a real PostgreSQL server: built SQL with parameters, COPY's text format with its
// escapes, and a COPY that fails on either side leaving the connection usable.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "bot/store/pg_db.hpp"
#include "support/pg_cluster.hpp"

namespace hocvuso {
namespace {

using testing::PgCluster;

class PgCopyInTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto* cluster = PgCluster::shared();
    if (cluster == nullptr) GTEST_SKIP() << PgCluster::why_not();
    db_ = std::make_unique<pg::Db>(cluster->create_database());
    db_->run("CREATE TABLE notes (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, chat_id TEXT NOT NULL, "
             "body TEXT, at BIGINT NOT NULL)");
  }
  // Sends `pieces` one per call of the copy's callback.
  std::int64_t copy(std::vector<std::string> pieces) {
    std::size_t next = 0;
    return db_->copy_in("COPY notes (id, chat_id, body, at) FROM STDIN", [&](std::string& rows) {
      if (next < pieces.size()) rows = pieces[next++];
      return next < pieces.size();
    });
  }
  std::int64_t rows() {
    auto q = db_->query("SELECT count(*) FROM notes");
    q.step();
    return q.int64(0);
  }
  std::unique_ptr<pg::Db> db_;
};

TEST_F(PgCopyInTest, BuiltSqlRunsUnpreparedWithItsParameters) {
  db_->query("INSERT INTO notes (chat_id, at) VALUES ('5120034', 1)").exec();
  const std::string table = "notes";  // as db copy reads names from the catalog
  auto q = db_->unprepared("SELECT count(*) FROM \"" + table + "\" WHERE chat_id = $1");
  q.bind(1, "5120034");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.int64(0), 1);
  // The same text again is a new statement, not a prepared one looked up by address.
  auto again = db_->unprepared("SELECT count(*) FROM \"" + table + "\" WHERE chat_id = $1");
  again.bind(1, "nobody");
  ASSERT_TRUE(again.step());
  EXPECT_EQ(again.int64(0), 0);
}

TEST_F(PgCopyInTest, RowsArriveInPiecesWithTheirEscapesAndNulls) {
  // A citizen's two-line message with a tab and a backslash, an explicit identity id, a
  // NULL; the second row is split across two pieces.
  EXPECT_EQ(copy({"7\t5120034\tDạ cháu hỏi:\\nmã OTP là gì?\\tC:\\\\Users\t1764979200000\n8\t88",
                  "30021\t\\N\t1764979200001\n"}),
            2);
  auto q = db_->query("SELECT id, chat_id, body, at FROM notes ORDER BY id");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.int64(0), 7);
  EXPECT_EQ(q.text(2), "Dạ cháu hỏi:\nmã OTP là gì?\tC:\\Users");
  EXPECT_EQ(q.int64(3), 1764979200000);
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.text(1), "8830021");
  EXPECT_TRUE(q.null(2));
  EXPECT_FALSE(q.step());
}

TEST_F(PgCopyInTest, ARowTheServerRefusesThrowsAndTheConnectionGoesOn) {
  try {
    copy({"1\t5120034\tmissing its time\n"});
    ADD_FAILURE() << "a row without its NOT NULL column was taken";
  } catch (const pg::Error& e) {
    EXPECT_FALSE(e.unavailable()) << e.what();
  }
  EXPECT_EQ(rows(), 0);
  db_->query("INSERT INTO notes (chat_id, at) VALUES ('after', 1)").exec();
  EXPECT_EQ(rows(), 1);
}

TEST_F(PgCopyInTest, ACopyTheCallerAbandonsRethrowsItsErrorAndWritesNothing) {
  int calls = 0;
  EXPECT_THROW(db_->copy_in("COPY notes (id, chat_id, body, at) FROM STDIN",
                            [&](std::string& out) -> bool {
                              if (++calls == 1) {
                                out = "1\t5120034\tfirst\t1\n";
                                return true;
                              }
                              throw std::runtime_error("the SQLite file could not be read");
                            }),
               std::runtime_error);
  EXPECT_EQ(rows(), 0);
  db_->query("INSERT INTO notes (chat_id, at) VALUES ('after', 1)").exec();
  EXPECT_EQ(rows(), 1);
}

}  // namespace
}  // namespace hocvuso
