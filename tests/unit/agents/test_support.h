// Shared fixtures for the agents tests: a scratch state directory, configs with declared
// agents, and a per-process file size limit that makes writes fail even for root.
#pragma once

#include <sys/resource.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/config/model.h"
#include "core/state/layout.h"

namespace openclaw::agents::testing {

class ScratchStateDir {
 public:
  ScratchStateDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "oc-agents-XXXXXX").string();
    const char* made = ::mkdtemp(pattern.data());
    root_ = made ? std::filesystem::path(made) : std::filesystem::path();
  }
  ScratchStateDir(const ScratchStateDir&) = delete;
  ScratchStateDir& operator=(const ScratchStateDir&) = delete;
  ~ScratchStateDir() {
    std::error_code ignored;
    if (!root_.empty()) std::filesystem::remove_all(root_, ignored);
  }

  const std::filesystem::path& root() const { return root_; }
  state::StateLayout layout() const { return state::StateLayout(root_); }

  // Writes `content` at `relative`, creating the directories above it.
  void write(const std::filesystem::path& relative, std::string_view content) const {
    const auto path = root_ / relative;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary | std::ios::trunc) << content;
  }

  std::string read(const std::filesystem::path& relative) const {
    std::ifstream in(root_ / relative, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }

 private:
  std::filesystem::path root_;
};

// The lines of a text file, without their newlines (a last line without one included).
inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// A config declaring `ids` (the first is the default agent).
inline config::Config config_with_agents(const std::vector<std::string>& ids) {
  config::Config config;
  for (const auto& id : ids) {
    config::AgentEntry entry;
    entry.id = id;
    entry.is_default = config.agents.list.empty();
    config.agents.list.push_back(entry);
  }
  return config;
}

// While alive, no file this process writes may grow beyond `bytes` (RLIMIT_FSIZE): the write
// that would cross it is cut short or fails with EFBIG. Stands in for a full disk, which
// root's permission bypass makes hard to fake otherwise.
class WriteSizeCap {
 public:
  explicit WriteSizeCap(rlim_t bytes) : old_handler_(std::signal(SIGXFSZ, SIG_IGN)) {
    ::getrlimit(RLIMIT_FSIZE, &original_);
    rlimit capped = original_;
    capped.rlim_cur = bytes;
    ::setrlimit(RLIMIT_FSIZE, &capped);
  }
  WriteSizeCap(const WriteSizeCap&) = delete;
  WriteSizeCap& operator=(const WriteSizeCap&) = delete;
  ~WriteSizeCap() {
    ::setrlimit(RLIMIT_FSIZE, &original_);
    std::signal(SIGXFSZ, old_handler_);
  }

 private:
  void (*old_handler_)(int);
  rlimit original_{};
};

}  // namespace openclaw::agents::testing
