// How a networked `openclaw` command finds and reaches its gateway: the shared options
// (--url --token --password --timeout --json, OPENCLAW_GATEWAY_URL/TOKEN/PASSWORD), this
// machine's gateway as its config describes it, and the choice of transport — the admin Unix
// socket when the target is the local gateway (no pairing needed, operator-pain B1/B2),
// otherwise ws://127.0.0.1:<port> or the explicit --url.
#pragma once

#include <chrono>
#include <filesystem>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "client/gateway_client.h"
#include "core/config/loader.h"
#include "core/state/layout.h"
#include "core/util/environment.h"
#include "core/util/result.h"

namespace openclaw::cli {

struct NetworkOptions {
  std::optional<std::string> url;       // --url, else OPENCLAW_GATEWAY_URL
  std::optional<std::string> token;     // --token, else OPENCLAW_GATEWAY_TOKEN
  std::optional<std::string> password;  // --password, else OPENCLAW_GATEWAY_PASSWORD
  std::chrono::milliseconds timeout{10'000};  // --timeout <ms>
  bool json = false;                          // --json
  bool url_from_flag = false;  // an explicit --url: no fallback to config credentials (upstream)
};

// Removes the shared options (both "--opt value" and "--opt=value") from `args`, leaving the
// command's own arguments. Fails naming the option for a missing or invalid value (a URL
// that is not ws:// or wss://, a timeout that is not a positive number of milliseconds).
// The environment fills what the flags left unset; with an explicit --url the env token and
// password are not used (they belong to the configured gateway, not to that URL).
Result<NetworkOptions> take_network_options(std::vector<std::string>& args, const Environment& env);

// This machine's gateway as its state directory and config describe it. Built even when the
// config is missing or invalid (then `config_error` says why), so status and doctor can
// report on a broken install.
struct LocalGateway {
  state::StateLayout layout{""};
  std::filesystem::path config_path;
  bool config_exists = false;
  std::optional<config::LoadedConfig> loaded;  // the config when it loaded cleanly
  std::optional<std::string> config_error;     // why it did not (parse, validation, unreadable)
  unsigned short port = 18789;
  std::string port_source;                     // "env", "config", "default"
  std::string bind_mode;                       // "loopback", "lan", ...
  std::vector<std::string> bind_hosts;
  std::optional<std::string> token;            // resolved gateway.auth.token (SecretRefs) or env
  std::optional<std::string> password;
  std::string auth_mode = "token";             // effective gateway.auth.mode: none|token|password|trusted-proxy
  std::string probe_url;                       // ws(s)://127.0.0.1:<port>
  bool tls = false;                            // gateway.tls.enabled: the port speaks wss
  // SHA-256 of the gateway's certificate (gateway.tls.certPath, else
  // <state>/gateway/tls/gateway-cert.pem), pinned when connecting to it; nullopt when
  // TLS is off or the file cannot be read.
  std::optional<std::string> tls_fingerprint;
  // What could not be worked out but did not stop the rest: an unresolvable SecretRef
  // ("gateway.auth.token: ..."), a bad OPENCLAW_GATEWAY_PORT, an unreadable certificate.
  std::vector<std::string> warnings;

  std::filesystem::path admin_socket() const { return layout.admin_socket(); }
};

// Resolves the state dir and config path as the gateway does (spec §4) and reads what it
// can. Fails only when no state directory can be resolved at all (no HOME).
Result<LocalGateway> locate_local_gateway(const Environment& env);

struct ConnectRequest {
  std::string client_mode = "cli";   // "probe" for read-only probes
  std::vector<std::string> scopes;   // empty = the CLI defaults
  bool allow_admin_socket = true;
};

// Connects for a command. With an explicit --url: that URL with only the explicit
// credentials. Otherwise the local gateway: its admin socket when present and this user may
// use it, else its loopback URL with the token/password from flags, env or config.
client::ClientResult<std::unique_ptr<client::GatewayClient>> connect_to_gateway(const NetworkOptions& options,
                                                                               const LocalGateway& local,
                                                                               const ConnectRequest& request);

// Prints a connect or RPC failure the way the runbooks show it (message, details code,
// remediation such as "openclaw devices approve <requestId>") — as JSON {ok:false,error}
// with `json` — and returns the exit code: 1.
int report_client_error(const client::ClientError& error, bool json, std::ostream& out, std::ostream& err);

}  // namespace openclaw::cli
