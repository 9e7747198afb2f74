#include "core/config/secret_ref.h"

#include <algorithm>
#include <cstdint>

#include "core/config/paths.h"
#include "core/state/file_reader.h"
#include "core/util/text.h"

namespace openclaw::config {
namespace {

using nlohmann::json;

constexpr std::uintmax_t kDefaultFileProviderMaxBytes = 1024 * 1024;

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The `secrets.providers.<name>` object, or nullptr.
const json* find_provider(const json& secrets, const std::string& name) {
  if (!secrets.is_object()) return nullptr;
  auto providers = secrets.find("providers");
  if (providers == secrets.end() || !providers->is_object()) return nullptr;
  auto provider = providers->find(name);
  if (provider == providers->end() || !provider->is_object()) return nullptr;
  return &*provider;
}

std::string provider_source(const json& provider) {
  auto source = provider.find("source");
  if (source == provider.end() || !source->is_string()) return "";
  return source->get<std::string>();
}

std::string ref_prefix(const SecretRef& ref) { return "secret ref " + describe(ref) + ": "; }

// RFC 6901 token unescaping: "~1" -> "/", "~0" -> "~".
std::string unescape_pointer_token(std::string_view token) {
  std::string out;
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size()) {
      out += token[i + 1] == '1' ? '/' : '~';
      ++i;
    } else {
      out += token[i];
    }
  }
  return out;
}

// Walks a validated absolute JSON pointer without throwing.
const json* follow_pointer(const json& document, std::string_view pointer) {
  const json* node = &document;
  if (pointer.empty()) return node;
  std::size_t pos = 1;  // skip the leading "/"
  for (;;) {
    auto end = pointer.find('/', pos);
    auto token = unescape_pointer_token(
        pointer.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos));
    if (node->is_object()) {
      auto it = node->find(token);
      if (it == node->end()) return nullptr;
      node = &*it;
    } else if (node->is_array()) {
      if (token.empty() || token.size() > 9 || !std::ranges::all_of(token, is_digit)) {
        return nullptr;
      }
      if (token.size() > 1 && token[0] == '0') return nullptr;
      auto index = static_cast<std::size_t>(std::stoul(token));
      if (index >= node->size()) return nullptr;
      node = &(*node)[index];
    } else {
      return nullptr;
    }
    if (end == std::string_view::npos) return node;
    pos = end + 1;
  }
}

Result<std::string> resolve_env(const SecretRef& ref, const json& secrets, const Environment& env) {
  const json* provider = find_provider(secrets, ref.provider);
  bool is_default_alias = ref.provider == default_provider_for(SecretSource::Env, secrets);
  if (provider != nullptr) {
    auto source = provider_source(*provider);
    if (source != "env" && !is_default_alias) {
      return fail(ref_prefix(ref) + "secret provider \"" + ref.provider + "\" has source \"" +
                  source + "\" but the ref asks for \"env\"");
    }
    if (source == "env") {
      auto allowlist = provider->find("allowlist");
      if (allowlist != provider->end() && allowlist->is_array()) {
        bool allowed = std::ranges::any_of(*allowlist, [&](const json& entry) {
          return entry.is_string() && entry.get<std::string>() == ref.id;
        });
        if (!allowed) {
          return fail(ref_prefix(ref) + "environment variable \"" + ref.id +
                      "\" is not in secrets.providers." + ref.provider + ".allowlist");
        }
      }
    }
  } else if (!is_default_alias) {
    return fail(ref_prefix(ref) + "secret provider \"" + ref.provider +
                "\" is not configured (add secrets.providers." + ref.provider +
                " with source \"env\")");
  }
  auto value = env.get(ref.id);
  if (!value || value->empty()) {
    return fail(ref_prefix(ref) + "environment variable \"" + ref.id + "\" is missing or empty");
  }
  return *value;
}

Result<std::string> resolve_file(const SecretRef& ref, const json& secrets, const Environment& env,
                                 const std::filesystem::path& config_dir) {
  const json* provider = find_provider(secrets, ref.provider);
  if (provider == nullptr) {
    return fail(ref_prefix(ref) + "secret provider \"" + ref.provider +
                "\" is not configured (add secrets.providers." + ref.provider +
                " with source \"file\" and a path)");
  }
  const std::string label = "secrets.providers." + ref.provider;
  auto source = provider_source(*provider);
  if (source != "file") {
    return fail(ref_prefix(ref) + "secret provider \"" + ref.provider + "\" has source \"" +
                source + "\" but the ref asks for \"file\"");
  }
  auto path_it = provider->find("path");
  if (path_it == provider->end() || !path_it->is_string() || path_it->get<std::string>().empty()) {
    return fail(ref_prefix(ref) + label + ".path is missing");
  }
  std::string mode = "json";
  if (auto mode_it = provider->find("mode"); mode_it != provider->end() && mode_it->is_string()) {
    mode = mode_it->get<std::string>();
  }
  std::uintmax_t max_bytes = kDefaultFileProviderMaxBytes;
  if (auto max_it = provider->find("maxBytes");
      max_it != provider->end() && max_it->is_number_integer() && max_it->get<std::int64_t>() > 0) {
    max_bytes = static_cast<std::uintmax_t>(max_it->get<std::int64_t>());
  }

  if (mode == "singleValue" && ref.id != kSingleValueFileRefId) {
    return fail(ref_prefix(ref) + "singleValue file provider \"" + ref.provider +
                "\" expects ref id \"value\"");
  }

  auto expanded = expand_home(path_it->get<std::string>(), env);
  if (!expanded) return fail(ref_prefix(ref) + label + ".path: " + expanded.error().message);
  std::filesystem::path file = *expanded;
  if (file.is_relative() && !config_dir.empty()) file = config_dir / file;

  auto content = state::read_file_limited(file, max_bytes);
  if (!content) {
    return fail(ref_prefix(ref) + label + ": cannot read " + file.string() + ": " +
                content.error().reason);
  }
  std::string text = std::move(*content);
  if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);

  if (mode == "singleValue") {
    if (text.ends_with("\r\n")) {
      text.resize(text.size() - 2);
    } else if (text.ends_with('\n')) {
      text.pop_back();
    }
    if (text.empty()) return fail(ref_prefix(ref) + label + ": " + file.string() + " is empty");
    return text;
  }

  // The parser's own message can quote file content, so only say that parsing failed.
  json document = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) {
    return fail(ref_prefix(ref) + label + ": " + file.string() + " is not valid JSON");
  }
  if (!document.is_object()) {
    return fail(ref_prefix(ref) + label + ": " + file.string() + " is not a JSON object");
  }
  const json* value = follow_pointer(document, ref.id);
  if (value == nullptr) {
    return fail(ref_prefix(ref) + "no value at JSON pointer \"" + ref.id + "\" in " +
                file.string());
  }
  if (!value->is_string()) {
    return fail(ref_prefix(ref) + "the value at JSON pointer \"" + ref.id + "\" in " +
                file.string() + " is not a string");
  }
  if (value->get_ref<const std::string&>().empty()) {
    return fail(ref_prefix(ref) + "the value at JSON pointer \"" + ref.id + "\" in " +
                file.string() + " is empty");
  }
  return value->get<std::string>();
}

}  // namespace

std::string_view to_string(SecretSource source) {
  switch (source) {
    case SecretSource::Env:
      return "env";
    case SecretSource::File:
      return "file";
    case SecretSource::Exec:
      return "exec";
  }
  return "env";
}

std::optional<SecretSource> parse_secret_source(std::string_view text) {
  if (text == "env") return SecretSource::Env;
  if (text == "file") return SecretSource::File;
  if (text == "exec") return SecretSource::Exec;
  return std::nullopt;
}

std::string describe(const SecretRef& ref) {
  return std::string(to_string(ref.source)) + ":" + ref.provider + ":" + ref.id;
}

bool is_valid_provider_alias(std::string_view alias) {
  if (alias.empty() || alias.size() > 64 || !is_lower(alias[0])) return false;
  return std::ranges::all_of(
      alias.substr(1), [](char c) { return is_lower(c) || is_digit(c) || c == '_' || c == '-'; });
}

bool is_valid_env_ref_id(std::string_view id) {
  if (id.empty() || id.size() > 128 || !is_upper(id[0])) return false;
  return std::ranges::all_of(id.substr(1),
                             [](char c) { return is_upper(c) || is_digit(c) || c == '_'; });
}

bool is_valid_file_ref_id(std::string_view id) {
  if (id == kSingleValueFileRefId) return true;
  if (!id.starts_with('/')) return false;
  for (std::size_t i = 0; i < id.size(); ++i) {
    if (id[i] != '~') continue;
    if (i + 1 >= id.size() || (id[i + 1] != '0' && id[i + 1] != '1')) return false;
    ++i;
  }
  return true;
}

bool is_valid_exec_ref_id(std::string_view id) {
  if (id.empty() || id.size() > 256) return false;
  auto first_ok = [](char c) { return is_upper(c) || is_lower(c) || is_digit(c); };
  if (!first_ok(id[0])) return false;
  bool chars_ok = std::ranges::all_of(id.substr(1), [&](char c) {
    return first_ok(c) || c == '.' || c == '_' || c == ':' || c == '/' || c == '#' || c == '-';
  });
  if (!chars_ok) return false;
  std::size_t start = 0;
  for (;;) {
    auto end = id.find('/', start);
    auto segment =
        id.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (segment == "." || segment == "..") return false;
    if (end == std::string_view::npos) return true;
    start = end + 1;
  }
}

Status validate_secret_ref(const SecretRef& ref) {
  if (!is_valid_provider_alias(ref.provider)) {
    return fail("provider \"" + ref.provider +
                "\" is invalid (expected a name matching ^[a-z][a-z0-9_-]{0,63}$, e.g. "
                "\"default\")");
  }
  switch (ref.source) {
    case SecretSource::Env:
      if (!is_valid_env_ref_id(ref.id)) {
        return fail("id \"" + ref.id +
                    "\" is invalid for an env ref (expected a variable name matching "
                    "^[A-Z][A-Z0-9_]{0,127}$, e.g. \"OPENAI_API_KEY\")");
      }
      break;
    case SecretSource::File:
      if (!is_valid_file_ref_id(ref.id)) {
        return fail("id \"" + ref.id +
                    "\" is invalid for a file ref (expected an absolute JSON pointer such as "
                    "\"/providers/openai/apiKey\", or \"value\" for singleValue mode)");
      }
      break;
    case SecretSource::Exec:
      if (!is_valid_exec_ref_id(ref.id)) {
        return fail("id \"" + ref.id +
                    "\" is invalid for an exec ref (expected ^[A-Za-z0-9][A-Za-z0-9._:/#-]{0,255}$ "
                    "without \".\" or \"..\" segments, e.g. \"vault/openai/api-key\")");
      }
      break;
  }
  return {};
}

std::string default_provider_for(SecretSource source, const json& secrets) {
  if (secrets.is_object()) {
    auto defaults = secrets.find("defaults");
    if (defaults != secrets.end() && defaults->is_object()) {
      auto entry = defaults->find(std::string(to_string(source)));
      if (entry != defaults->end() && entry->is_string()) {
        auto name = trim(entry->get_ref<const std::string&>());
        if (!name.empty()) return std::string(name);
      }
    }
  }
  return std::string(kDefaultSecretProvider);
}

std::optional<Result<SecretRef>> parse_secret_ref(const json& value, const json& secrets) {
  if (!value.is_object() || !value.contains("source")) return std::nullopt;

  for (const auto& [key, unused] : value.items()) {
    if (key != "source" && key != "provider" && key != "id") {
      return Result<SecretRef>(
          fail("unexpected key \"" + key + "\" in a SecretRef (expected source, provider, id)"));
    }
  }
  const json& source_value = value["source"];
  auto source = source_value.is_string() ? parse_secret_source(source_value.get<std::string>())
                                         : std::nullopt;
  if (!source) {
    return Result<SecretRef>(fail("source " + source_value.dump() +
                                  " is invalid (expected \"env\", \"file\" or \"exec\")"));
  }
  SecretRef ref;
  ref.source = *source;
  auto provider = value.find("provider");
  if (provider == value.end()) {
    ref.provider = default_provider_for(*source, secrets);
  } else if (provider->is_string()) {
    ref.provider = provider->get<std::string>();
  } else {
    return Result<SecretRef>(fail("provider must be a string"));
  }
  auto id = value.find("id");
  if (id == value.end() || !id->is_string()) {
    return Result<SecretRef>(fail("id is missing (expected a string)"));
  }
  ref.id = id->get<std::string>();
  if (auto valid = validate_secret_ref(ref); !valid) {
    return Result<SecretRef>(std::unexpected(valid.error()));
  }
  return Result<SecretRef>(std::move(ref));
}

std::optional<SecretRef> parse_env_template_ref(std::string_view text, const json& secrets) {
  auto trimmed = trim(text);
  if (!trimmed.starts_with("${") || !trimmed.ends_with('}')) return std::nullopt;
  auto name = trimmed.substr(2, trimmed.size() - 3);
  if (!is_valid_env_ref_id(name)) return std::nullopt;
  return SecretRef{SecretSource::Env, default_provider_for(SecretSource::Env, secrets),
                   std::string(name)};
}

Result<SecretInput> parse_secret_input(const json& value, const json& secrets) {
  if (value.is_string()) return SecretInput(value.get<std::string>());
  if (auto ref = parse_secret_ref(value, secrets)) {
    if (!*ref) return std::unexpected(ref->error());
    return SecretInput(std::move(**ref));
  }
  return fail("expected a string or a SecretRef object {source, provider, id}");
}

Result<std::string> resolve_secret(const SecretInput& input, const json& secrets,
                                   const Environment& env,
                                   const std::filesystem::path& config_dir) {
  SecretRef ref;
  if (const auto* text = std::get_if<std::string>(&input)) {
    auto shorthand = parse_env_template_ref(*text, secrets);
    if (!shorthand) return *text;
    ref = std::move(*shorthand);
  } else {
    ref = std::get<SecretRef>(input);
  }
  if (auto valid = validate_secret_ref(ref); !valid) {
    return fail(ref_prefix(ref) + valid.error().message);
  }
  switch (ref.source) {
    case SecretSource::Env:
      return resolve_env(ref, secrets, env);
    case SecretSource::File:
      return resolve_file(ref, secrets, env, config_dir);
    case SecretSource::Exec:
      return fail(ref_prefix(ref) + "exec secret sources are not supported yet");
  }
  return fail(ref_prefix(ref) + "unknown secret source");
}

nlohmann::json single_value_file_ref(std::string_view provider) {
  return {{"source", "file"}, {"provider", provider}, {"id", kSingleValueFileRefId}};
}

nlohmann::json single_value_file_provider(const std::filesystem::path& path) {
  return {{"source", "file"}, {"path", path.string()}, {"mode", "singleValue"}};
}

}  // namespace openclaw::config
