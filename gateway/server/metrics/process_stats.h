// The process's own resource use, read from /proc/self when the metrics are scraped (the
// numbers Prometheus' standard process collector reports, under openclaw_process_*).
#pragma once

#include <prometheus/metric_family.h>

#include <optional>
#include <string_view>
#include <vector>

namespace openclaw::server {

struct ProcessStats {
  double resident_memory_bytes = 0;
  double virtual_memory_bytes = 0;
  double cpu_seconds = 0;         // user + system
  double start_time_seconds = 0;  // Unix time the process started
  double open_fds = 0;
  double max_fds = 0;  // soft RLIMIT_NOFILE
};

// Parses the text of /proc/<pid>/stat. `clock_ticks_per_second` is sysconf(_SC_CLK_TCK),
// `page_size` sysconf(_SC_PAGESIZE), `boot_time_seconds` the "btime" line of /proc/stat.
// Fills resident/virtual memory, CPU seconds and start time; nullopt when the text does not
// have the kernel's layout (the command name in parentheses may itself hold spaces and
// parentheses, so fields are counted from the last ')').
std::optional<ProcessStats> parse_proc_stat(std::string_view stat, long clock_ticks_per_second,
                                            long page_size, double boot_time_seconds);

// The current process's numbers; fields that cannot be read stay 0 (a scrape must never
// fail because /proc is not mounted).
ProcessStats read_process_stats();

// The families for `stats`: openclaw_process_resident_memory_bytes,
// openclaw_process_virtual_memory_bytes, openclaw_process_cpu_seconds_total (counter),
// openclaw_process_start_time_seconds, openclaw_process_open_fds, openclaw_process_max_fds.
std::vector<prometheus::MetricFamily> process_metric_families(const ProcessStats& stats);

}  // namespace openclaw::server
