// JSON merge patch (RFC 7386) as config.patch applies it (upstream src/config/merge-patch.ts):
// objects merge key by key, `null` deletes a key, anything else replaces; with
// `merge_arrays_by_id`, a list of {id, ...} objects patched with a list of {id, ...} objects
// merges entry by entry on `id` (agents.list) instead of being replaced.
#pragma once

#include <nlohmann/json.hpp>

namespace openclaw::config {

struct MergePatchOptions {
  bool merge_arrays_by_id = true;
};

// `base` with `patch` applied. A patch that is not an object replaces `base` whole.
nlohmann::json apply_merge_patch(const nlohmann::json& base, const nlohmann::json& patch,
                                 const MergePatchOptions& options = {});

}  // namespace openclaw::config
