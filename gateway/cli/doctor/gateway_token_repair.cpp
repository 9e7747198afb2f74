#include "cli/doctor/gateway_token_repair.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "cli/doctor/file_repairs.h"
#include "core/config/config_edit.h"
#include "core/config/config_snapshot.h"
#include "core/config/secret_ref.h"
#include "core/crypto/fingerprint.h"
#include "core/crypto/random.h"
#include "core/state/atomic_file.h"
#include "core/state/file_reader.h"
#include "core/util/text.h"

namespace openclaw::cli::doctor {
namespace {

using nlohmann::json;

json& object_member(json& parent, const char* key) {
  if (!parent.contains(key) || !parent[key].is_object()) parent[key] = json::object();
  return parent[key];
}

// The token already in credentials/gateway-token, or nullopt when there is none.
Result<std::optional<std::string>> existing_token(const std::filesystem::path& file) {
  auto text = state::read_file_limited(file, 64 * 1024);
  if (!text) {
    if (text.error().not_found()) return std::optional<std::string>{};
    return fail("cannot read " + file.string() + ": " + text.error().reason);
  }
  const std::string token(trim(*text));
  if (token.empty()) return std::optional<std::string>{};
  return std::optional<std::string>(token);
}

}  // namespace

Result<std::string> install_generated_gateway_token(const DoctorInputs& inputs) {
  const auto snapshot = config::read_config_snapshot(inputs.config_path, inputs.environment);
  if (!snapshot.valid)
    return fail("the config does not load; fix it first (see the Config section)");
  if (snapshot.raw && snapshot.raw->find("$include") != std::string::npos) {
    return fail(inputs.config_path.string() +
                " uses $include; set gateway.auth.token in the file that holds "
                "the gateway section");
  }

  json candidate = snapshot.parsed.is_object() ? snapshot.parsed : json::object();
  const auto token_file = inputs.layout.gateway_token();
  const std::string provider(config::kGatewayTokenProvider);
  const json provider_entry = config::single_value_file_provider(token_file);
  json& providers = object_member(object_member(candidate, "secrets"), "providers");
  if (providers.contains(provider) && providers[provider] != provider_entry) {
    return fail("secrets.providers." + provider +
                " already exists and points elsewhere; not replacing it");
  }
  providers[provider] = provider_entry;
  json& auth = object_member(object_member(candidate, "gateway"), "auth");
  auth["mode"] = "token";
  auth["token"] = config::single_value_file_ref(provider);
  // Validate before the token file exists, so a rejected edit leaves nothing behind.
  auto text = config::render_config_text(candidate);
  if (!text) return std::unexpected(text.error());
  if (auto check = config::load_config_text(*text, inputs.config_path, inputs.environment);
      !check) {
    return fail("the repaired config would not validate: " + check.error().message);
  }

  auto current = existing_token(token_file);
  if (!current) return std::unexpected(current.error());
  const auto owner = owner_for_new_files(inputs.layout.root());
  std::string token;
  if (*current) {
    token = **current;  // never overwritten: clients may already hold it
  } else {
    auto generated = crypto::random_hex(crypto::kGatewayTokenBytes);
    if (!generated) return std::unexpected(generated.error());
    token = *generated;
    if (!std::filesystem::is_directory(inputs.layout.credentials_dir())) {
      if (auto made = create_private_directory(inputs.layout.credentials_dir(), owner); !made) {
        return std::unexpected(made.error());
      }
    }
    if (auto written =
            state::write_file_atomically(token_file, token + "\n", {state::kFileMode, owner});
        !written) {
      return std::unexpected(written.error());
    }
  }

  auto written = config::write_config(snapshot, candidate, inputs.environment);
  if (!written) return fail(written.error().message);
  // A config doctor created (there was none) belongs to the state directory's owner too.
  if (!snapshot.exists && owner && ::chown(written->path.c_str(), owner->uid, owner->gid) != 0) {
    return fail("cannot hand " + written->path.string() + " to uid " + std::to_string(owner->uid) +
                ": " + std::strerror(errno));
  }
  return crypto::token_fingerprint(token);
}

}  // namespace openclaw::cli::doctor
