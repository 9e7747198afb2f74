#include "server/metrics/process_stats.h"

#include <sys/resource.h>
#include <unistd.h>

#include <charconv>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

namespace openclaw::server {
namespace {

// Fields after the command name, numbered as in proc(5) minus 3 (field 3, the state, is
// index 0).
constexpr std::size_t kUtime = 14 - 3;
constexpr std::size_t kStime = 15 - 3;
constexpr std::size_t kStartTime = 22 - 3;
constexpr std::size_t kVsize = 23 - 3;
constexpr std::size_t kRss = 24 - 3;

std::optional<double> number(std::string_view text) {
  long long value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return static_cast<double>(value);
}

std::string read_small_file(const char* path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

double boot_time_seconds() {
  std::istringstream lines(read_small_file("/proc/stat"));
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("btime ")) return number(line.substr(6)).value_or(0);
  }
  return 0;
}

double count_open_fds() {
  std::error_code error;
  std::filesystem::directory_iterator it("/proc/self/fd", error);
  if (error) return 0;
  double count = 0;
  for (; it != std::filesystem::directory_iterator(); it.increment(error)) {
    if (error) break;
    ++count;
  }
  // The iterator's own descriptor is listed too; it is not the gateway's.
  return count > 0 ? count - 1 : 0;
}

prometheus::MetricFamily family(std::string name, std::string help, prometheus::MetricType type,
                                double value) {
  prometheus::ClientMetric metric;
  if (type == prometheus::MetricType::Counter) {
    metric.counter.value = value;
  } else {
    metric.gauge.value = value;
  }
  return prometheus::MetricFamily{std::move(name), std::move(help), type, {metric}};
}

}  // namespace

std::optional<ProcessStats> parse_proc_stat(std::string_view stat, long clock_ticks_per_second,
                                            long page_size, double boot_time) {
  const auto name_end = stat.rfind(')');
  if (name_end == std::string_view::npos || clock_ticks_per_second <= 0) return std::nullopt;
  std::vector<std::string_view> fields;
  std::string_view rest = stat.substr(name_end + 1);
  while (!rest.empty()) {
    const auto start = rest.find_first_not_of(" \n");
    if (start == std::string_view::npos) break;
    rest.remove_prefix(start);
    const auto end = rest.find_first_of(" \n");
    fields.push_back(rest.substr(0, end));
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end);
  }
  if (fields.size() <= kRss) return std::nullopt;
  auto utime = number(fields[kUtime]);
  auto stime = number(fields[kStime]);
  auto start = number(fields[kStartTime]);
  auto vsize = number(fields[kVsize]);
  auto rss = number(fields[kRss]);
  if (!utime || !stime || !start || !vsize || !rss) return std::nullopt;
  const auto ticks = static_cast<double>(clock_ticks_per_second);
  ProcessStats stats;
  stats.cpu_seconds = (*utime + *stime) / ticks;
  stats.start_time_seconds = boot_time + *start / ticks;
  stats.virtual_memory_bytes = *vsize;
  stats.resident_memory_bytes = *rss * static_cast<double>(page_size);
  return stats;
}

ProcessStats read_process_stats() {
  ProcessStats stats = parse_proc_stat(read_small_file("/proc/self/stat"), ::sysconf(_SC_CLK_TCK),
                                       ::sysconf(_SC_PAGESIZE), boot_time_seconds())
                           .value_or(ProcessStats{});
  stats.open_fds = count_open_fds();
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
    stats.max_fds = static_cast<double>(limit.rlim_cur);
  }
  return stats;
}

std::vector<prometheus::MetricFamily> process_metric_families(const ProcessStats& stats) {
  using prometheus::MetricType;
  return {
      family("openclaw_process_resident_memory_bytes", "Resident memory size in bytes",
             MetricType::Gauge, stats.resident_memory_bytes),
      family("openclaw_process_virtual_memory_bytes", "Virtual memory size in bytes",
             MetricType::Gauge, stats.virtual_memory_bytes),
      family("openclaw_process_cpu_seconds_total", "User and system CPU time spent in seconds",
             MetricType::Counter, stats.cpu_seconds),
      family("openclaw_process_start_time_seconds",
             "Start time of the process since the Unix epoch in seconds", MetricType::Gauge,
             stats.start_time_seconds),
      family("openclaw_process_open_fds", "Number of open file descriptors", MetricType::Gauge,
             stats.open_fds),
      family("openclaw_process_max_fds", "Maximum number of open file descriptors",
             MetricType::Gauge, stats.max_fds),
  };
}

}  // namespace openclaw::server
