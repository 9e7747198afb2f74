// What a benchmark run counts: handshake latencies, successes, errors by message.
#pragma once

#include <algorithm>
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace openclaw::bench {

struct RunStats {
  std::vector<double> latencies_ms;  // one per successful handshake
  std::map<std::string, std::size_t> errors;  // message -> how often
  std::string server_version;  // from the first hello-ok

  std::size_t error_count() const {
    std::size_t total = 0;
    for (const auto& [message, count] : errors) total += count;
    return total;
  }

  void merge(const RunStats& other) {
    latencies_ms.insert(latencies_ms.end(), other.latencies_ms.begin(), other.latencies_ms.end());
    for (const auto& [message, count] : other.errors) errors[message] += count;
    if (server_version.empty()) server_version = other.server_version;
  }
};

// The q-quantile (0..1) of `values` by nearest rank; 0 for an empty list. Sorts a copy.
inline double quantile(std::vector<double> values, double q) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  auto rank = static_cast<std::size_t>(q * static_cast<double>(values.size()));
  return values[std::min(rank, values.size() - 1)];
}

// The summary both printers use: handshakes, rate over `elapsed_s`, p50/p99/max latency,
// errors (total and the most frequent messages).
inline nlohmann::json summarize(const RunStats& stats, double elapsed_s) {
  nlohmann::json errors = nlohmann::json::object();
  for (const auto& [message, count] : stats.errors) errors[message] = count;
  const double rate = elapsed_s > 0 ? static_cast<double>(stats.latencies_ms.size()) / elapsed_s : 0;
  return {{"handshakes", stats.latencies_ms.size()},
          {"elapsed_s", elapsed_s},
          {"handshakes_per_s", rate},
          {"p50_ms", quantile(stats.latencies_ms, 0.50)},
          {"p99_ms", quantile(stats.latencies_ms, 0.99)},
          {"max_ms", quantile(stats.latencies_ms, 1.0)},
          {"error_count", stats.error_count()},
          {"errors", std::move(errors)},
          {"server_version", stats.server_version}};
}

}  // namespace openclaw::bench
