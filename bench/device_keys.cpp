#include "device_keys.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "core/crypto/encoding.h"

namespace openclaw::bench {

Result<std::vector<crypto::KeyPair>> load_or_create_device_keys(const std::string& path, std::size_t count) {
  std::vector<crypto::KeyPair> keys;
  keys.reserve(count);
  if (!path.empty()) {
    std::ifstream in(path);
    std::string line;
    std::size_t line_number = 0;
    while (keys.size() < count && std::getline(in, line)) {
      ++line_number;
      if (line.empty()) continue;
      auto seed = crypto::hex_decode(line);
      if (!seed || seed->size() != crypto::kEd25519SeedSize) {
        return fail(path + ":" + std::to_string(line_number) + ": not a 64-hex-digit Ed25519 seed");
      }
      auto key = crypto::KeyPair::from_seed(*seed);
      if (!key) return fail(path + ":" + std::to_string(line_number) + ": " + key.error().message);
      keys.push_back(std::move(*key));
    }
  }
  std::string appended;
  while (keys.size() < count) {
    auto key = crypto::KeyPair::generate();
    if (!key) return fail("cannot generate a device key: " + key.error().message);
    appended += crypto::hex_encode(key->private_key_seed()) + "\n";
    keys.push_back(std::move(*key));
  }
  if (!path.empty() && !appended.empty()) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0) return fail("cannot write " + path + ": " + std::strerror(errno));
    const auto written = ::write(fd, appended.data(), appended.size());
    const bool complete = written == static_cast<ssize_t>(appended.size());
    ::close(fd);
    if (!complete) return fail("cannot write " + path + ": short write");
  }
  return keys;
}

}  // namespace openclaw::bench
