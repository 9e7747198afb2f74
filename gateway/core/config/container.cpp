#include "core/config/container.h"

#include <string_view>
#include <system_error>

#include "core/state/file_reader.h"

namespace openclaw::config {

bool detect_container(const std::filesystem::path& root) {
  for (std::string_view marker : {".dockerenv", "run/.containerenv", "var/run/.containerenv"}) {
    std::error_code ec;
    if (std::filesystem::exists(root / marker, ec)) return true;
  }
  // /proc files report size 0, so the limit only guards against a runaway fake file.
  auto cgroup = state::read_file_limited(root / "proc/1/cgroup", 1024 * 1024);
  if (!cgroup) return false;
  for (std::string_view runtime : {"docker", "containerd", "kubepods", "lxc"}) {
    if (cgroup->find(runtime) != std::string::npos) return true;
  }
  return false;
}

}  // namespace openclaw::config
