#include "soak_stats.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "../run_stats.h"

namespace openclaw::bench::soak {
namespace {

constexpr double kSecondsPerMinute = 60;

double median(std::vector<double> values) { return quantile(std::move(values), 0.5); }

}  // namespace

MinuteBucket& SoakStats::bucket(double elapsed_s) {
  const auto minute = static_cast<std::size_t>(std::max(0.0, elapsed_s) / kSecondsPerMinute);
  if (minutes_.size() <= minute) minutes_.resize(minute + 1);
  return minutes_[minute];
}

void SoakStats::merge(const SoakStats& other) {
  if (minutes_.size() < other.minutes_.size()) minutes_.resize(other.minutes_.size());
  for (std::size_t i = 0; i < other.minutes_.size(); ++i) {
    const auto& from = other.minutes_[i];
    auto& to = minutes_[i];
    to.handshake_ms.insert(to.handshake_ms.end(), from.handshake_ms.begin(), from.handshake_ms.end());
    to.rpc_ms.insert(to.rpc_ms.end(), from.rpc_ms.begin(), from.rpc_ms.end());
    for (const auto& [kind, count] : from.errors) to.errors[kind] += count;
  }
}

long read_rss_kib(int pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) != 0) continue;
    std::istringstream fields(line.substr(6));
    long kib = -1;
    fields >> kib;
    return kib;
  }
  return -1;
}

double rss_slope_mib_per_hour(const std::vector<RssSample>& samples, double from_s) {
  double n = 0;
  double sum_t = 0;
  double sum_r = 0;
  for (const auto& sample : samples) {
    if (sample.t_s < from_s || sample.rss_kib < 0) continue;
    n += 1;
    sum_t += sample.t_s;
    sum_r += static_cast<double>(sample.rss_kib);
  }
  if (n < 2) return 0;
  const double mean_t = sum_t / n;
  const double mean_r = sum_r / n;
  double covariance = 0;
  double variance = 0;
  for (const auto& sample : samples) {
    if (sample.t_s < from_s || sample.rss_kib < 0) continue;
    covariance += (sample.t_s - mean_t) * (static_cast<double>(sample.rss_kib) - mean_r);
    variance += (sample.t_s - mean_t) * (sample.t_s - mean_t);
  }
  if (variance <= 0) return 0;
  const double kib_per_s = covariance / variance;
  return kib_per_s * 3600 / 1024;
}

nlohmann::json soak_report(const SoakStats& stats, const std::vector<RssSample>& samples, double warmup_s,
                           double elapsed_s) {
  nlohmann::json minutes = nlohmann::json::array();
  std::map<std::string, std::size_t> errors;
  std::size_t handshakes = 0;
  std::size_t rpcs = 0;
  std::vector<double> p99_after_warmup;
  for (std::size_t i = 0; i < stats.minutes().size(); ++i) {
    const auto& bucket = stats.minutes()[i];
    handshakes += bucket.handshake_ms.size();
    rpcs += bucket.rpc_ms.size();
    nlohmann::json row_errors = nlohmann::json::object();
    for (const auto& [kind, count] : bucket.errors) {
      errors[kind] += count;
      row_errors[kind] = count;
    }
    const double rpc_p99 = quantile(bucket.rpc_ms, 0.99);
    // A minute counts for stability when it lies wholly after warm-up and before the end.
    const double minute_start = static_cast<double>(i) * kSecondsPerMinute;
    if (minute_start >= warmup_s && minute_start + kSecondsPerMinute <= elapsed_s && !bucket.rpc_ms.empty()) {
      p99_after_warmup.push_back(rpc_p99);
    }
    minutes.push_back({{"minute", i},
                       {"handshakes", bucket.handshake_ms.size()},
                       {"handshake_p50_ms", quantile(bucket.handshake_ms, 0.50)},
                       {"handshake_p99_ms", quantile(bucket.handshake_ms, 0.99)},
                       {"rpcs", bucket.rpc_ms.size()},
                       {"rpc_p50_ms", quantile(bucket.rpc_ms, 0.50)},
                       {"rpc_p99_ms", rpc_p99},
                       {"errors", std::move(row_errors)}});
  }

  nlohmann::json rss = nlohmann::json::array();
  long max_kib = -1;
  long warm_kib = -1;  // the first sample at or after warm-up
  long last_kib = -1;
  for (const auto& sample : samples) {
    rss.push_back({{"t_s", sample.t_s}, {"rss_kib", sample.rss_kib}, {"open_clients", sample.open_clients}});
    max_kib = std::max(max_kib, sample.rss_kib);
    if (warm_kib < 0 && sample.t_s >= warmup_s) warm_kib = sample.rss_kib;
    if (sample.rss_kib >= 0) last_kib = sample.rss_kib;
  }

  nlohmann::json error_kinds = nlohmann::json::object();
  std::size_t error_total = 0;
  for (const auto& [kind, count] : errors) {
    error_kinds[kind] = count;
    error_total += count;
  }
  const double p99_median = median(p99_after_warmup);
  const double p99_max = p99_after_warmup.empty() ? 0 : *std::max_element(p99_after_warmup.begin(), p99_after_warmup.end());
  const double p99_min = p99_after_warmup.empty() ? 0 : *std::min_element(p99_after_warmup.begin(), p99_after_warmup.end());
  return {{"elapsed_s", elapsed_s},
          {"warmup_s", warmup_s},
          {"handshakes", handshakes},
          {"rpcs", rpcs},
          {"handshakes_per_s", elapsed_s > 0 ? static_cast<double>(handshakes) / elapsed_s : 0},
          {"rpcs_per_s", elapsed_s > 0 ? static_cast<double>(rpcs) / elapsed_s : 0},
          {"error_count", error_total},
          {"errors", std::move(error_kinds)},
          {"rss_slope_mib_per_hour", rss_slope_mib_per_hour(samples, warmup_s)},
          {"rss_warm_mib", static_cast<double>(warm_kib) / 1024},
          {"rss_end_mib", static_cast<double>(last_kib) / 1024},
          {"rss_max_mib", static_cast<double>(max_kib) / 1024},
          {"rpc_p99_after_warmup_ms",
           {{"minutes", p99_after_warmup.size()},
            {"min", p99_min},
            {"median", p99_median},
            {"max", p99_max},
            {"max_over_median", p99_median > 0 ? p99_max / p99_median : 0}}},
          {"minutes", std::move(minutes)},
          {"rss_samples", std::move(rss)}};
}

}  // namespace openclaw::bench::soak
