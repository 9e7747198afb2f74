// The state directory as the spec wants it: every directory with its mode and every managed
// file with its exact bytes, computed from the spec and what is on disk now, before anything
// is written. `plan` prints the difference; `apply` makes the disk match it. Computing the
// whole picture first is what lets a bad input fail with nothing changed.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/state/atomic_file.h"
#include "core/util/environment.h"
#include "core/util/result.h"
#include "provision/device_records.h"
#include "provision/spec.h"

namespace openclaw::provision {

enum class ChangeKind { Directory, Permissions, Owner, Config, Credential, Device, Identity, AuthProfile };
std::string_view to_string(ChangeKind kind);

struct DesiredDirectory {
  std::filesystem::path path;
  mode_t mode;
};

struct DesiredFile {
  std::filesystem::path path;
  std::string content;
  mode_t mode;
  ChangeKind kind;
  // When set, an existing file that parses (as JSON5) to this tree is left as it is, so the
  // operator's formatting and comments survive a run that changes nothing in it.
  std::optional<nlohmann::json> meaning;
};

struct DesiredState {
  std::vector<DesiredDirectory> directories;  // parents first
  std::vector<DesiredFile> files;             // in the order they are written
  std::optional<state::FileOwner> owner;
  std::vector<std::string> notes;     // decisions the operator should know about
  std::vector<std::string> warnings;  // e.g. unknown keys in the existing config

  nlohmann::json existing_config;  // as parsed from disk (empty object when absent)
  nlohmann::json desired_config;

  std::string token_source;       // where the gateway secret lives (never the secret)
  std::string token_fingerprint;  // "sha256:…", empty without a shared secret
  std::string token_value;        // printed only with --reveal
  std::string cli_device_id;      // empty without cliIdentity
  std::vector<ApprovedDevice> approved_devices;
};

struct PlanOptions {
  bool rotate_token = false;
  std::int64_t now_ms = 0;
  // Devices to approve besides the spec's (from `device add`).
  std::vector<DeviceApproval> extra_devices;
  // `device add --generate`: create the CLI identity even if the spec turned it off.
  bool force_cli_identity = false;
};

// Reads the current state and computes the desired one. Fails, without writing anything,
// on unreadable or unparsable existing files, unreadable secret files, and a merged config
// that does not validate; every message names the file or the field.
Result<DesiredState> compute_desired_state(const ProvisionSpec& spec, const Environment& environment,
                                           const PlanOptions& options);

}  // namespace openclaw::provision
