#include "cli/status/service_units.h"

#include <algorithm>
#include <fstream>

#include "cli/service/systemd_host.h"

namespace openclaw::cli::status {
namespace {

constexpr std::string_view kUnitPrefix = "openclaw-gateway";
constexpr std::string_view kUnitSuffix = ".service";

std::string read_exec_start(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::string line;
  std::string exec_start;
  while (std::getline(in, line)) {
    const auto first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line.compare(first, 10, "ExecStart=") != 0) continue;
    // The last assignment wins in systemd; an empty one resets the list.
    exec_start = line.substr(first + 10);
  }
  return exec_start;
}

}  // namespace

std::vector<UnitDirectory> default_unit_directories(const Environment& env) {
  std::vector<UnitDirectory> directories;
  auto add = [&directories](std::string scope, std::filesystem::path path) {
    for (const auto& known : directories) {
      if (known.path == path) return;
    }
    directories.push_back({std::move(scope), std::move(path)});
  };
  // The directories `gateway install` writes to (honouring OPENCLAW_SYSTEMD_DIR), plus the
  // distribution's unit directory when the real ones are in use.
  if (auto system = service::unit_directory(service::Scope::System, env)) add("system", *system);
  if (!env.get_non_empty("OPENCLAW_SYSTEMD_DIR")) add("system", "/lib/systemd/system");
  if (auto user = service::unit_directory(service::Scope::User, env)) add("user", *user);
  return directories;
}

bool is_gateway_unit_name(const std::string& file_name) {
  if (!file_name.starts_with(kUnitPrefix) || !file_name.ends_with(kUnitSuffix)) return false;
  const std::string_view middle =
      std::string_view(file_name).substr(kUnitPrefix.size(), file_name.size() - kUnitPrefix.size() - kUnitSuffix.size());
  return middle.empty() || (middle.size() > 1 && middle.front() == '-');
}

std::vector<ServiceUnit> find_gateway_units(const std::vector<UnitDirectory>& directories) {
  std::vector<ServiceUnit> units;
  for (const auto& directory : directories) {
    std::vector<ServiceUnit> found;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(directory.path, ec)) {
      const std::string name = entry.path().filename().string();
      if (!is_gateway_unit_name(name)) continue;
      found.push_back({name, directory.scope, entry.path(), read_exec_start(entry.path())});
    }
    std::sort(found.begin(), found.end(), [](const ServiceUnit& a, const ServiceUnit& b) { return a.label < b.label; });
    units.insert(units.end(), found.begin(), found.end());
  }
  return units;
}

nlohmann::json to_json(const ServiceUnit& unit) {
  std::string detail = "unit: " + unit.path.string();
  if (!unit.exec_start.empty()) detail += ", ExecStart: " + unit.exec_start;
  return {{"label", unit.label}, {"scope", unit.scope}, {"detail", detail}};
}

}  // namespace openclaw::cli::status
