// Helpers the end-to-end channel tests share: a raw JSON POST, bounded waiting, and
// read-only SQL next to a running service.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "support/raw_http.hpp"
#include "support/test_backend.hpp"

namespace hocvuso::testing {

using Headers = std::vector<std::pair<std::string, std::string>>;

inline RawResponse post_json(std::uint16_t port, const std::string& path, const std::string& body,
                             const Headers& headers) {
  std::string request = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" +
                        "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  for (const auto& [name, value] : headers) request += name + ": " + value + "\r\n";
  RawConnection c(port);
  c.send(request + "\r\n" + body);
  return c.read_response();
}

// Bounded polling: true as soon as pred holds, false when the deadline passes first.
inline bool wait_until(const std::function<bool()>& pred,
                       std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > deadline) return pred();
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

// Every row of a query on the service's database, each column as text: the SQLite file
// `db`, or on PostgreSQL the database that stands for it (test_backend.hpp).
inline std::vector<std::vector<std::string>> sql(const std::filesystem::path& db, const std::string& query) {
  if (on_postgres_backend()) return pg_rows(database_url_for(db), query);
  SQLite::Database d(db.string(), SQLite::OPEN_READONLY);
  d.setBusyTimeout(5000);
  SQLite::Statement q(d, query);
  std::vector<std::vector<std::string>> rows;
  while (q.executeStep()) {
    std::vector<std::string> row;
    for (int i = 0; i < q.getColumnCount(); ++i) row.push_back(q.getColumn(i).getString());
    rows.push_back(std::move(row));
  }
  return rows;
}

// One write on the service's database beside it (a row a test damages or changes on purpose),
// on either backend.
inline void exec_sql(const std::filesystem::path& db, const std::string& statement) {
  if (on_postgres_backend()) {
    pg::Db(database_url_for(db)).run(statement);
    return;
  }
  SQLite::Database d(db.string(), SQLite::OPEN_READWRITE);
  d.setBusyTimeout(5000);
  d.exec(statement);
}

// The first column of the first row ("" when none).
inline std::string sql_one(const std::filesystem::path& db, const std::string& query) {
  auto rows = sql(db, query);
  return rows.empty() || rows[0].empty() ? std::string() : rows[0][0];
}

}  // namespace hocvuso::testing
