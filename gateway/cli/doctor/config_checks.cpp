#include "cli/doctor/config_checks.h"

#include <filesystem>

#include "cli/doctor/file_repairs.h"

namespace openclaw::cli::doctor {
namespace {

std::string remedy_for_key(const std::string& key) {
  if (key.empty()) return "openclaw config validate";
  return "correct it (openclaw config set " + key +
         " <value>) or remove it (openclaw config unset " + key + ")";
}

void report_load_error(const DoctorInputs& inputs, const config::LoadError& error,
                       Findings& findings) {
  const std::string file = inputs.config_path.string();
  switch (error.kind) {
    case config::LoadErrorKind::NotFound:
      findings.warn(
          "config.missing", kConfigSection, "No config file at " + file + ".",
          "openclaw-provision apply --state-dir " + shell_quote(inputs.layout.root().string()));
      return;
    case config::LoadErrorKind::Unreadable:
      findings.error("config.unreadable", kConfigSection, error.message,
                     "make it readable by the gateway's user: chmod 600 " + shell_quote(file) +
                         " (and chown it to that user)");
      return;
    case config::LoadErrorKind::Parse:
      findings.error("config.parse", kConfigSection, error.message,
                     "fix the syntax at the position shown, then run: openclaw config validate");
      return;
    case config::LoadErrorKind::Include:
      findings.error("config.include", kConfigSection, error.message,
                     "fix the $include named above, then run: openclaw config validate");
      return;
    case config::LoadErrorKind::Invalid:
      if (error.errors.empty()) {
        findings.error("config.invalid", kConfigSection, error.message, "openclaw config validate");
        return;
      }
      for (const auto& diagnostic : error.errors) {
        findings.error("config.invalid", kConfigSection,
                       file + ": invalid config: " + diagnostic.to_string(),
                       remedy_for_key(diagnostic.path));
      }
      return;
  }
}

std::string load_problem(const config::LoadError& error) {
  switch (error.kind) {
    case config::LoadErrorKind::NotFound: return "is missing";
    case config::LoadErrorKind::Unreadable: return "is unreadable";
    case config::LoadErrorKind::Parse: return "does not parse";
    case config::LoadErrorKind::Include: return "has a broken $include";
    case config::LoadErrorKind::Invalid: return "is invalid";
  }
  return "does not load";
}

}  // namespace

void check_running_config(const DoctorInputs& inputs, const HealthProbe& probe, Findings& findings) {
  if (!inputs.config_error || probe.outcome != HealthProbe::Outcome::Healthy) return;
  const std::string file = inputs.config_path.string();
  std::filesystem::path backup = inputs.config_path;
  backup += ".bak";
  std::error_code ec;
  const bool has_backup = std::filesystem::is_regular_file(backup, ec);
  findings.error("config.last_good", kConfigSection,
                 file + " " + load_problem(*inputs.config_error) +
                     "; the running gateway keeps the last good config it loaded, but would not start "
                     "again with this file",
                 has_backup ? "restore the previous file: cp -p " + shell_quote(backup.string()) + " " +
                                  shell_quote(file) + " (or fix it; then: openclaw config validate)"
                            : "put the config back or fix it, then: openclaw config validate");
}

void check_config(const DoctorInputs& inputs, Findings& findings) {
  if (inputs.config_error) {
    report_load_error(inputs, *inputs.config_error, findings);
    for (const auto& warning : inputs.config_error->warnings) {
      findings.warn("config.warning", kConfigSection, warning.to_string(), "");
    }
  } else if (inputs.config) {
    findings.ok("config.valid", kConfigSection, inputs.config_path.string() + " is valid");
    for (const auto& warning : inputs.config->warnings) {
      const bool unknown_key = warning.message.find("unknown key") != std::string::npos;
      findings.warn("config.warning", kConfigSection, warning.to_string(),
                    unknown_key ? "openclaw config unset " + warning.path : "");
    }
  }
  if (inputs.port_error) {
    findings.error("config.port", kConfigSection, *inputs.port_error,
                   "unset OPENCLAW_GATEWAY_PORT or set it to a port number (1-65535)");
  }
}

void check_gateway_mode(const DoctorInputs& inputs, Findings& findings) {
  const bool missing =
      inputs.config_error && inputs.config_error->kind == config::LoadErrorKind::NotFound;
  if (!inputs.config && !missing) return;  // an invalid config: the Config section said why
  const auto mode = inputs.config ? inputs.config->config.gateway.mode : std::nullopt;
  if (!mode) {
    findings.warn("gateway.mode.unset", kGatewaySection,
                  "gateway.mode is unset; gateway start will be blocked.",
                  "openclaw config set gateway.mode local");
  } else if (*mode == config::GatewayMode::Remote) {
    findings.error(
        "gateway.mode.remote", kGatewaySection,
        "gateway.mode is \"remote\" (Gateway start blocked: set gateway.mode=local); a remote-mode "
        "config is for a client of a gateway on another host",
        "openclaw config set gateway.mode local (or run doctor on the host where the gateway "
        "runs)");
  } else {
    findings.ok("gateway.mode", kGatewaySection, "gateway.mode is local");
  }
}

}  // namespace openclaw::cli::doctor
