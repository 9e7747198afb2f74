// Shared fixtures for the pairing tests: a scratch state directory and devices with real
// Ed25519 keys.
#pragma once

#include <sys/resource.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "core/crypto/ed25519.h"
#include "core/pairing/pending_request.h"
#include "core/state/layout.h"

namespace openclaw::pairing::testing {

class TempStateDir {
 public:
  TempStateDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "oc-pairing-XXXXXX").string();
    char* made = ::mkdtemp(pattern.data());
    path_ = made != nullptr ? std::filesystem::path(made) : std::filesystem::path();
  }
  TempStateDir(const TempStateDir&) = delete;
  TempStateDir& operator=(const TempStateDir&) = delete;
  ~TempStateDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }

  const std::filesystem::path& path() const { return path_; }
  state::StateLayout layout() const { return state::StateLayout(path_); }

  // Writes `content` to `relative` (creating parent directories), bypassing the store.
  void write(const std::string& relative, std::string_view content) const {
    auto file = path_ / relative;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << content;
  }

  std::string read(const std::string& relative) const {
    std::ifstream in(path_ / relative, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  bool exists(const std::string& relative) const { return std::filesystem::exists(path_ / relative); }

 private:
  std::filesystem::path path_;
};

// A client device with its own key.
struct TestDevice {
  crypto::KeyPair key = *crypto::KeyPair::generate();

  std::string id() const { return key.device_id(); }

  PairingRequest request(std::string role = "operator", std::vector<std::string> scopes = {}) const {
    PairingRequest request;
    request.device_id = key.device_id();
    request.public_key_base64url = key.public_key_base64url();
    request.role = std::move(role);
    request.scopes = std::move(scopes);
    return request;
  }
};

// While alive, files this process writes may not exceed `bytes` (RLIMIT_FSIZE): a write
// beyond fails with EFBIG. Works for root, unlike permission bits.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    ::getrlimit(RLIMIT_FSIZE, &saved_);
    previous_handler_ = std::signal(SIGXFSZ, SIG_IGN);
    rlimit limited = saved_;
    limited.rlim_cur = bytes;
    ::setrlimit(RLIMIT_FSIZE, &limited);
  }
  FileSizeLimit(const FileSizeLimit&) = delete;
  FileSizeLimit& operator=(const FileSizeLimit&) = delete;
  ~FileSizeLimit() {
    ::setrlimit(RLIMIT_FSIZE, &saved_);
    std::signal(SIGXFSZ, previous_handler_);
  }

 private:
  rlimit saved_{};
  void (*previous_handler_)(int) = SIG_DFL;
};

}  // namespace openclaw::pairing::testing
