// `openclaw runtime-check` and `openclaw-provision runtime-check`: prove that a (static)
// binary can do, in the root it runs in, the two things a FROM-scratch image most often cannot: resolve a host name and load a CA
// bundle for TLS. Operators run it inside the container when outbound TLS fails.
#pragma once

#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "core/util/environment.h"

namespace openclaw::runtime {

struct RuntimeCheckOptions {
  std::string host = "localhost";
  // Explicit CA bundle; otherwise $SSL_CERT_FILE, otherwise the Debian path.
  std::optional<std::filesystem::path> ca_file;
  bool json = false;
};

// Prints what was found; returns 0 when the name resolved and the bundle loaded, else 1.
int run_runtime_check(const RuntimeCheckOptions& options, const Environment& environment,
                      std::ostream& out);

// The command: parses `[--host NAME] [--ca-file PATH] [--json]` and runs the check.
// Returns 0 when both checks pass, 1 when one fails, 2 on a bad option.
int runtime_check_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// One line for a usage text.
inline constexpr const char* kRuntimeCheckUsage =
    "  runtime-check [--host NAME] [--ca-file PATH] [--json]\n"
    "                 check that this binary can resolve NAME (default localhost) and load\n"
    "                 the CA bundle (--ca-file, else $SSL_CERT_FILE, else the Debian path)\n";

}  // namespace openclaw::runtime
