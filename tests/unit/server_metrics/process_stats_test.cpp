#include "server/metrics/process_stats.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <ctime>

namespace openclaw::server {
namespace {

// A real /proc/<pid>/stat line, with a command name that contains ") (" to show fields are
// counted from the last parenthesis.
constexpr std::string_view kStat =
    "4242 (open) (claw) S 1 4242 4242 0 -1 4194560 2851 0 0 0 250 50 0 0 20 0 9 0 1000 "
    "123456789 3000 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0\n";

TEST(ParseProcStat, ReadsCpuMemoryAndStartTime) {
  auto stats = parse_proc_stat(kStat, 100, 4096, 1'700'000'000);
  ASSERT_TRUE(stats.has_value());
  EXPECT_DOUBLE_EQ(stats->cpu_seconds, 3.0);  // (250 + 50) / 100
  EXPECT_DOUBLE_EQ(stats->start_time_seconds, 1'700'000'010.0);
  EXPECT_DOUBLE_EQ(stats->virtual_memory_bytes, 123456789.0);
  EXPECT_DOUBLE_EQ(stats->resident_memory_bytes, 3000.0 * 4096);
}

TEST(ParseProcStat, RejectsTextWithoutTheKernelsLayout) {
  EXPECT_FALSE(parse_proc_stat("", 100, 4096, 0).has_value());
  EXPECT_FALSE(parse_proc_stat("4242 (claw) S 1 2 3", 100, 4096, 0).has_value());
  EXPECT_FALSE(
      parse_proc_stat("4242 claw S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22", 100,
                      4096, 0)
          .has_value());
  EXPECT_FALSE(parse_proc_stat(kStat, 0, 4096, 0).has_value());
}

TEST(ReadProcessStats, DescribesThisProcess) {
  const ProcessStats stats = read_process_stats();
  EXPECT_GT(stats.resident_memory_bytes, 1024.0 * 1024);  // a test binary uses more than 1 MiB
  EXPECT_GE(stats.open_fds, 3.0);                         // stdin, stdout, stderr
  EXPECT_GT(stats.max_fds, stats.open_fds);
  const double now = static_cast<double>(std::time(nullptr));
  EXPECT_LE(stats.start_time_seconds, now + 1);
  EXPECT_GT(stats.start_time_seconds, now - 3600);  // started within the hour
}

}  // namespace
}  // namespace openclaw::server
