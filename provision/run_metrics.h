// Prometheus metrics about one provisioning run, written in the text format for
// node_exporter's textfile collector (--collector.textfile.directory).
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "core/state/atomic_file.h"
#include "core/util/result.h"

namespace openclaw::provision {

struct RunRecord {
  std::string command;  // apply, token-rotate, device-add
  bool success = false;
  double started_at_seconds = 0;  // unix time
  double duration_seconds = 0;
  std::map<std::string, int> changes_by_kind;
  std::string spec_fingerprint;  // empty when the spec could not be read
};

// The run in Prometheus text format:
//   openclaw_provision_last_run_timestamp_seconds, openclaw_provision_last_run_success,
//   openclaw_provision_last_run_duration_seconds, openclaw_provision_changes{kind},
//   openclaw_provision_info{version,spec_fingerprint,command}.
std::string render_run_metrics(const RunRecord& record);

// Writes the metrics atomically (a collector never reads half a file).
Status write_run_metrics(const std::filesystem::path& file, const RunRecord& record,
                         const std::optional<state::FileOwner>& owner);

}  // namespace openclaw::provision
