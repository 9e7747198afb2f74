// Fuzzes the provisioning spec parser (provision/spec.cpp: YAML or JSON via yaml-cpp ->
// tree -> normalize_spec_tree -> build and validate), through load_spec as
// `openclaw-provision` calls it, on a spec file written to a scratch directory (the parser
// only reads files). Invariants beyond "no crash, no hang":
//  - a refusal has a message, and the message never repeats an inline secret of the spec
//    (gateway.auth.token / password, providers.*.apiKey: any "token", "password" or
//    "apiKey" string of 8+ bytes);
//  - an accepted spec is well formed (ports in range, a fingerprint) and loading the same
//    file again gives the same fingerprint (the digest shown in metrics must be stable).
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "provision/spec.h"
#include "fuzz_support.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

[[noreturn]] void violated(const char* what, std::string_view detail) {
  openclaw::fuzz::report_violation("provision_spec_fuzz", what, detail);
}

struct Scratch {
  openclaw::fuzz::ScratchDir scratch{"openclaw-spec-fuzz"};
  const fs::path& dir = scratch.path();
  fs::path spec_path = dir / "spec.yaml";
};

void collect_secrets(const json& tree, std::vector<std::string>& secrets) {
  if (tree.is_object()) {
    for (const auto& [key, value] : tree.items()) {
      if ((key == "token" || key == "password" || key == "apiKey") && value.is_string() &&
          value.get_ref<const std::string&>().size() >= 8) {
        secrets.push_back(value.get<std::string>());
      }
      collect_secrets(value, secrets);
    }
  } else if (tree.is_array()) {
    for (const auto& item : tree) collect_secrets(item, secrets);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Scratch scratch;
  {
    std::ofstream out(scratch.spec_path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  openclaw::provision::SpecSources sources;
  sources.spec_file = scratch.spec_path;
  const openclaw::Environment environment;
  auto spec = openclaw::provision::load_spec(sources, environment);
  if (!spec) {
    const std::string& message = spec.error().message;
    if (message.empty()) violated("refusal without a message", "");
    std::vector<std::string> secrets;
    if (auto tree = openclaw::provision::read_spec_file(scratch.spec_path)) collect_secrets(*tree, secrets);
    for (const std::string& secret : secrets) {
      if (message.find(secret) != std::string::npos) violated("an error message repeats an inline secret", message);
    }
    return 0;
  }
  if (spec->port < 1 || spec->port > 65535) violated("accepted an out-of-range port", std::to_string(spec->port));
  if (spec->metrics && (spec->metrics->port < 1 || spec->metrics->port > 65535)) {
    violated("accepted an out-of-range metrics port", std::to_string(spec->metrics->port));
  }
  if (spec->fingerprint.empty()) violated("accepted spec without a fingerprint", "");
  auto again = openclaw::provision::load_spec(sources, environment);
  if (!again) violated("the same spec was refused the second time", again.error().message);
  if (again->fingerprint != spec->fingerprint) violated("the fingerprint is not stable", spec->fingerprint);
  return 0;
}
