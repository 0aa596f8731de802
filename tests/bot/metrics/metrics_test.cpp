// Tests Metrics and its Prometheus text rendering (bot/metrics/metrics.hpp).
#include "bot/metrics/metrics.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <sstream>
#include <string>
#include <vector>

namespace hocvuso {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

bool has_line(const std::string& text, const std::string& line) {
  for (const auto& l : lines_of(text)) {
    if (l == line) return true;
  }
  return false;
}

TEST(Metrics, CounterWithHelpTypeAndLabels) {
  Metrics m;
  m.describe("hocvuso_requests_total", Metrics::Kind::counter, "HTTP requests by route");
  m.increment("hocvuso_requests_total", {{"route", "/health"}, {"status", "200"}});
  m.increment("hocvuso_requests_total", {{"route", "/health"}, {"status", "200"}}, 2);
  m.increment("hocvuso_requests_total", {{"route", "/metrics"}, {"status", "200"}});
  const std::string out = m.render();
  const auto lines = lines_of(out);
  ASSERT_GE(lines.size(), 4u) << out;
  EXPECT_EQ(lines[0], "# HELP hocvuso_requests_total HTTP requests by route");
  EXPECT_EQ(lines[1], "# TYPE hocvuso_requests_total counter");
  EXPECT_TRUE(has_line(out, R"(hocvuso_requests_total{route="/health",status="200"} 3)")) << out;
  EXPECT_TRUE(has_line(out, R"(hocvuso_requests_total{route="/metrics",status="200"} 1)")) << out;
  EXPECT_EQ(m.value("hocvuso_requests_total", {{"route", "/health"}, {"status", "200"}}), 3);
  EXPECT_EQ(m.value("hocvuso_requests_total", {{"route", "/nope"}}), 0);
  EXPECT_EQ(m.value("no_such_metric"), 0);
  EXPECT_EQ(out.back(), '\n');
}

TEST(Metrics, UndescribedCounterAndGauge) {
  Metrics m;
  m.increment("plain_total");
  m.set("depth", {}, 7);
  m.set("depth", {}, 5);  // a gauge is set, not added
  const std::string out = m.render();
  EXPECT_TRUE(has_line(out, "# TYPE plain_total counter")) << out;
  EXPECT_TRUE(has_line(out, "plain_total 1")) << out;
  EXPECT_TRUE(has_line(out, "# TYPE depth gauge")) << out;
  EXPECT_TRUE(has_line(out, "depth 5")) << out;
  EXPECT_EQ(out.find("# HELP"), std::string::npos) << out;  // no help, no HELP line
  EXPECT_EQ(m.value("depth"), 5);
}

TEST(Metrics, DescribedGauge) {
  Metrics m;
  m.describe("hocvuso_outbox_pending", Metrics::Kind::gauge, "messages waiting");
  m.set("hocvuso_outbox_pending", {}, 12);
  const std::string out = m.render();
  EXPECT_TRUE(has_line(out, "# TYPE hocvuso_outbox_pending gauge")) << out;
  EXPECT_TRUE(has_line(out, "hocvuso_outbox_pending 12")) << out;
}

TEST(Metrics, LabelEscaping) {
  struct Case {
    std::string value, rendered;
  };
  const std::vector<Case> cases = {
      {R"(say "hi")", R"(say \"hi\")"},
      {R"(C:\path)", R"(C:\\path)"},
      {"two\nlines", R"(two\nlines)"},
      {"\\\"\n", R"(\\\"\n)"},
      {"Tổ CNSCĐ", "Tổ CNSCĐ"},
  };
  for (const auto& c : cases) {
    Metrics m;
    m.increment("x_total", {{"v", c.value}});
    EXPECT_TRUE(has_line(m.render(), "x_total{v=\"" + c.rendered + "\"} 1")) << m.render();
  }
}

struct Bucket {
  double le;
  double count;
};

// The _bucket lines of one histogram series, in order.
std::vector<Bucket> buckets_of(const std::string& text, const std::string& prefix) {
  std::vector<Bucket> out;
  for (const auto& line : lines_of(text)) {
    if (!line.starts_with(prefix)) continue;
    auto le_at = line.find("le=\"");
    auto le_end = line.find('"', le_at + 4);
    const std::string le = line.substr(le_at + 4, le_end - le_at - 4);
    const std::string count = line.substr(line.rfind(' ') + 1);
    out.push_back({le == "+Inf" ? std::numeric_limits<double>::infinity() : std::stod(le), std::stod(count)});
  }
  return out;
}

TEST(Metrics, HistogramBucketsAreCumulative) {
  Metrics m;
  m.describe("hocvuso_request_seconds", Metrics::Kind::histogram, "request latency");
  for (double v : {0.0001, 0.003, 0.003, 0.2, 1.0, 100.0}) m.observe("hocvuso_request_seconds", {{"route", "/x"}}, v);
  const std::string out = m.render();
  EXPECT_TRUE(has_line(out, "# TYPE hocvuso_request_seconds histogram")) << out;

  const auto buckets = buckets_of(out, "hocvuso_request_seconds_bucket{route=\"/x\",le=\"");
  ASSERT_GE(buckets.size(), 2u) << out;
  EXPECT_EQ(buckets.back().le, std::numeric_limits<double>::infinity());
  EXPECT_EQ(buckets.back().count, 6);
  for (std::size_t i = 1; i < buckets.size(); ++i) {
    EXPECT_LT(buckets[i - 1].le, buckets[i].le);
    EXPECT_LE(buckets[i - 1].count, buckets[i].count);  // cumulative
  }
  // Each bucket counts the observations <= its bound.
  for (const auto& b : buckets) {
    double want = 0;
    for (double v : {0.0001, 0.003, 0.003, 0.2, 1.0, 100.0}) want += v <= b.le ? 1 : 0;
    EXPECT_EQ(b.count, want) << "le=" << b.le;
  }
  EXPECT_TRUE(has_line(out, "hocvuso_request_seconds_count{route=\"/x\"} 6")) << out;
  bool found_sum = false;
  for (const auto& line : lines_of(out)) {
    const std::string prefix = "hocvuso_request_seconds_sum{route=\"/x\"} ";
    if (line.starts_with(prefix)) {
      found_sum = true;
      EXPECT_NEAR(std::stod(line.substr(prefix.size())), 101.2061, 1e-9);
    }
  }
  EXPECT_TRUE(found_sum) << out;
  EXPECT_EQ(m.value("hocvuso_request_seconds", {{"route", "/x"}}), 6);  // value() of a histogram is its count
}

// Numbers use the shortest round-trip form, as Prometheus clients emit: le="0.1".
TEST(Metrics, BucketBoundsUseShortestForm) {
  Metrics m;
  m.observe("h", {}, 0.05);
  const std::string out = m.render();
  EXPECT_TRUE(has_line(out, "h_bucket{le=\"0.1\"} 1")) << out;
  EXPECT_TRUE(has_line(out, "h_bucket{le=\"0.0005\"} 0")) << out;
}

TEST(Metrics, HistogramWithoutLabels) {
  Metrics m;
  m.observe("h", {}, 0.5);
  const std::string out = m.render();
  const auto buckets = buckets_of(out, "h_bucket{le=\"");
  ASSERT_FALSE(buckets.empty()) << out;
  EXPECT_EQ(buckets.back().count, 1);
  EXPECT_TRUE(has_line(out, "h_bucket{le=\"+Inf\"} 1")) << out;
  EXPECT_TRUE(has_line(out, "h_sum 0.5")) << out;
  EXPECT_TRUE(has_line(out, "h_count 1")) << out;
}

}  // namespace
}  // namespace hocvuso
