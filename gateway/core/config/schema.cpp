#include "core/config/schema.h"

#include <map>

#include "core/config/secret_ref.h"
#include "core/config/value_checks.h"

namespace openclaw::config {
namespace {

using nlohmann::json;
using namespace schema;

// ---------------------------------------------------------------- shared building blocks

NodePtr string_list() { return array_of(string()); }

NodePtr port_number() { return integer(1, 65535); }

NodePtr positive_int() { return integer(1); }

NodePtr non_negative_int() { return integer(0); }

// A string, or a SecretRef object {source, provider, id}. Values are never printed.
NodePtr secret_input() {
  auto check = [](const json& value, const std::string& path, ValidationReport& report) {
    if (value.is_string()) return;
    auto ref = parse_secret_ref(value);
    if (!ref) {
      report.error(path,
                   "<redacted> has the wrong type (expected a string or a SecretRef object "
                   "{source, provider, id})");
      return;
    }
    if (!*ref) {
      report.error(path, "invalid SecretRef: " + ref->error().message);
      return;
    }
    if (!value.contains("provider")) {
      report.warning(path,
                     "SecretRef has no provider; the default provider for its source is used");
    }
    if ((*ref)->source == SecretSource::Exec) {
      report.warning(path,
                     "exec secret sources are not supported yet by this gateway; resolving this "
                     "value will fail");
    }
  };
  return secret(custom(
      check, [](const json& v) { return v.is_string() || v.is_object(); },
      "a string or a SecretRef object {source, provider, id}"));
}

// "provider/model", or {primary, fallbacks[]} (agents.defaults.model and friends).
NodePtr model_selection() {
  return one_of(
      {non_empty_string(), object({optional_field("primary", non_empty_string()),
                                   optional_field("fallbacks", array_of(non_empty_string()))})},
      "a model \"provider/model\" or an object {primary, fallbacks}");
}

// One entry of agents.defaults.models / agents.list[].models (catalog and aliases).
NodePtr model_catalog_entry() {
  return object({optional_field("alias", string()), optional_field("params", map_of(any())),
                 optional_field("streaming", boolean())},
                {.opaque_keys = {"agentRuntime"}});
}

NodePtr model_catalog() { return map_of(model_catalog_entry()); }

// The URL-fetch limits shared by http.endpoints.*.images and responses.files.
std::vector<Field> url_fetch_fields() {
  return {optional_field("allowUrl", boolean()),
          optional_field("urlAllowlist", string_list()),
          optional_field("allowedMimes", string_list()),
          optional_field("maxBytes", positive_int()),
          optional_field("maxRedirects", non_negative_int()),
          optional_field("timeoutMs", positive_int())};
}

std::optional<std::string> provider_alias_problem(std::string_view name) {
  if (is_valid_provider_alias(name)) return std::nullopt;
  return "is not a valid provider name";
}

// Reads a string member when present.
std::optional<std::string> string_member(const json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

// ---------------------------------------------------------------- gateway

NodePtr gateway_auth() {
  auto rate_limit = object({optional_field("maxAttempts", positive_int()),
                            optional_field("windowMs", positive_int()),
                            optional_field("lockoutMs", non_negative_int()),
                            optional_field("exemptLoopback", boolean())});
  auto trusted_proxy = object(
      {required_field("userHeader", non_empty_string()),
       optional_field("requiredHeaders", string_list()),
       optional_field("allowUsers", string_list()), optional_field("allowLoopback", boolean())},
      {.opaque_keys = {"deviceAutoApprove"}});
  auto trusted_proxy_rules = [](const json& auth, const std::string& path,
                                ValidationReport& report) {
    if (string_member(auth, "mode") != "trusted-proxy") return;
    if (!auth.contains("trustedProxy")) {
      report.error(append_key(path, "trustedProxy"),
                   "is missing (required when gateway.auth.mode is \"trusted-proxy\"; set at "
                   "least userHeader)");
    }
    if (auth.contains("token")) {
      report.error(append_key(path, "token"),
                   "must not be set when gateway.auth.mode is \"trusted-proxy\"");
    }
  };
  return object(
      {optional_field("mode", enumeration({"none", "token", "password", "trusted-proxy"})),
       optional_field("token", secret_input()), optional_field("password", secret_input()),
       optional_field("allowTailscale", boolean()), optional_field("rateLimit", rate_limit),
       optional_field("trustedProxy", trusted_proxy)},
      {.opaque_keys = {"identityScopes"}, .checks = {trusted_proxy_rules}});
}

NodePtr gateway_control_ui() {
  return object(
      {optional_field("enabled", boolean()),
       optional_field("basePath", checked_string(check_ui_base_path, "a URL path such as /openclaw")),
       optional_field("root", checked_string(check_absolute_path,
                                             "an absolute path to the UI build such as /opt/openclaw/control-ui")),
       optional_field("embedSandbox", enumeration({"strict", "scripts", "trusted"})),
       optional_field("allowExternalEmbedUrls", boolean()),
       optional_field("allowedOrigins",
                      array_of(checked_string(check_origin,
                                              "\"*\" or an origin scheme://host[:port] such as "
                                              "https://openclaw.example.com"))),
       optional_field("dangerouslyAllowHostHeaderOriginFallback", boolean()),
       optional_field("allowInsecureAuth", boolean()),
       optional_field("dangerouslyDisableDeviceAuth", boolean())},
      {.opaque_keys = {"toolTitles", "automaticallyFetchFavicons", "github"}});
}

NodePtr gateway_http() {
  auto images = object(url_fetch_fields());
  auto files_fields = url_fetch_fields();
  files_fields.push_back(optional_field("maxChars", positive_int()));
  files_fields.push_back(
      optional_field("pdf", object({optional_field("maxPages", positive_int()),
                                    optional_field("maxPixels", positive_int()),
                                    optional_field("minTextChars", non_negative_int())})));
  auto chat_completions = object(
      {optional_field("enabled", boolean()), optional_field("maxBodyBytes", positive_int()),
       optional_field("maxImageParts", non_negative_int()),
       optional_field("maxTotalImageBytes", positive_int()), optional_field("images", images)});
  auto responses = object(
      {optional_field("enabled", boolean()), optional_field("maxBodyBytes", positive_int()),
       optional_field("maxUrlParts", non_negative_int()),
       optional_field("files", object(std::move(files_fields))), optional_field("images", images)});
  auto hsts = custom(
      [](const json& value, const std::string& path, ValidationReport& report) {
        if (value.is_boolean() && value.get<bool>()) {
          report.error(path, "true is not allowed (expected a header value string, or false)");
        }
      },
      [](const json& v) { return v.is_string() || v.is_boolean(); },
      "a Strict-Transport-Security header value, or false");
  return object(
      {optional_field("endpoints", object({optional_field("chatCompletions", chat_completions),
                                           optional_field("responses", responses)})),
       optional_field("securityHeaders",
                      object({optional_field("strictTransportSecurity", hsts)}))});
}

NodePtr gateway_metrics() {
  return object(
      {optional_field("enabled", boolean()),
       optional_field("bind", checked_string(
                                  [](std::string_view text) -> std::optional<std::string> {
                                    if (is_ip_literal(text)) return std::nullopt;
                                    return "is not an IP address";
                                  },
                                  "an IP address to listen on, e.g. \"127.0.0.1\" or \"0.0.0.0\"")),
       optional_field("port", port_number()),
       optional_field("path", checked_string(
                                  [](std::string_view text) -> std::optional<std::string> {
                                    if (text.starts_with('/')) return std::nullopt;
                                    return "does not start with \"/\"";
                                  },
                                  "a URL path such as \"/metrics\"")),
       optional_field("token", secret_input())});
}

NodePtr gateway() {
  auto bind_rules = [](const json& gateway, const std::string& path, ValidationReport& report) {
    if (string_member(gateway, "bind") == "custom" && !gateway.contains("customBindHost")) {
      report.error(append_key(path, "customBindHost"),
                   "is missing (required when gateway.bind is \"custom\"; expected a dotted IPv4 "
                   "address)");
    }
  };
  return object(
      {optional_field("port", port_number()),
       optional_field("mode", enumeration({"local", "remote"})),
       optional_field("bind", enumeration({"loopback", "lan", "tailnet", "auto", "custom"})),
       optional_field("customBindHost",
                      checked_string(
                          [](std::string_view text) -> std::optional<std::string> {
                            if (is_dotted_ipv4(text)) return std::nullopt;
                            return "is not a dotted IPv4 address";
                          },
                          "a dotted IPv4 address such as 192.168.1.10")),
       optional_field("auth", gateway_auth()),
       optional_field("trustedProxies",
                      array_of(checked_string(check_ip_or_cidr,
                                              "an IP address or CIDR range such as 10.0.0.0/8"))),
       optional_field("allowRealIpFallback", boolean()),
       optional_field("controlUi", gateway_control_ui()),
       optional_field("tailscale",
                      object({optional_field("mode", enumeration({"off", "serve", "funnel"})),
                              optional_field("resetOnExit", boolean())})),
       optional_field(
           "remote",
           object(
               {optional_field("enabled", boolean()), optional_field("url", string()),
                optional_field("transport", enumeration({"ssh", "direct"})),
                optional_field("token", secret_input()), optional_field("password", secret_input()),
                optional_field("tlsFingerprint", string()), optional_field("sshTarget", string()),
                optional_field("sshIdentity", string())})),
       optional_field(
           "reload",
           object({optional_field("mode", enumeration({"off", "restart", "hot", "hybrid"})),
                   optional_field("debounceMs", non_negative_int()),
                   optional_field("deferralTimeoutMs", non_negative_int())})),
       optional_field(
           "tls",
           object({optional_field("enabled", boolean()), optional_field("autoGenerate", boolean()),
                   optional_field("certPath", string()), optional_field("keyPath", string()),
                   optional_field("caPath", string())})),
       optional_field("http", gateway_http()), optional_field("metrics", gateway_metrics()),
       optional_field("channelHealthCheckMinutes", non_negative_int()),
       optional_field("channelStaleEventThresholdMinutes", positive_int()),
       optional_field("channelMaxRestartsPerHour", positive_int())},
      {.opaque_keys = {"tools", "webchat", "push", "nodes", "publicOrigin", "terminal", "cliAgents",
                       "roles"},
       .checks = {bind_rules}});
}

// ---------------------------------------------------------------- agents, models, auth

NodePtr agent_entry() {
  return object(
      {required_field("id", checked_string(
                                [](std::string_view id) -> std::optional<std::string> {
                                  if (is_valid_agent_id(id)) return std::nullopt;
                                  return "is not a valid agent id";
                                },
                                "an id matching ^[a-z0-9][a-z0-9_-]{0,63}$, e.g. \"main\"")),
       optional_field("default", boolean()), optional_field("name", string()),
       optional_field("description", string()), optional_field("workspace", string()),
       optional_field("agentDir", string()), optional_field("model", model_selection()),
       optional_field("utilityModel", string()), optional_field("models", model_catalog())},
      {.opaque_keys = {"modelPolicy",
                       "thinkingDefault",
                       "verboseDefault",
                       "toolProgressDetail",
                       "reasoningDefault",
                       "fastModeDefault",
                       "contextInjection",
                       "bootstrapMaxChars",
                       "bootstrapTotalMaxChars",
                       "experimental",
                       "skills",
                       "memory",
                       "memorySearch",
                       "humanDelay",
                       "typingMode",
                       "typingIntervalSeconds",
                       "tts",
                       "skillsLimits",
                       "contextLimits",
                       "contextTokens",
                       "heartbeat",
                       "identity",
                       "groupChat",
                       "subagents",
                       "embeddedAgent",
                       "plugins",
                       "sandbox",
                       "params",
                       "tools",
                       "runtime"}});
}

void check_agent_list(const json& list, const std::string& path, ValidationReport& report) {
  std::map<std::string, std::size_t> seen;
  std::vector<std::size_t> defaults;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const json& entry = list[i];
    if (!entry.is_object()) continue;
    if (auto id = string_member(entry, "id"); id && is_valid_agent_id(*id)) {
      std::string lowered;
      for (char c : *id) lowered += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
      auto [it, inserted] = seen.emplace(lowered, i);
      if (!inserted) {
        report.error(append_key(append_index(path, i), "id"),
                     json(*id).dump() + " is already used by " + append_index(path, it->second) +
                         " (expected a unique agent id)");
      }
    }
    if (auto flag = entry.find("default");
        flag != entry.end() && flag->is_boolean() && flag->get<bool>()) {
      defaults.push_back(i);
    }
  }
  if (defaults.size() > 1) {
    report.warning(path, "more than one agent has \"default\": true; " +
                             append_index(path, defaults.front()) + " is used");
  }
}

NodePtr agents() {
  auto defaults = object(
      {optional_field("model", model_selection()), optional_field("imageModel", model_selection()),
       optional_field("imageGenerationModel", model_selection()),
       optional_field("pdfModel", model_selection()), optional_field("models", model_catalog()),
       optional_field("workspace", string())},
      {.opaque_keys = {"pdfMaxBytesMb",
                       "pdfMaxPages",
                       "repoRoot",
                       "skipBootstrap",
                       "bootstrapMaxChars",
                       "bootstrapTotalMaxChars",
                       "bootstrapPromptTruncationWarning",
                       "userTimezone",
                       "timeFormat",
                       "envelopeTimezone",
                       "envelopeTimestamp",
                       "envelopeElapsed",
                       "contextTokens",
                       "cliBackends",
                       "memorySearch",
                       "contextPruning",
                       "compaction",
                       "embeddedPi",
                       "thinkingDefault",
                       "verboseDefault",
                       "elevatedDefault",
                       "blockStreamingDefault",
                       "blockStreamingBreak",
                       "blockStreamingChunk",
                       "blockStreamingCoalesce",
                       "humanDelay",
                       "timeoutSeconds",
                       "mediaMaxMb",
                       "imageMaxDimensionPx",
                       "typingIntervalSeconds",
                       "typingMode",
                       "heartbeat",
                       "maxConcurrent",
                       "subagents",
                       "additionalSystemPrompt",
                       "sandbox",
                       "modelPolicy",
                       "utilityModel",
                       "reasoningDefault",
                       "fastModeDefault",
                       "contextInjection",
                       "toolProgressDetail",
                       "experimental",
                       "skills",
                       "memory",
                       "tts",
                       "skillsLimits",
                       "contextLimits",
                       "params",
                       "tools",
                       "runtime",
                       "embeddedAgent",
                       "plugins",
                       "identity",
                       "groupChat"}});
  return object({optional_field("defaults", defaults),
                 optional_field("list", with_check(array_of(agent_entry()), check_agent_list))},
                {.opaque_keys = {"entries"}});
}

NodePtr model_api() {
  return enumeration({"openai-completions", "openai-responses", "openai-codex-responses",
                      "openai-chatgpt-responses", "anthropic-messages", "google-generative-ai",
                      "google-vertex", "github-copilot", "bedrock-converse-stream", "ollama",
                      "azure-openai-responses"});
}

NodePtr models() {
  auto model_definition =
      object({required_field("id", non_empty_string()), optional_field("name", string()),
              optional_field("api", model_api()), optional_field("reasoning", boolean()),
              optional_field("input", array_of(enumeration({"text", "image"}))),
              optional_field("contextWindow", number(0, std::nullopt, true)),
              optional_field("maxTokens", number(0, std::nullopt, true)),
              optional_field("headers", map_of(string()))},
             {.opaque_keys = {"cost", "compat"}});
  auto provider = object(
      {required_field("baseUrl", non_empty_string()), optional_field("apiKey", secret_input()),
       optional_field("auth", enumeration({"api-key", "aws-sdk", "oauth", "token"})),
       optional_field("api", model_api()), optional_field("injectNumCtxForOpenAICompat", boolean()),
       optional_field("headers", map_of(secret_input())), optional_field("authHeader", boolean()),
       optional_field("timeoutSeconds", number(0, std::nullopt, true)),
       optional_field("models", array_of(model_definition))},
      {.opaque_keys = {"localService"}});
  return object({optional_field("mode", enumeration({"merge", "replace"})),
                 optional_field("providers", map_of(provider)), optional_field("proxy", string())},
                {.opaque_keys = {"bedrockDiscovery", "catalogRefresh"}});
}

NodePtr auth() {
  auto profile =
      object({required_field("provider", non_empty_string()),
              required_field("mode", enumeration({"api_key", "oauth", "token"})),
              optional_field("email", string()), optional_field("displayName", string())});
  return object({optional_field("profiles", map_of(profile)),
                 optional_field("order", map_of(string_list())),
                 optional_field("cooldowns", map_of(any()))});
}

// ---------------------------------------------------------------- other sections

NodePtr logging() {
  auto level = enumeration({"silent", "fatal", "error", "warn", "info", "debug", "trace"});
  return object(
      {optional_field("level", level), optional_field("file", string()),
       optional_field("maxFileBytes", positive_int()), optional_field("consoleLevel", level),
       optional_field("consoleStyle", enumeration({"pretty", "compact", "json"})),
       optional_field("redactSensitive", enumeration({"off", "tools"})),
       optional_field("redactPatterns", string_list())},
      {.opaque_keys = {"audit"}});
}

NodePtr session() {
  return object({optional_field("scope", enumeration({"per-sender", "global"})),
                 optional_field("mainKey", non_empty_string()),
                 optional_field("dmScope", enumeration({"main", "per-peer", "per-channel-peer",
                                                        "per-account-channel-peer"})),
                 optional_field("store", string())},
                {.opaque_keys = {"groupScope", "identityLinks", "resetTriggers", "reset",
                                 "resetByType", "resetByChannel", "sendPolicy", "threadBindings",
                                 "sharing", "maintenance", "idleMinutes", "typingIntervalSeconds",
                                 "typingMode", "agentToAgent", "parentForkMaxTokens"}});
}

NodePtr secrets() {
  auto env_id_list = array_of(checked_string(
      [](std::string_view id) -> std::optional<std::string> {
        if (is_valid_env_ref_id(id)) return std::nullopt;
        return "is not a valid variable name";
      },
      "an environment variable name matching ^[A-Z][A-Z0-9_]{0,127}$"));
  auto env_provider = object(
      {required_field("source", enumeration({"env"})), optional_field("allowlist", env_id_list)});
  auto file_provider = object({required_field("source", enumeration({"file"})),
                               required_field("path", non_empty_string()),
                               optional_field("mode", enumeration({"singleValue", "json"})),
                               optional_field("timeoutMs", integer(1, 120000)),
                               optional_field("maxBytes", integer(1, 20 * 1024 * 1024)),
                               optional_field("allowInsecurePath", boolean())});
  auto exec_provider = object(
      {required_field("source", enumeration({"exec"})),
       required_field("command", checked_string(
                                     [](std::string_view text) -> std::optional<std::string> {
                                       if (text.starts_with('/')) return std::nullopt;
                                       return "is not an absolute path";
                                     },
                                     "an absolute path to the command")),
       optional_field("args", string_list()), optional_field("timeoutMs", integer(1, 120000)),
       optional_field("noOutputTimeoutMs", integer(1, 120000)),
       optional_field("maxOutputBytes", integer(1, 20 * 1024 * 1024)),
       optional_field("jsonOnly", boolean()), optional_field("env", secret(map_of(string()))),
       optional_field("passEnv", env_id_list), optional_field("trustedDirs", string_list()),
       optional_field("allowInsecurePath", boolean()),
       optional_field("allowSymlinkCommand", boolean())});
  // Dispatches on "source", so each provider kind gets its own key list.
  auto provider = custom(
      [env_provider, file_provider, exec_provider](const json& value, const std::string& path,
                                                   ValidationReport& report) {
        auto source = string_member(value, "source");
        if (source == "env") return validate_value(*env_provider, value, path, report);
        if (source == "file") return validate_value(*file_provider, value, path, report);
        if (source == "exec") return validate_value(*exec_provider, value, path, report);
        auto it = value.find("source");
        report.error(append_key(path, "source"),
                     (it == value.end() ? std::string("is missing")
                                        : render_value(*it, false) + " is not allowed") +
                         " (expected one of \"env\", \"file\", \"exec\")");
      },
      [](const json& v) { return v.is_object(); }, "a secret provider object");
  auto alias =
      checked_string(provider_alias_problem, "a provider name matching ^[a-z][a-z0-9_-]{0,63}$");
  return object(
      {optional_field("providers", map_of(provider, provider_alias_problem,
                                          "a provider name matching ^[a-z][a-z0-9_-]{0,63}$")),
       optional_field("defaults",
                      object({optional_field("env", alias), optional_field("file", alias),
                              optional_field("exec", alias)})),
       optional_field("resolution",
                      object({optional_field("maxProviderConcurrency", integer(1, 16)),
                              optional_field("maxRefsPerProvider", integer(1, 4096)),
                              optional_field("maxBatchBytes", integer(1, 5 * 1024 * 1024))}))});
}

NodePtr env_section() {
  return object(
      {optional_field("shellEnv", object({optional_field("enabled", boolean()),
                                          optional_field("timeoutMs", non_negative_int())})),
       optional_field("vars", secret(map_of(string())))},
      // Upstream also takes VAR: "value" pairs directly under env.
      {.catchall = secret(string())});
}

NodePtr hooks() {
  return object(
      {optional_field("enabled", boolean()), optional_field("path", string()),
       optional_field("token", secret(string())), optional_field("defaultSessionKey", string()),
       optional_field("allowRequestSessionKey", boolean()),
       optional_field("allowedSessionKeyPrefixes", string_list()),
       optional_field("allowedAgentIds", string_list()),
       optional_field("maxBodyBytes", positive_int()), optional_field("presets", string_list()),
       optional_field("transformsDir", string())},
      {.opaque_keys = {"mappings", "gmail", "internal"}});
}

NodePtr discovery() {
  return object({optional_field("wideArea", object({optional_field("enabled", boolean()),
                                                    optional_field("domain", string())})),
                 optional_field("mdns", object({optional_field(
                                            "mode", enumeration({"off", "minimal", "full"}))}))});
}

NodePtr diagnostics() {
  return object({optional_field("enabled", boolean()), optional_field("flags", string_list()),
                 optional_field("stuckSessionWarnMs", positive_int())},
                {.opaque_keys = {"otel", "cacheTrace"}});
}

NodePtr meta() {
  return object({optional_field("lastTouchedVersion", string()),
                 optional_field("lastTouchedAt",
                                one_of({string(), number()}, "a timestamp string or number"))});
}

NodePtr wizard() {
  return object({optional_field("lastRunAt", string()), optional_field("lastRunVersion", string()),
                 optional_field("lastRunCommit", string()),
                 optional_field("lastRunCommand", string()),
                 optional_field("lastRunMode", enumeration({"local", "remote"}))});
}

NodePtr root() {
  return object({optional_field("$schema", string()), optional_field("meta", meta()),
                 optional_field("env", env_section()), optional_field("wizard", wizard()),
                 optional_field("diagnostics", diagnostics()), optional_field("logging", logging()),
                 optional_field("secrets", secrets()), optional_field("auth", auth()),
                 optional_field("models", models()), optional_field("agents", agents()),
                 optional_field("session", session()), optional_field("hooks", hooks()),
                 optional_field("discovery", discovery()), optional_field("gateway", gateway())},
                // Upstream sections this gateway does not interpret: accepted as they are.
                {.opaque_keys = {"cli", "crestodian", "update", "browser", "ui", "acp", "nodeHost",
                                 "tools", "bindings", "broadcast", "audio", "media", "messages",
                                 "commands", "approvals", "cron", "web", "channels", "canvasHost",
                                 "talk", "memory", "mcp", "skills", "plugins", "surfaces", "proxy",
                                 // [Latest] additions
                                 "worktreeRoot", "multiAgent", "cloudWorkers"}});
}

}  // namespace

const schema::Node& config_schema() {
  static const NodePtr tree = root();
  return *tree;
}

ValidationReport validate(const json& root_value) {
  ValidationReport report;
  if (!root_value.is_object()) {
    report.error("", "the config must be a JSON object, got " + render_value(root_value, false));
    return report;
  }
  validate_value(config_schema(), root_value, "", report);
  return report;
}

}  // namespace openclaw::config
