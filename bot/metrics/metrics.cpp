// Prometheus text exposition (version 0.0.4).
#include "bot/metrics/metrics.hpp"

#include <charconv>

namespace hocvuso {

namespace {
std::string escape_label(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}

// Shortest form that reads back exactly: le="0.1", not le="0.10000000000000001".
std::string number(double v) {
  char buf[512];  // fixed notation of a large double is long
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
  return ec == std::errc() ? std::string(buf, end) : std::string("NaN");
}

const char* kind_name(Metrics::Kind k) {
  switch (k) {
    case Metrics::Kind::counter: return "counter";
    case Metrics::Kind::gauge: return "gauge";
    case Metrics::Kind::histogram: return "histogram";
  }
  return "untyped";
}
}  // namespace

Metrics::Metrics() : buckets_{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10} {}

std::string Metrics::render_labels(const Labels& labels) {
  if (labels.empty()) return "";
  std::string out = "{";
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (i) out.push_back(',');
    out += labels[i].first + "=\"" + escape_label(labels[i].second) + "\"";
  }
  return out + "}";
}

void Metrics::describe(std::string name, Kind kind, std::string help) {
  std::lock_guard lock(mutex_);
  auto& f = families_[std::move(name)];
  f.kind = kind;
  f.help = std::move(help);
}

void Metrics::increment(std::string_view name, const Labels& labels, double by) {
  std::lock_guard lock(mutex_);
  auto it = families_.find(name);
  if (it == families_.end()) it = families_.emplace(std::string(name), Family{}).first;
  it->second.values[render_labels(labels)] += by;
}

void Metrics::set(std::string_view name, const Labels& labels, double value) {
  std::lock_guard lock(mutex_);
  auto it = families_.find(name);
  if (it == families_.end()) it = families_.emplace(std::string(name), Family{Kind::gauge, "", {}, {}}).first;
  it->second.values[render_labels(labels)] = value;
}

void Metrics::observe(std::string_view name, const Labels& labels, double value) {
  std::lock_guard lock(mutex_);
  auto it = families_.find(name);
  if (it == families_.end()) it = families_.emplace(std::string(name), Family{Kind::histogram, "", {}, {}}).first;
  auto& h = it->second.histograms[render_labels(labels)];
  if (h.counts.empty()) h.counts.assign(buckets_.size(), 0);
  for (std::size_t i = 0; i < buckets_.size(); ++i) {
    if (value <= buckets_[i]) {
      h.counts[i] += 1;
      break;
    }
  }
  h.sum += value;
  h.count += 1;
}

double Metrics::value(std::string_view name, const Labels& labels) const {
  std::lock_guard lock(mutex_);
  auto it = families_.find(name);
  if (it == families_.end()) return 0;
  if (auto h = it->second.histograms.find(render_labels(labels)); h != it->second.histograms.end()) {
    return h->second.count;
  }
  auto v = it->second.values.find(render_labels(labels));
  return v == it->second.values.end() ? 0 : v->second;
}

std::string Metrics::render() const {
  std::lock_guard lock(mutex_);
  std::string out;
  for (const auto& [name, f] : families_) {
    if (!f.help.empty()) out += "# HELP " + name + " " + f.help + "\n";
    out += "# TYPE " + name + " " + kind_name(f.kind) + "\n";
    for (const auto& [labels, v] : f.values) out += name + labels + " " + number(v) + "\n";
    for (const auto& [labels, h] : f.histograms) {
      // Insert "le" into the label set: {a="b"} -> {a="b",le="0.1"}
      std::string base = labels.empty() ? "{" : labels.substr(0, labels.size() - 1) + ",";
      double cumulative = 0;
      for (std::size_t i = 0; i < buckets_.size(); ++i) {
        cumulative += h.counts[i];
        out += name + "_bucket" + base + "le=\"" + number(buckets_[i]) + "\"} " + number(cumulative) + "\n";
      }
      out += name + "_bucket" + base + "le=\"+Inf\"} " + number(h.count) + "\n";
      out += name + "_sum" + labels + " " + number(h.sum) + "\n";
      out += name + "_count" + labels + " " + number(h.count) + "\n";
    }
  }
  return out;
}

}  // namespace hocvuso
