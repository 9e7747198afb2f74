#include <gtest/gtest.h>
#include <unistd.h>

#include "cli/doctor/lock_checks.h"
#include "doctor_test_state.h"

namespace openclaw::cli::doctor {
namespace {

using testing::TestState;

constexpr std::int64_t kNow = 1'770'984'240'000;  // 2026-02-13T12:04:00Z
constexpr auto kStale = std::chrono::minutes(30);

bool nobody_alive(pid_t) { return false; }
bool everybody_alive(pid_t) { return true; }

TEST(DoctorLockChecks, FormatsAgesLikeUpstream) {
  EXPECT_EQ(format_age(42'000), "42s");
  EXPECT_EQ(format_age(187'000), "3m7s");
  EXPECT_EQ(format_age(7'500'000), "2h5m");
  EXPECT_EQ(format_age(-5), "0s");
}

TEST(DoctorLockChecks, DeadPidMakesALockStale) {
  TestState state;
  const auto path = state.layout().sessions_dir("main") / "a.jsonl.lock";
  state.write(path, R"({"pid": 4242, "createdAt": "2026-02-13T12:03:00.000Z"})");
  const auto lock = inspect_lock(path, kNow, kStale, nobody_alive);
  ASSERT_TRUE(lock.pid);
  EXPECT_EQ(*lock.pid, 4242);
  ASSERT_TRUE(lock.age_ms);
  EXPECT_EQ(*lock.age_ms, 60'000);
  EXPECT_EQ(lock.stale_reasons, std::vector<std::string>{"dead-pid"});
}

TEST(DoctorLockChecks, OldLockOfALiveProcessIsStaleToo) {
  TestState state;
  const auto path = state.layout().sessions_dir("main") / "a.jsonl.lock";
  state.write(path, R"({"pid": 4242, "createdAt": "2026-02-13T10:00:00Z"})");
  const auto lock = inspect_lock(path, kNow, kStale, everybody_alive);
  EXPECT_TRUE(lock.pid_alive);
  EXPECT_EQ(lock.stale_reasons, std::vector<std::string>{"too-old"});
}

TEST(DoctorLockChecks, FreshLockOfALiveProcessIsNotStale) {
  TestState state;
  const auto path = state.layout().sessions_dir("main") / "a.jsonl.lock";
  state.write(path, R"({"pid": 4242, "createdAt": "2026-02-13T12:03:59.500Z"})");
  EXPECT_FALSE(inspect_lock(path, kNow, kStale, everybody_alive).stale());
}

TEST(DoctorLockChecks, LockWithoutPidIsStaleOnlyWhenOld) {
  TestState state;
  const auto path = state.layout().sessions_dir("main") / "a.jsonl.lock";
  state.write(path, "garbage");
  // Just written: its mtime is now.
  const std::int64_t written = std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count();
  const auto fresh = inspect_lock(path, written + 1000, kStale, everybody_alive);
  EXPECT_FALSE(fresh.stale());
  const auto old = inspect_lock(path, written + 31 * 60 * 1000, kStale, everybody_alive);
  EXPECT_EQ(old.stale_reasons, (std::vector<std::string>{"missing-pid", "too-old"}));
}

TEST(DoctorLockChecks, FixRemovesOnlyLocksOfDeadProcesses) {
  TestState state;
  const auto sessions = state.layout().sessions_dir("main");
  // A pid far above pid_max is never alive; our own pid always is.
  state.write(sessions / "dead.jsonl.lock",
              R"({"pid": 2147483000, "createdAt": "2026-02-13T12:03:00Z"})");
  state.write(sessions / "old.jsonl.lock", R"({"pid": )" + std::to_string(::getpid()) +
                                               R"(, "createdAt": "2020-01-01T00:00:00Z"})");
  state.write(sessions / "transcript.jsonl", "{}\n");

  DoctorOptions options;
  options.now_ms = kNow;
  Findings reported;
  check_session_locks(state.inputs(), options, reported);
  ASSERT_EQ(reported.count(Severity::Warn), 2u);
  EXPECT_TRUE(std::filesystem::exists(sessions / "dead.jsonl.lock"));

  options.fix = true;
  Findings fixed;
  check_session_locks(state.inputs(), options, fixed);
  std::size_t removed = 0;
  for (const auto& finding : fixed.all()) {
    if (finding.id != "session.lock.stale") continue;
    if (finding.message.find("dead.jsonl.lock") != std::string::npos) {
      EXPECT_TRUE(finding.fixed);
      EXPECT_NE(finding.message.find("(dead)"), std::string::npos);
      ++removed;
    } else {
      EXPECT_FALSE(finding.fixable);
      EXPECT_NE(finding.message.find("(alive)"), std::string::npos);
      EXPECT_NE(finding.message.find("too-old"), std::string::npos);
    }
  }
  EXPECT_EQ(removed, 1u);
  EXPECT_FALSE(std::filesystem::exists(sessions / "dead.jsonl.lock"));
  EXPECT_TRUE(std::filesystem::exists(sessions / "old.jsonl.lock"));
  EXPECT_TRUE(std::filesystem::exists(sessions / "transcript.jsonl"));
}

TEST(DoctorLockChecks, NoLocksIsOk) {
  TestState state;
  Findings findings;
  check_session_locks(state.inputs(), DoctorOptions{}, findings);
  EXPECT_NE(findings.find("session.locks"), nullptr);
}

}  // namespace
}  // namespace openclaw::cli::doctor
