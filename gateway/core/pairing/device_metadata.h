// Client metadata a paired device is pinned to (spec §1.5 normalizeDeviceMetadataForAuth,
// §3.8 metadata-upgrade): platform and deviceFamily compared trimmed and with ASCII A-Z
// lowercased, nothing else folded.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace openclaw::pairing {

// `value` trimmed of ASCII whitespace with A-Z lowercased; "" for nullopt.
std::string normalize_device_metadata(std::optional<std::string_view> value);

// True when a device claiming `claimed` must be re-approved because it was paired with a
// different non-empty `pinned` value. An unpinned (absent or blank) value never mismatches.
bool pinned_metadata_differs(std::optional<std::string_view> pinned,
                             std::optional<std::string_view> claimed);

}  // namespace openclaw::pairing
