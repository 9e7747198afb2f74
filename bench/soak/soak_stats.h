// What a soak run records: per minute, handshakes and RPCs with their latencies and errors by
// kind; every few seconds, the gateway's RSS. And the figures the run is judged by: the RSS
// slope after warm-up and the spread of the per-minute RPC p99.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace openclaw::bench::soak {

struct MinuteBucket {
  std::vector<double> handshake_ms;  // one per successful handshake
  std::vector<double> rpc_ms;        // one per successful RPC
  std::map<std::string, std::size_t> errors;  // kind -> how often
};

// One client thread's record (a thread's clients share it; nothing here is locked).
class SoakStats {
 public:
  void handshake(double elapsed_s, double latency_ms) { bucket(elapsed_s).handshake_ms.push_back(latency_ms); }
  void rpc(double elapsed_s, double latency_ms) { bucket(elapsed_s).rpc_ms.push_back(latency_ms); }
  void error(double elapsed_s, const std::string& kind) { ++bucket(elapsed_s).errors[kind]; }

  void merge(const SoakStats& other);
  const std::vector<MinuteBucket>& minutes() const { return minutes_; }

 private:
  MinuteBucket& bucket(double elapsed_s);
  std::vector<MinuteBucket> minutes_;
};

struct RssSample {
  double t_s;
  long rss_kib;
  std::size_t open_clients;  // authenticated connections the driver held at that moment
};

// The gateway's resident set in KiB (VmRSS of /proc/PID/status); -1 when it cannot be read
// (the process is gone).
long read_rss_kib(int pid);

// Least-squares slope of RSS over time in MiB/hour, using the samples at t >= from_s; 0 with
// fewer than two such samples.
double rss_slope_mib_per_hour(const std::vector<RssSample>& samples, double from_s);

// The whole report: per-minute rows (handshakes, rpcs, p50/p99 of both, errors), totals,
// errors by kind, the RSS samples with slope and warm-up/end/max RSS, and the p99 spread
// (min, median, max of the per-minute RPC p99 after warm-up).
nlohmann::json soak_report(const SoakStats& stats, const std::vector<RssSample>& samples, double warmup_s,
                           double elapsed_s);

}  // namespace openclaw::bench::soak
