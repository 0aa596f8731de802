// The sender's loop (bot/outbox/sender.cpp) on a clock the test moves by hand: the decisions it takes
// between the store and the platform — when a send starts, in what order, after which pause — checked
// against a transport that records every request and answers in Telegram's wire format. Nothing here
// waits for real time: the clock jumps to the next timer whenever everything else has run, and the
// real store (a SQLite file, on its own thread) is made to finish its jobs before each jump.
// The pure rules have their table tests (sender_policy_test.cpp); this is the loop around them.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "adapters/telegram/telegram.hpp"
#include "bot/metrics/metrics.hpp"
#include "bot/outbox/policy.hpp"
#include "bot/outbox/sender.hpp"
#include "bot/outbox/sender_seams.hpp"
#include "bot/store/store.hpp"
#include "bot/store/worker.hpp"
#include "bot/outbox/manual_clock.hpp"
#include "support/temp_dir.hpp"

namespace hocvuso {
namespace {

namespace asio = boost::asio;
using nlohmann::json;
using Steady = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr const char* kApi = "http://127.0.0.1:9";  // never dialled: the transport is the test's
constexpr const char* kGroup = "-1001987654321";

// Records each sendMessage and answers it as the script says (200 with a message by default).
class RecordingTransport : public outbox::SenderTransport {
 public:
  struct Sent {
    Steady::time_point at;
    std::string chat_id;
    std::string text;
  };
  explicit RecordingTransport(const ManualClock& clock) : clock_(clock) {}

  asio::awaitable<Result<ApiResponse>> request(std::string, ApiRequest request) override {
    const json body = json::parse(request.body);
    const std::string chat = body["chat_id"].is_string() ? body["chat_id"].get<std::string>() : body["chat_id"].dump();
    sent.push_back({clock_.now(), chat, body.value("text", std::string())});
    if (auto it = script.find(chat); it != script.end() && !it->second.empty()) {
      auto answer = std::move(it->second.front());
      it->second.pop_front();
      co_return answer;
    }
    co_return delivered(chat);
  }

  static Result<ApiResponse> delivered(const std::string& chat) {
    static int next_id = 100;
    const json result = {{"message_id", ++next_id},
                         {"chat", {{"id", std::stoll(chat)}, {"type", chat[0] == '-' ? "supergroup" : "private"}}},
                         {"date", 1765000000}};
    return ApiResponse{200, json{{"ok", true}, {"result", result}}.dump()};
  }
  static Result<ApiResponse> too_many_requests(int retry_after) {
    return ApiResponse{429, json{{"ok", false},
                                 {"error_code", 429},
                                 {"description", "Too Many Requests: retry after " + std::to_string(retry_after)},
                                 {"parameters", {{"retry_after", retry_after}}}}
                                .dump()};
  }
  static Result<ApiResponse> server_error() {
    return ApiResponse{500, R"({"ok":false,"error_code":500,"description":"Internal Server Error"})"};
  }

  std::vector<Sent> sent;
  std::map<std::string, std::deque<Result<ApiResponse>>> script;  // a chat's next answers, in order; then delivered()

 private:
  const ManualClock& clock_;
};

TelegramConfig telegram_config() {
  TelegramConfig c;
  c.token = "7700000001:AAFakeTokenForTestsOnly_0123456789";
  c.webhook_secret = "s3cret";
  c.api_base = kApi;
  c.bot_username = "hocvuso_bot";
  return c;
}

class SenderLoop : public ::testing::Test {
 protected:
  void TearDown() override {
    if (!sender_) return;
    sender_->stop();
    run_for(5min);  // every wait ends, and the store has finished what the lanes asked of it
    EXPECT_TRUE(sender_->done());
  }

  void start(double per_second) {
    sender_ = std::make_unique<Sender>(ioc_, store_, transport_, metrics_, clock_);
    ChannelRoute route;
    route.adapter = &adapter_;
    route.api_base = kApi;
    route.max_per_second = per_second;
    sender_->add(std::move(route));
    sender_->start();
  }

  void enqueue(const std::string& chat, const std::string& text, bool group = false) {
    const auto now = clock_.wall_now();
    store_.call([&](Store& s) {
      const ChatRef ref{Channel::telegram, chat};
      if (group) s.touch_chat(ref, ChatType::group, "Tổ CNSCĐ xã Thuận Châu", now);
      Outgoing m;
      m.chat = ref;
      m.text = text;
      s.enqueue(m, OutboxPriority::reply, now);
    });
  }

  std::vector<OutboxItem> pending() {
    return store_.call([](Store& s) { return s.pending(Channel::telegram, 100); });
  }

  // Runs everything that can run now: the store's jobs (a synchronous job waits for those queued
  // before it, so their answers are posted) and the handlers they and the lanes make ready.
  void settle() {
    for (;;) {
      store_.call([](Store&) {});
      if (ioc_.stopped()) ioc_.restart();
      if (ioc_.poll() == 0) return;
    }
  }
  // Moves the clock `d` on, from timer to timer, letting everything run at each.
  void run_for(Steady::duration d) { clock_.run_for(d, [this] { settle(); }); }

  static double seconds(Steady::duration d) { return std::chrono::duration<double>(d).count(); }

  testing::TempDir dir_;
  StoreWorker store_{std::make_unique<Store>(dir_ / "sender.db")};
  Metrics metrics_;
  ManualClock clock_;
  RecordingTransport transport_{clock_};
  telegram::TelegramAdapter adapter_{telegram_config()};
  // Last but the sender: its coroutines' frames go first, while what they refer to still exists.
  asio::io_context ioc_;
  std::unique_ptr<Sender> sender_;
};

// A window of the platform holds at most the rate, from the first second on: the previous process may
// have sent in its last second, so nothing goes out in the lane's first second either.
TEST_F(SenderLoop, SendsAtMostTheRateInAnySlidingSecondIncludingTheFirst) {
  for (int i = 0; i < 20; ++i) enqueue(std::to_string(5512345600 + i), "Cảnh báo lừa đảo số " + std::to_string(i));
  start(5);
  run_for(10s);
  const auto& sent = transport_.sent;
  ASSERT_EQ(sent.size(), 20u);
  EXPECT_GE(sent.front().at, clock_.start() + 1s) << "sent in the lane's first second";
  for (std::size_t i = 0; i + 5 < sent.size(); ++i) {
    EXPECT_GE(sent[i + 5].at - sent[i].at, 1s) << "six sends within one second, from send " << i;
  }
  // And not slower than the rate allows: four more seconds for the 20.
  EXPECT_LE(seconds(sent.back().at - clock_.start()), 5.0);
  EXPECT_TRUE(pending().empty());
}

// Telegram's ~1 message a second per chat, with short bursts: 3 in any 3 s, in the order written.
TEST_F(SenderLoop, KeepsAChatsOrderAndItsPaceOfThreeInAnyThreeSeconds) {
  for (int i = 1; i <= 7; ++i) enqueue("5512345678", "Bước " + std::to_string(i));
  start(30);
  run_for(20s);
  const auto& sent = transport_.sent;
  ASSERT_EQ(sent.size(), 7u);
  for (std::size_t i = 0; i < sent.size(); ++i) EXPECT_EQ(sent[i].text, "Bước " + std::to_string(i + 1));
  for (std::size_t i = 0; i + 3 < sent.size(); ++i) {
    EXPECT_GE(sent[i + 3].at - sent[i].at, 3s) << "four to the chat within 3 s, from send " << i;
  }
  EXPECT_LE(seconds(sent.back().at - sent.front().at), 7.0);  // 3 at once, then one a second
}

// A group gets at most 20 messages a minute and, as every chat, no more than 3 in 3 s, however
// the lane's rate would allow more (A4: both rules hold for a group).
TEST_F(SenderLoop, GivesAGroupTwentyMessagesInAnyMinuteAndNoBurstAboveThree) {
  for (int i = 1; i <= 23; ++i) enqueue(kGroup, "Báo cáo tuần " + std::to_string(i), /*group=*/true);
  start(30);
  run_for(150s);
  const auto& sent = transport_.sent;
  ASSERT_EQ(sent.size(), 23u);
  for (std::size_t i = 0; i + 20 < sent.size(); ++i) {
    EXPECT_GE(sent[i + 20].at - sent[i].at, 60s) << "21 to the group within a minute, from send " << i;
  }
  for (std::size_t i = 0; i + 3 < sent.size(); ++i) {
    EXPECT_GE(sent[i + 3].at - sent[i].at, 3s) << "4 to the group within 3 s, from send " << i;
  }
  EXPECT_LE(seconds(sent.back().at - sent.front().at), 75.0);  // 3 in any 10 s: the 23rd at 70 s
}

// A 5xx or no answer at all: the row waits outbox::backoff (with jitter, 0.5 to 1.5 of it), counts
// an attempt, keeps the reason, and goes out again; other chats are not held up meanwhile.
TEST_F(SenderLoop, BacksOffAfterATransientFailureAndCountsTheAttempt) {
  transport_.script["5512345678"] = {RecordingTransport::server_error(), Problem{"timeout", "sendMessage: timed out"}};
  enqueue("5512345678", "Xin chào bà Lan");
  start(30);
  run_for(1500ms);
  ASSERT_EQ(transport_.sent.size(), 1u);
  auto rows = pending();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].attempts, 1);
  enqueue("5512345679", "Xin chào ông Minh");  // another chat goes out while the first waits
  run_for(100s);
  std::vector<Steady::time_point> lan;  // the failing chat's three tries
  int minh = 0;
  for (const auto& s : transport_.sent) {
    if (s.chat_id == "5512345678") lan.push_back(s.at);
    if (s.chat_id == "5512345679") ++minh;
  }
  ASSERT_EQ(lan.size(), 3u);
  EXPECT_EQ(minh, 1);
  // The row is read again within a poll (1 s) of becoming due.
  const double first = seconds(outbox::backoff(1, 1.0)), second = seconds(outbox::backoff(2, 1.0));
  const double waited1 = seconds(lan[1] - lan[0]), waited2 = seconds(lan[2] - lan[1]);
  EXPECT_GE(waited1, 0.5 * first);
  EXPECT_LE(waited1, 1.5 * first + 1.0);
  EXPECT_GE(waited2, 0.5 * second);
  EXPECT_LE(waited2, 1.5 * second + 1.0);
  EXPECT_TRUE(pending().empty());
  EXPECT_EQ(metrics_.value("hocvuso_outbox_sent_total", {{"channel", "telegram"}}), 2);
}

// A 429 is the platform's word on when: the row waits retry_after, no attempt is counted, and the
// message goes out once, not early.
TEST_F(SenderLoop, WaitsTheRetryAfterOfA429WithoutCountingAnAttempt) {
  transport_.script["5512345678"] = {RecordingTransport::too_many_requests(7)};
  enqueue("5512345678", "Mã OTP không bao giờ được đưa cho ai");
  start(30);
  run_for(3s);
  ASSERT_EQ(transport_.sent.size(), 1u);
  auto rows = pending();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].attempts, 0);
  run_for(30s);
  const auto& sent = transport_.sent;
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_GE(sent[1].at - sent[0].at, 7s);
  EXPECT_LE(seconds(sent[1].at - sent[0].at), 8.0 + 1.0);
  EXPECT_TRUE(pending().empty());
}

}  // namespace
}  // namespace hocvuso
