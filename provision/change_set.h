// The difference between the desired state and the disk, and the act of closing it.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/util/result.h"
#include "provision/desired_state.h"

namespace openclaw::provision {

struct Change {
  ChangeKind kind;
  std::string action;  // create, update, chmod, chown
  std::filesystem::path path;
  std::string detail;  // e.g. "0755 -> 0700", or the config keys that change; never a secret
};

// What apply would do, in the order it would do it. Empty when the disk already matches.
std::vector<Change> compute_changes(const DesiredState& desired);

// Count of changes per kind, for the summary and the metrics.
std::map<std::string, int> count_by_kind(const std::vector<Change>& changes);

// Checks that every directory to create and every file to write sits in a writable place,
// so a read-only or missing mount fails before the first write.
Status check_writable(const DesiredState& desired);

// Makes the disk match `desired`: directories first, then each file atomically. Stops at the
// first failure; files already replaced are complete (never half-written).
Status apply_changes(const DesiredState& desired, const std::vector<Change>& changes);

}  // namespace openclaw::provision
