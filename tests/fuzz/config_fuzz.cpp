// Fuzzes the whole openclaw.json pipeline (core/config load_config_text: JSON5 parse,
// $include, env.vars, ${VAR} substitution, schema validation, typed model) and the
// redaction of secrets that config.get and `openclaw config get` apply to the same text.
// The file would live in a scratch directory holding one includable file ("base.json5"),
// with a fixed environment (OPENCLAW_GATEWAY_TOKEN, OPENAI_API_KEY, HOME).
// Invariants beyond "no crash, no hang":
//  - a refusal is Parse, Include or Invalid (never NotFound/Unreadable: nothing was read) and
//    carries a message; Invalid lists at least one error;
//  - an accepted config, written back as JSON (its resolved tree), is accepted again with
//    the same resolved tree (when it holds no '$', which substitution would read again);
//  - redaction: redacting again finds nothing but markers; restore_redacted puts every one
//    back; redact_raw_text parses to exactly redact_config of the tree (its documented
//    promise, which keeps a secret from leaking through an odd spelling).
#include <unistd.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/config/loader.h"
#include "core/config/redaction.h"
#include "core/json5/json5.h"
#include "core/util/environment.h"
#include "fuzz_support.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

[[noreturn]] void violated(const char* what, std::string_view detail) {
  openclaw::fuzz::report_violation("config_fuzz", what, detail);
}

struct Scratch {
  openclaw::fuzz::ScratchDir scratch{"openclaw-config-fuzz"};
  const fs::path& dir = scratch.path();
  fs::path config_path;
  openclaw::Environment env;

  Scratch() {
    config_path = dir / "openclaw.json";
    std::ofstream(dir / "base.json5") << "{ gateway: { port: 18789, mode: 'local' }, // base\n"
                                         "  agents: { defaults: { workspace: '~/work' } } }\n";
    env.set("OPENCLAW_GATEWAY_TOKEN", "fuzz-env-token-0123456789abcdef");
    env.set("OPENAI_API_KEY", "sk-fuzz-0123456789");
    env.set("HOME", dir.string());
  }
};

Scratch& scratch() {
  static Scratch instance;
  return instance;
}

// True when `value` holds a NaN or infinity anywhere: NaN != NaN, and JSON writes both as
// null, so equality checks say nothing about such trees.
bool has_non_finite(const json& value) {
  if (value.is_number_float()) return !std::isfinite(value.get<double>());
  if (value.is_structured()) {
    for (const auto& item : value) {
      if (has_non_finite(item)) return true;
    }
  }
  return false;
}

void check_redaction(std::string_view text, const json& parsed) {
  const json redacted = openclaw::config::redact_config(parsed);
  // Every value redaction would hide is already the marker (a secret value may well equal
  // some harmless value elsewhere, so searching the tree for it would prove nothing).
  for (const std::string& secret : openclaw::config::collect_secret_values(redacted)) {
    if (secret != openclaw::config::kRedactedMarker) violated("a secret survived redact_config", redacted.dump());
  }
  auto restored = openclaw::config::restore_redacted(redacted, parsed);
  // A tree that already holds the marker as data cannot always be restored; that is the
  // documented refusal, not a bug.
  if (restored && *restored != parsed) violated("restore_redacted did not give the original back", parsed.dump());
  if (!restored && parsed.dump().find(openclaw::config::kRedactedMarker) == std::string::npos) {
    violated("restore_redacted refused a tree without the marker", restored.error().message);
  }
  const std::string redacted_text = openclaw::config::redact_raw_text(text, parsed);
  auto reparsed = openclaw::json5::parse(redacted_text);
  if (!reparsed) violated("redact_raw_text output does not parse", reparsed.error().message + "\n" + redacted_text);
  if (*reparsed != redacted) violated("redact_raw_text differs from redact_config", redacted_text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Scratch& where = scratch();
  std::string text(reinterpret_cast<const char*>(data), size);

  if (auto parsed = openclaw::json5::parse(text); parsed && !has_non_finite(*parsed)) check_redaction(text, *parsed);

  auto loaded = openclaw::config::load_config_text(text, where.config_path, where.env);
  if (!loaded) {
    using openclaw::config::LoadErrorKind;
    const auto& error = loaded.error();
    if (error.kind == LoadErrorKind::NotFound || error.kind == LoadErrorKind::Unreadable) {
      violated("in-memory text reported as unreadable", error.message);
    }
    if (error.message.empty()) violated("refusal without a message", text);
    if (error.kind == LoadErrorKind::Invalid && error.errors.empty()) violated("Invalid without errors", error.message);
    return 0;
  }
  const std::string resolved = loaded->resolved.dump();
  if (resolved.find('$') != std::string::npos || has_non_finite(loaded->resolved)) return 0;
  auto again = openclaw::config::load_config_text(resolved, where.config_path, where.env);
  if (!again) violated("the resolved form of an accepted config is refused", again.error().message + "\n" + resolved);
  if (again->resolved != loaded->resolved) violated("reloading the resolved form changed it", resolved);
  return 0;
}
