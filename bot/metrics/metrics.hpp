// Counters, gauges and histograms rendered in the Prometheus text format.
// Thread-safe; label values must come from small fixed sets (route patterns,
// channel names, status codes), never from user input.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hocvuso {

class Metrics {
 public:
  using Labels = std::vector<std::pair<std::string, std::string>>;
  enum class Kind { counter, gauge, histogram };

  Metrics();

  void describe(std::string name, Kind kind, std::string help);
  void increment(std::string_view name, const Labels& labels = {}, double by = 1);
  void set(std::string_view name, const Labels& labels, double value);
  void observe(std::string_view name, const Labels& labels, double value);

  double value(std::string_view name, const Labels& labels = {}) const;  // for tests
  std::string render() const;

 private:
  struct Histogram {
    std::vector<double> counts;  // one per bucket, not cumulative
    double sum = 0;
    double count = 0;
  };
  struct Family {
    Kind kind = Kind::counter;
    std::string help;
    std::map<std::string, double> values;         // rendered labels -> value
    std::map<std::string, Histogram> histograms;  // rendered labels -> histogram
  };

  static std::string render_labels(const Labels& labels);

  mutable std::mutex mutex_;
  std::map<std::string, Family, std::less<>> families_;
  std::vector<double> buckets_;
};

}  // namespace hocvuso
