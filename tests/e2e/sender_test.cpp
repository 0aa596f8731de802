// The outgoing path end to end: the real service replying through the fake Telegram over real sockets,
// counting the TCP connections the fake accepted, and over TLS with a certificate from a CA made for the test
// and trusted only through `tls_ca_file`.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "bot/app/service.hpp"
#include "bot/outbox/rate_limit.hpp"
#include "fakes/fake_telegram.hpp"
#include "support/e2e_helpers.hpp"
#include "support/temp_dir.hpp"
#include "support/test_backend.hpp"
#include "support/test_ca.hpp"
#include "support/test_threads.hpp"

namespace hocvuso {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

constexpr const char* kSecret = "s3cret";

class SenderTest : public ::testing::Test {
 protected:
  void TearDown() override {
    if (service_) service_->shutdown();
    service_.reset();
  }

  Config config(const fakes::FakeTelegram& fake, int rate) const {
    Config c;
    c.listen_port = 0;
    c.db = dir_.path() / "sender.db";
    c.content = std::filesystem::path(HOCVUSO_SOURCE_DIR) / "content";
    c.shutdown_grace_seconds = 2;
    c.log_level = "warn";
    c.threads = testing::test_threads();
    c.telegram.token = fake.token();
    c.telegram.webhook_secret = kSecret;
    c.telegram.api_base = fake.base_url();
    c.telegram.bot_username = "hocvuso_bot";
    c.telegram.max_per_second = rate;
    return c;
  }
  void start(const Config& c) {
    service_ = std::make_unique<Service>(testing::use_test_backend(c));
    port_ = service_->start();
  }

  // "/start" from a private chat, as Telegram posts it.
  testing::RawResponse say_start(std::int64_t chat) {
    const json person = {{"id", chat}, {"is_bot", false}, {"first_name", "Hoa"}, {"language_code", "vi"}};
    const json m = {{"message_id", ++message_id_},
                    {"from", person},
                    {"chat", {{"id", chat}, {"first_name", "Hoa"}, {"type", "private"}}},
                    {"date", 1700000000},
                    {"text", "/start"},
                    {"entities", json::array({{{"offset", 0}, {"length", 6}, {"type", "bot_command"}}})}};
    return testing::post_json(port_, "/webhook/telegram", json{{"update_id", ++update_id_}, {"message", m}}.dump(),
                              {{"X-Telegram-Bot-Api-Secret-Token", kSecret}});
  }

  std::string outbox_error() const {
    return testing::sql_one(dir_.path() / "sender.db", "SELECT coalesce(last_error, '') FROM outbox LIMIT 1");
  }

  testing::TempDir dir_;
  std::unique_ptr<Service> service_;
  std::uint16_t port_ = 0;
  std::int64_t message_id_ = 0, update_id_ = 500000;
};

// issue 17: the pool used to keep 8 idle connections while 64 deliveries ran, so three replies in four
// connected again. Now a connection is opened only when more deliveries run at once than ever before.
TEST_F(SenderTest, RepliesToSixHundredChatsReuseAtMostTheInFlightNumberOfConnections) {
  fakes::FakeTelegram fake;
  start(config(fake, 1000));
  constexpr int kChats = 600;
  for (int i = 0; i < kChats; ++i) ASSERT_EQ(say_start(880000 + i).status, 200);
  ASSERT_TRUE(fake.wait_for_calls("sendMessage", kChats, 60s));
  const auto connections = fake.server().connection_count();
  std::cout << "[ figures  ] " << kChats << " replies over " << connections << " connections\n";
  EXPECT_LE(connections, outbox::in_flight_limit(1000));
}

// A private proxy's certificate (here the test's own CA) is trusted through tls_ca_file, and the replies
// travel over TLS, reusing their connections as over plain HTTP.
TEST_F(SenderTest, RepliesReachAnHttpsApiWhoseCaIsTrustedThroughTlsCaFile) {
  const auto ca = testing::TestCa::make();
  fakes::FakeTelegramOptions o;
  o.tls = fakes::FakeServerTls{ca.server_cert_pem, ca.server_key_pem};
  fakes::FakeTelegram fake(o);
  ASSERT_EQ(fake.base_url().rfind("https://127.0.0.1:", 0), 0u);
  Config c = config(fake, 1000);
  c.tls_ca_file = dir_.write("proxy-ca.pem", ca.ca_cert_pem).string();
  start(c);
  for (int i = 0; i < 50; ++i) ASSERT_EQ(say_start(770000 + i).status, 200);
  ASSERT_TRUE(fake.wait_for_calls("sendMessage", 50, 30s)) << outbox_error();
  // A call is recorded when it arrives, a delivered message once the fake has answered it.
  EXPECT_TRUE(testing::wait_until([&] { return fake.delivered_messages().size() == 50u; }));
  EXPECT_LE(fake.server().connection_count(), outbox::in_flight_limit(1000));
  EXPECT_TRUE(fake.spec_violations().empty());
}

// Trusting some other CA is not trusting this server: nothing is sent, and the row waits with the reason.
TEST_F(SenderTest, AnHttpsApiSignedByAnUntrustedCaGetsNothing) {
  const auto ca = testing::TestCa::make();
  const auto other = testing::TestCa::make("another test CA");
  fakes::FakeTelegramOptions o;
  o.tls = fakes::FakeServerTls{ca.server_cert_pem, ca.server_key_pem};
  fakes::FakeTelegram fake(o);
  Config c = config(fake, 1000);
  c.tls_ca_file = dir_.write("other-ca.pem", other.ca_cert_pem).string();
  start(c);
  ASSERT_EQ(say_start(660001).status, 200);
  ASSERT_TRUE(testing::wait_until([&] { return !outbox_error().empty(); }, 20s));
  EXPECT_NE(outbox_error().find("TLS handshake"), std::string::npos) << outbox_error();
  EXPECT_EQ(fake.calls().size(), 0u) << "a request went to a server no trusted CA signed";
}

// A CA file that is not PEM stops the service at start with the reason, rather than failing every send.
TEST_F(SenderTest, ACaFileThatHoldsNoCertificateStopsTheStart) {
  fakes::FakeTelegram fake;
  Config c = config(fake, 30);
  c.tls_ca_file = dir_.write("broken.pem", "not a certificate").string();
  EXPECT_THROW(start(c), std::exception);
}

}  // namespace
}  // namespace hocvuso
