// A state directory laid out as openclaw-provision leaves it (every required directory 0700,
// openclaw.json 0600), in a scratch directory, for the doctor tests.
#pragma once

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "../config/temp_dir.h"
#include "cli/doctor/doctor_inputs.h"
#include "core/state/layout.h"

namespace openclaw::cli::doctor::testing {

class TestState {
 public:
  TestState() : layout_(scratch_.path() / "state") {
    for (const auto& directory : layout_.required_directories({"main"})) {
      std::filesystem::create_directories(directory);
      ::chmod(directory.c_str(), 0700);
    }
    write_config(
        R"({"gateway": {"mode": "local", "bind": "loopback", "auth": {"mode": "token", "token": "t0ken-0123456789"}}})");
  }

  const state::StateLayout& layout() const { return layout_; }
  std::filesystem::path root() const { return layout_.root(); }

  void write_config(const std::string& text) const { write(layout_.config_file(), text); }

  void write(const std::filesystem::path& path, const std::string& text, mode_t mode = 0600) const {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
    ::chmod(path.c_str(), mode);
  }

  DoctorInputs inputs(const Environment& environment = Environment{}) const {
    return gather_inputs(layout_, layout_.config_file(), environment);
  }

 private:
  config::testing::TempDir scratch_;
  state::StateLayout layout_;
};

inline mode_t mode_of(const std::filesystem::path& path) {
  struct stat info {};
  ::lstat(path.c_str(), &info);
  return info.st_mode & 0777;
}

inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace openclaw::cli::doctor::testing
