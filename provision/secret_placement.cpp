#include "provision/secret_placement.h"

#include "core/config/secret_ref.h"
#include "core/crypto/random.h"
#include "core/state/file_reader.h"

namespace openclaw::provision {
namespace {

using nlohmann::json;

std::string trim_trailing_newlines(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

json env_ref(const std::string& variable) {
  return {{"source", "env"}, {"provider", config::kDefaultSecretProvider}, {"id", variable}};
}

// Reads a secret the operator keeps in a file through the gateway's own resolver, so the
// provisioner and the gateway agree byte for byte on what the secret is. The error names the
// field and the file, never its content.
Result<std::string> read_secret_file(const std::filesystem::path& path, const std::string& provider_name,
                                     const std::string& field) {
  const json secrets = {{"providers", {{provider_name, config::single_value_file_provider(path)}}}};
  const config::SecretRef ref{config::SecretSource::File, provider_name,
                              std::string(config::kSingleValueFileRefId)};
  auto value = config::resolve_secret(ref, secrets, Environment{});
  if (!value) return fail(field + ": " + value.error().message);
  if (value->find_first_not_of(" \t\r\n") == std::string::npos) return fail(field + ": " + path.string() + " is empty");
  return *value;
}

Result<PlacedSecret> place_from_source(const SecretSource& source, const std::string& field,
                                       const std::string& provider_name,
                                       const Environment& environment) {
  PlacedSecret placed;
  if (source.file) {
    auto value = read_secret_file(*source.file, provider_name, field + "File");
    if (!value) return std::unexpected(value.error());
    placed.value = *value;
    placed.config_value = config::single_value_file_ref(provider_name);
    placed.secrets_provider = {provider_name, config::single_value_file_provider(*source.file)};
    placed.source_description = "file " + source.file->string();
    return placed;
  }
  if (source.env) {
    auto value = environment.get_non_empty(*source.env);
    if (!value) {
      return fail(field + "Env: environment variable " + *source.env + " is not set or empty");
    }
    placed.value = *value;
    placed.config_value = env_ref(*source.env);
    placed.source_description = "env " + *source.env;
    return placed;
  }
  placed.value = *source.value;
  placed.config_value = *source.value;
  placed.source_description = "inline in openclaw.json";
  return placed;
}

}  // namespace

Result<PlacedSecret> place_gateway_token(const ProvisionSpec& spec, const state::StateLayout& layout,
                                         const ExistingSecrets& existing,
                                         const Environment& environment, bool rotate) {
  if (spec.token.is_set()) {
    if (rotate) {
      std::string where = spec.token.file ? "the file " + spec.token.file->string()
                          : spec.token.env ? "the environment variable " + *spec.token.env
                                           : "the spec (inline)";
      return fail("gateway.auth.token: the token comes from " + where +
                  "; rotate it there and run apply again");
    }
    return place_from_source(spec.token, "gateway.auth.token", "gateway-token", environment);
  }

  // Generated token: keep the one already provisioned, wherever it was kept.
  PlacedSecret placed;
  placed.generated = true;
  std::optional<std::string> current;
  if (existing.gateway_token_file_content) {
    auto trimmed = trim_trailing_newlines(*existing.gateway_token_file_content);
    if (!trimmed.empty()) current = trimmed;
  }
  if (!current && existing.inline_config_token && !existing.inline_config_token->empty()) {
    current = existing.inline_config_token;
  }
  if (current && !rotate) {
    placed.value = *current;
  } else {
    auto token = crypto::random_hex(crypto::kGatewayTokenBytes);
    if (!token) return fail("gateway.auth.token: " + token.error().message);
    placed.value = *token;
  }
  if (spec.token_storage == "inline") {
    if (!spec.allow_plaintext_secrets) {
      return fail("gateway.auth.tokenStorage: inline needs allowPlaintextSecrets: true");
    }
    placed.config_value = placed.value;
    placed.source_description = "generated, inline in openclaw.json";
    return placed;
  }
  placed.credentials_file = layout.gateway_token();
  placed.config_value = config::single_value_file_ref(config::kGatewayTokenProvider);
  placed.secrets_provider = {std::string(config::kGatewayTokenProvider),
                             config::single_value_file_provider(layout.gateway_token())};
  placed.source_description = "generated, file " + layout.gateway_token().string();
  return placed;
}

Result<PlacedSecret> place_gateway_password(const ProvisionSpec& spec, const Environment& environment) {
  return place_from_source(spec.password, "gateway.auth.password", "gateway-password", environment);
}

Result<std::optional<PlacedSecret>> place_provider_key(const ProviderSpec& provider,
                                                       const Environment& environment,
                                                       std::vector<std::string>& warnings) {
  if (!provider.api_key.is_set()) return std::optional<PlacedSecret>{};
  const std::string field = "providers." + provider.id + ".apiKey";
  if (provider.api_key.env && !environment.get_non_empty(*provider.api_key.env)) {
    // The gateway reads the variable when it calls the provider; say so now, but the
    // reference itself is right.
    warnings.push_back(field + "Env: " + *provider.api_key.env +
                       " is not set here; the gateway must have it in its environment");
    PlacedSecret placed;
    placed.config_value = env_ref(*provider.api_key.env);
    placed.source_description = "env " + *provider.api_key.env;
    return std::optional<PlacedSecret>(std::move(placed));
  }
  std::string alias;
  for (char c : provider.id) alias += (c == '.') ? '-' : c;
  auto placed = place_from_source(provider.api_key, field, "apikey-" + alias, environment);
  if (!placed) return std::unexpected(placed.error());
  return std::optional<PlacedSecret>(std::move(*placed));
}

Result<PlacedSecret> place_metrics_token(const std::filesystem::path& token_file) {
  SecretSource source;
  source.file = token_file;
  return place_from_source(source, "gateway.metrics.token", "metrics-token", Environment{});
}

}  // namespace openclaw::provision
