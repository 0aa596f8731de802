// The real service on 127.0.0.1:0, spoken to over real sockets: health,
// readiness, metrics, 404/405/413/400, keep-alive, and graceful shutdown.
#include <gtest/gtest.h>

#include <future>
#include <nlohmann/json.hpp>
#include <thread>
#include <unistd.h>

#include "bot/app/service.hpp"
#include "support/raw_http.hpp"
#include "support/temp_dir.hpp"
#include "support/test_backend.hpp"
#include "support/test_threads.hpp"

namespace hocvuso {
namespace {

using nlohmann::json;
using testing::RawConnection;
using testing::http_get;

class ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Config config;
    config.listen_port = 0;
    config.db = dir_ / "service.db";
    config.content = std::filesystem::path(HOCVUSO_SOURCE_DIR) / "content";
    config.body_limit = 2048;
    config.shutdown_grace_seconds = 5;
    config.threads = testing::test_threads();
    service_ = std::make_unique<Service>(testing::use_test_backend(config));
    port_ = service_->start();
  }
  void TearDown() override { service_->shutdown(); }

  testing::TempDir dir_;
  std::unique_ptr<Service> service_;
  std::uint16_t port_ = 0;
};

TEST_F(ServiceTest, HealthzSaysAlive) {
  auto r = http_get(port_, "/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("content-type"), "application/json");
  EXPECT_EQ(json::parse(r.body)["status"], "alive");
}

TEST_F(ServiceTest, ReadyzChecksStoreAndContent) {
  auto r = http_get(port_, "/readyz");
  EXPECT_EQ(r.status, 200);
  auto body = json::parse(r.body);
  EXPECT_EQ(body["status"], "ready");
  EXPECT_EQ(body["checks"]["store"], "ok");
  EXPECT_EQ(body["checks"]["content"], "ok");
}

TEST_F(ServiceTest, MetricsAreInPrometheusFormat) {
  http_get(port_, "/healthz");
  http_get(port_, "/nowhere");
  auto r = http_get(port_, "/metrics");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.header("content-type").find("text/plain; version=0.0.4"), std::string::npos);
  EXPECT_NE(r.body.find("# TYPE hocvuso_http_requests_total counter"), std::string::npos);
  EXPECT_NE(r.body.find("hocvuso_http_requests_total{route=\"/healthz\",status=\"200\"} 1"), std::string::npos);
  // Unknown paths share one label value, so scanners cannot blow up cardinality.
  EXPECT_NE(r.body.find("hocvuso_http_requests_total{route=\"unmatched\",status=\"404\"} 1"), std::string::npos);
  EXPECT_NE(r.body.find("hocvuso_http_request_duration_seconds_bucket{route=\"/healthz\",le=\"+Inf\"} 1"),
            std::string::npos);
  EXPECT_NE(r.body.find("hocvuso_outbox_pending 0"), std::string::npos);
  EXPECT_NE(r.body.find("hocvuso_messages_received_total{channel=\"telegram\"} 0"), std::string::npos);
  EXPECT_NE(r.body.find("hocvuso_messages_sent_total{channel=\"zalo\"} 0"), std::string::npos);
}

TEST_F(ServiceTest, UnknownPathIsJson404) {
  auto r = http_get(port_, "/webhook/unknown?x=1");
  EXPECT_EQ(r.status, 404);
  auto body = json::parse(r.body);
  EXPECT_EQ(body["error"]["status"], 404);
  EXPECT_EQ(body["error"]["code"], "not_found");
}

TEST_F(ServiceTest, WrongMethodIsJson405WithAllow) {
  RawConnection c(port_);
  c.send("POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}");
  auto r = c.read_response();
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.header("allow"), "GET");
  EXPECT_EQ(json::parse(r.body)["error"]["code"], "method_not_allowed");
}

TEST_F(ServiceTest, OversizedBodyIsJson413AndServerStaysUp) {
  RawConnection c(port_);
  c.send("POST /webhook/telegram HTTP/1.1\r\nHost: x\r\nContent-Length: 4096\r\n\r\n" + std::string(4096, 'a'));
  auto r = c.read_response();
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(json::parse(r.body)["error"]["code"], "payload_too_large");
  EXPECT_TRUE(c.closed_by_server());
  EXPECT_EQ(http_get(port_, "/healthz").status, 200);
}

TEST_F(ServiceTest, OversizedDeclaredLengthIsRefusedBeforeTheBodyArrives) {
  RawConnection c(port_);
  c.send("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999\r\n\r\n");
  EXPECT_EQ(c.read_response().status, 413);
}

TEST_F(ServiceTest, GarbageIsJson400AndServerStaysUp) {
  for (const std::string garbage : {"HELLO THERE\r\n\r\n", "GET / HTTP/9.9\r\n\r\n", "GET /healthz HTTP/1.1\r\nBad Header\r\n\r\n"}) {
    RawConnection c(port_);
    c.send(garbage);
    auto r = c.read_response();
    EXPECT_EQ(r.status, 400) << garbage;
    EXPECT_EQ(json::parse(r.body)["error"]["code"], "bad_request");
  }
  EXPECT_EQ(http_get(port_, "/healthz").status, 200);
}

TEST_F(ServiceTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  RawConnection c(port_);
  for (int i = 0; i < 3; ++i) {
    c.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(c.read_response().status, 200);
  }
  // Pipelined: two requests in one write, two answers in order.
  c.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /nope HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(c.read_response().status, 200);
  EXPECT_EQ(c.read_response().status, 404);
}

TEST_F(ServiceTest, ShutdownClosesIdleConnectionsAndRefusesNewOnes) {
  RawConnection idle(port_);
  idle.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(idle.read_response().status, 200);

  service_->shutdown();  // must return: an idle keep-alive connection does not hold it up
  EXPECT_TRUE(idle.closed_by_server());
  EXPECT_THROW(http_get(port_, "/healthz"), std::runtime_error);
}

// Issue 13 item 5: two services on one database both send the outbox, and a row one
// of them read just before the other marked it sent goes out twice.
TEST_F(ServiceTest, ASecondServeOnTheSameDatabaseIsRefusedAndMayStartOnceTheFirstIsGone) {
  HOCVUSO_SKIP_ON_POSTGRES("several nodes share one database there (PostgresServiceTest has its own refusal)");
  Config config;
  config.listen_port = 0;
  config.db = dir_ / "service.db";
  config.content = std::filesystem::path(HOCVUSO_SOURCE_DIR) / "content";
  try {
    Service second(config);
    FAIL() << "a second serve started on the same database";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("another hocvuso serve (pid " + std::to_string(::getpid()) + ")"),
              std::string::npos)
        << e.what();
  }
  EXPECT_EQ(http_get(port_, "/healthz").status, 200);  // the first is untouched
  service_->shutdown();
  service_.reset();  // the first one's lock goes with it
  service_ = std::make_unique<Service>(testing::use_test_backend(config));
  port_ = service_->start();
  EXPECT_EQ(http_get(port_, "/healthz").status, 200);
}

}  // namespace
}  // namespace hocvuso
