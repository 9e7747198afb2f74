// What every fuzz target here shares: how an invariant failure is reported (abort, so
// libFuzzer keeps the input), and a scratch directory for targets whose code writes files.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>

namespace openclaw::fuzz {

// Prints "<target> invariant violated: <what>" and the detail, then aborts.
[[noreturn]] inline void report_violation(std::string_view target, const char* what, std::string_view detail) {
  std::fprintf(stderr, "%.*s invariant violated: %s\n%.*s\n", static_cast<int>(target.size()), target.data(), what,
               static_cast<int>(detail.size()), detail.data());
  std::abort();
}

// A fresh directory named <prefix>-XXXXXX, removed with everything in it on destruction.
// It is made in memory (/dev/shm) when that exists: the code under test fsyncs what it
// writes, and on a busy disk that, not the code, would set the pace of the fuzzer.
class ScratchDir {
 public:
  explicit ScratchDir(std::string_view prefix) {
    std::error_code error;
    const std::filesystem::path base = std::filesystem::is_directory("/dev/shm", error) &&
                                               ::access("/dev/shm", W_OK) == 0
                                           ? std::filesystem::path("/dev/shm")
                                           : std::filesystem::temp_directory_path();
    std::string pattern = (base / (std::string(prefix) + "-XXXXXX")).string();
    if (!::mkdtemp(pattern.data())) std::abort();
    path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace openclaw::fuzz
