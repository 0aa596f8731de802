// Issue 13: failure injection. One real service (webhooks over real sockets, the
// Telegram and Zalo OA fakes as platforms) runs round after round of real traffic:
// private messages on both platforms, a team report in a group, a subscription, a
// warning broadcast through the admin API and an unsubscription, each answered
// through the outbox. For each n, the n-th commit from a round's start fails (in the
// next round if this one ended sooner): SQLITE_FULL
// (a real one: PRAGMA max_page_count on the service's own connection, lifted a moment
// later), SQLITE_IOERR or SQLITE_BUSY (injected at the one place the store commits,
// bot/store/commit_fault.hpp). n covers every commit of a fault-free round; the
// service is never restarted, so every round after a fault also shows that it
// recovered by itself.
//
// Asserted, as a platform would see it:
// - a 200 (or 202) is only given for what is stored: the inbox row (or the broadcast)
//   is there the moment the answer arrives;
// - what was acknowledged is never lost: every update is processed and answered, the
//   warning reaches the subscriber;
// - nothing is sent twice, and the outbox's "sent" rows are exactly what the platforms got;
// - the round finishes within a deadline and /readyz is ready again.
// Refused deliveries are retried as Telegram and Zalo do (here after 50 ms).
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "bot/app/service.hpp"
#include "bot/store/commit_fault.hpp"
#include "bot/store/store.hpp"
#include "flows/broadcast/broadcast_store.hpp"
#include "support/e2e_helpers.hpp"
#include "support/fake_platforms.hpp"
#include "support/raw_http.hpp"
#include "support/temp_dir.hpp"
#include "support/test_threads.hpp"
#include "support/zalo_signing.hpp"

namespace hocvuso {
namespace {

using nlohmann::json;
using testing::FakePlatforms;
using namespace std::chrono_literals;

enum class Fault { none, full, ioerr, busy };

const char* name_of(Fault f) {
  switch (f) {
    case Fault::full: return "SQLITE_FULL (max_page_count)";
    case Fault::ioerr: return "SQLITE_IOERR";
    case Fault::busy: return "SQLITE_BUSY";
    case Fault::none: break;
  }
  return "none";
}

// Shared with the store thread through the commit hook.
struct Injector {
  std::atomic<long> commits{0};
  std::atomic<long> fail_at{-1};  // the commit number to fail (or to fill the disk at)
  std::atomic<int> fault{0};      // Fault
  std::atomic<long> full_until_ms{0};  // steady clock ms; the disk is full until then
  std::atomic<bool> disk_full{false};
  std::atomic<int> injected{0};

  static long now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
  }

  static int hook(sqlite3* db, void* self) { return static_cast<Injector*>(self)->on_commit(db); }

  int on_commit(sqlite3* db) {
    const long n = ++commits;
    if (disk_full && now_ms() >= full_until_ms) {
      sqlite3_exec(db, "PRAGMA max_page_count = 1073741823", nullptr, nullptr, nullptr);
      disk_full = false;
    }
    if (n != fail_at) return SQLITE_OK;
    ++injected;
    switch (static_cast<Fault>(fault.load())) {
      case Fault::full:
        // The file may not grow past what it has now: the next write that needs a new
        // page fails with a real SQLITE_FULL, until the limit is lifted.
        sqlite3_exec(db, "PRAGMA max_page_count = 1", nullptr, nullptr, nullptr);
        full_until_ms = now_ms() + 1000;
        disk_full = true;
        return SQLITE_OK;
      case Fault::ioerr: return SQLITE_IOERR_WRITE;
      case Fault::busy: return SQLITE_BUSY;
      case Fault::none: break;
    }
    return SQLITE_OK;
  }
};

class FaultInjectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    {
      // A token may start 20 broadcasts a day: one token for every 15 rounds.
      Store store(db());
      for (int i = 0; i < 70; ++i) {
        tokens_.push_back(broadcast::BroadcastStore::of(store).create_token({broadcast::Role::admin, "", ""},
                                                                        std::chrono::system_clock::now()));
      }
    }
    store_faults::set_commit_hook(&Injector::hook, &injector_);
    Config c = platforms_.config(db(), /*with_telegram=*/true);
    c.threads = testing::test_threads();
    c.tick_seconds = 3600;
    service_ = std::make_unique<Service>(c);
    port_ = service_->start();
  }
  void TearDown() override {
    if (service_) service_->shutdown();
    service_.reset();
    store_faults::set_commit_hook(nullptr, nullptr);
  }

  std::filesystem::path db() const { return dir_ / "faults.db"; }

  // POSTs until the service takes it, as the platforms retry; every acceptance must
  // already be stored (`stored` looks). Returns the accepted response.
  testing::RawResponse deliver(const std::string& path, const std::function<std::string()>& body,
                               const std::function<testing::Headers(const std::string&)>& headers,
                               const std::function<bool(const testing::RawResponse&)>& stored) {
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    for (;;) {
      const std::string b = body();
      testing::RawResponse r;
      try {
        r = testing::post_json(port_, path, b, headers(b));
      } catch (const std::exception& e) {
        ADD_FAILURE() << path << ": no answer: " << e.what();
      }
      if (r.status == 200 || r.status == 202) {
        EXPECT_TRUE(stored(r)) << path << " acknowledged what is not stored: " << r.body;
        return r;
      }
      ++refused_;
      EXPECT_TRUE(r.status == 500 || r.status == 503) << path << ": " << r.status << " " << r.body;
      if (std::chrono::steady_clock::now() > deadline) {
        ADD_FAILURE() << path << " still refused after 20 s: " << r.status << " " << r.body;
        return r;
      }
      std::this_thread::sleep_for(50ms);
    }
  }

  bool inbox_has(const std::string& channel, const std::string& key) {
    return testing::sql_one(db(), "SELECT count(*) FROM inbox WHERE channel = '" + channel + "' AND update_key = '" +
                                      key + "'") == "1";
  }

  void telegram(std::int64_t chat, bool group, const std::string& text, std::int64_t from = 0) {
    const std::int64_t update_id = ++update_id_;
    json person = {{"id", from != 0 ? from : chat}, {"is_bot", false}, {"first_name", "Bà Lan"}};
    json chat_obj = group ? json{{"id", chat}, {"title", "Tổ CNSCĐ-Chiềng An"}, {"type", "group"}}
                          : json{{"id", chat}, {"first_name", "Lan"}, {"type", "private"}};
    json m = {{"message_id", update_id}, {"from", person}, {"chat", chat_obj}, {"date", 1765000000}, {"text", text}};
    if (text[0] == '/') {
      const auto end = text.find(' ');
      m["entities"] = json::array(
          {{{"offset", 0}, {"length", end == std::string::npos ? text.size() : end}, {"type", "bot_command"}}});
    }
    const std::string body = json{{"update_id", update_id}, {"message", m}}.dump();
    deliver(
        "/webhook/telegram", [&] { return body; },
        [](const std::string&) {
          return testing::Headers{{"X-Telegram-Bot-Api-Secret-Token", FakePlatforms::kTelegramSecret}};
        },
        [&](const testing::RawResponse&) { return inbox_has("telegram", std::to_string(update_id)); });
  }

  void zalo(const std::string& user, const std::string& text) {
    const std::string msg_id = "fault-" + std::to_string(++update_id_);
    // A retry carries the original timestamp, as Zalo's do.
    const std::string ts = testing::now_ms();
    const std::string body = json{{"app_id", FakePlatforms::kZaloAppId},
                                  {"user_id_by_app", "5521772797175877301"},
                                  {"event_name", "user_send_text"},
                                  {"sender", {{"id", user}}},
                                  {"recipient", {{"id", "3886132808798806451"}}},
                                  {"message", {{"msg_id", msg_id}, {"text", text}}},
                                  {"timestamp", ts}}
                                 .dump();
    deliver(
        "/webhook/zalo", [&] { return body; },
        [&](const std::string& b) {
          return testing::Headers{
              {"X-ZEvent-Signature", testing::zalo_mac(FakePlatforms::kZaloAppId, b, ts, FakePlatforms::kZaloOaSecret)}};
        },
        [&](const testing::RawResponse&) { return inbox_has("zalo", msg_id); });
  }

  void broadcast(int r, const std::string& text) {
    const std::string& token = tokens_.at(static_cast<std::size_t>(r / 15));
    const std::string body =
        json{{"text", text}, {"severity", "warning"}, {"target", {{"scope", "subscribers"}}}}.dump();
    deliver(
        "/api/v1/broadcasts", [&] { return body; },
        [&](const std::string&) { return testing::Headers{{"Authorization", "Bearer " + token}}; },
        [&](const testing::RawResponse& accepted) {
          const json doc = json::parse(accepted.body, nullptr, false);
          return doc.is_object() && doc.contains("id") &&
                 testing::sql_one(db(), "SELECT count(*) FROM broadcasts WHERE id = " + doc["id"].dump()) == "1";
        });
  }

  bool settled() {
    return testing::sql_one(db(),
                            "SELECT (SELECT count(*) FROM outbox WHERE status = 'pending') + "
                            "(SELECT count(*) FROM inbox WHERE processed_at IS NULL) + "
                            "(SELECT count(*) FROM broadcasts WHERE status IN ('running', 'queued'))") == "0";
  }

  // Messages each chat received so far, by platform ("tg:<id>" / "zalo:<id>").
  std::map<std::string, std::vector<std::string>> received() const {
    std::map<std::string, std::vector<std::string>> out;
    for (const auto& m : platforms_.telegram.delivered_messages()) {
      out["tg:" + testing::id_string(m["chat"]["id"])].push_back(m.value("text", std::string()));
    }
    for (const auto& m : platforms_.zalo.delivered_cs_messages()) {
      out["zalo:" + testing::id_string(m["recipient"]["user_id"])].push_back(m["message"].value("text", std::string()));
    }
    return out;
  }

  // One round of traffic; each chat in it is new, so each expects its own answers.
  // Arms the fault for the n-th commit from now; it stays armed until it lands.
  void arm(Fault fault, long n) {
    injector_.fault = static_cast<int>(fault);
    injector_.fail_at = injector_.commits + n;
    ++armed_;
  }
  bool landed() const { return injector_.injected == armed_; }

  void round(int r, const std::string& fault) {
    SCOPED_TRACE("round " + std::to_string(r) + ": " + fault);
    const auto began = std::chrono::steady_clock::now();
    auto last = began;
    const auto lap = [&](const char* what) {
      if (std::getenv("HOCVUSO_FAULT_VERBOSE") == nullptr) return;
      const auto now = std::chrono::steady_clock::now();
      std::cout << "round " << r << " " << what << " +" << std::chrono::duration<double>(now - last).count() << " s\n";
      last = now;
    };
    const std::int64_t person = 8000000 + r, subscriber = 9000000 + r, group = -100000000 - r;
    const std::string zalo_user = "24684588352" + std::to_string(10000000 + r);
    telegram(person, false, "/start");
    zalo(zalo_user, "/help");
    telegram(group, true, "/baocao Bản Mòng: hướng dẫn " + std::to_string(20 + r % 50) + " người, 2 buổi", person);
    telegram(subscriber, false, "/canhbao bat");
    lap("posted");
    ASSERT_TRUE(testing::wait_until([&] { return received().contains("tg:" + std::to_string(subscriber)); }, 20s));
    const std::string warning = "Cảnh báo số " + std::to_string(r) + ": có kẻ giả danh công an gọi điện đòi mã OTP.";
    lap("subscribed");
    broadcast(r, warning);
    lap("broadcast posted");
    ASSERT_TRUE(testing::wait_until(
        [&] {
          const auto got = received();
          const auto it = got.find("tg:" + std::to_string(subscriber));
          if (it == got.end()) return false;
          for (const auto& t : it->second) {
            if (t.find("Cảnh báo số " + std::to_string(r) + ":") != std::string::npos) return true;
          }
          return false;
        },
        20s))
        << "the warning of round " << r << " never reached its subscriber";
    lap("warning delivered");
    telegram(subscriber, false, "/canhbao tat");
    ASSERT_TRUE(testing::wait_until([&] { return settled(); }, 20s)) << "round " << r << " did not settle";

    lap("settled");
    const auto got = received();
    for (const std::string& who : {"tg:" + std::to_string(person), "zalo:" + zalo_user, "tg:" + std::to_string(group)}) {
      EXPECT_FALSE(got.contains(who) ? got.at(who).empty() : true) << who << " got no answer";
    }
    EXPECT_GE(got.at("tg:" + std::to_string(subscriber)).size(), 3u) << "subscribe, warning, unsubscribe";
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
    slowest_ = std::max(slowest_, seconds);
  }

  // Whole-run checks: no (chat, text) twice; "sent" rows are what the platforms got.
  void check_exactly_once() {
    std::size_t total = 0;
    for (const auto& [who, texts] : received()) {
      std::map<std::string, int> seen;
      for (const auto& t : texts) {
        if (++seen[t] == 2) ADD_FAILURE() << who << " got twice: " << t.substr(0, 120);
      }
      total += texts.size();
    }
    EXPECT_EQ(testing::sql_one(db(), "SELECT count(*) FROM outbox WHERE status = 'sent'"), std::to_string(total));
    EXPECT_EQ(testing::sql_one(db(), "SELECT count(*) FROM outbox WHERE status <> 'sent'"), "0");
    testing::RawConnection ready(port_);
    ready.send("GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    const auto readiness = ready.read_response();
    EXPECT_EQ(readiness.status, 200) << readiness.body;
  }

  testing::TempDir dir_;
  FakePlatforms platforms_;
  Injector injector_;
  std::unique_ptr<Service> service_;
  std::uint16_t port_ = 0;
  std::vector<std::string> tokens_;
  std::int64_t update_id_ = 0;
  int refused_ = 0;
  int armed_ = 0;
  double slowest_ = 0;
};

// HOCVUSO_FAULT_SWEEPS=3 runs every kind at every n (three times as long).
int sweeps() {
  const char* v = std::getenv("HOCVUSO_FAULT_SWEEPS");
  return v != nullptr ? std::max(1, std::atoi(v)) : 1;
}

TEST_F(FaultInjectionTest, EveryCommitOfARoundFailsInTurnAndNothingAcknowledgedIsLostOrSentTwice) {
  // A fault-free round first: how many commits a round makes (n runs over all of them).
  const long before = injector_.commits;
  round(0, "no fault");
  if (HasFatalFailure()) return;
  const long per_round = std::min(500L, injector_.commits - before);
  std::cout << "[ figures  ] a fault-free round commits " << per_round << " times\n";
  ASSERT_GT(per_round, 10);

  // How many commits a round makes depends on how the store batches them, that is on
  // timing: a round may end before its n-th commit. The fault then stays armed and
  // lands in the next round, so every fault lands whatever the machine's speed.
  const Fault kinds[] = {Fault::full, Fault::ioerr, Fault::busy};
  int r = 1, carried = 0;
  for (int sweep = 0; sweep < sweeps(); ++sweep) {
    for (long n = 1; n <= per_round; ++n) {
      const Fault kind = kinds[(n + sweep) % 3];
      arm(kind, n);
      const std::string what = "commit " + std::to_string(n) + " from round " + std::to_string(r) + " fails with " +
                               name_of(kind);
      for (int tries = 0; tries < 4 && !landed(); ++tries, ++r) {
        if (tries > 0) ++carried;
        round(r, what);
        if (HasFatalFailure()) return;
      }
      ASSERT_TRUE(landed()) << what << ": four rounds of traffic never reached it";
    }
  }
  check_exactly_once();
  std::cout << "[ figures  ] " << armed_ << " faults in " << r - 1 << " rounds (" << carried
            << " carried into a next round), " << injector_.commits << " commits, " << refused_
            << " deliveries refused and retried, slowest round " << slowest_ << " s\n";
}

}  // namespace
}  // namespace hocvuso
