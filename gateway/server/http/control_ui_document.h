// What the gateway adds to the Control UI it serves (upstream control-ui.ts): index.html
// stamped with the mount (so a deep link still finds its bundles), its Content-Security-
// Policy, and the bootstrap JSON the SPA fetches before it connects.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/config/model.h"

namespace openclaw::server {

// index.html as served: the `<html` tag gains data-openclaw-control-ui-base-path="<base>"
// and data-openclaw-terminal-enabled="false" (this gateway has no terminal), and relative
// links to the bundles (./assets/…) and to the root files (favicons, manifest, sw.js)
// become absolute under the base path. Other text is left as it is.
std::string stamp_index_html(std::string_view html, std::string_view base_path);

// Upstream's CSP for the UI: self-only scripts plus a sha256 hash for each inline <script>
// of `html` (none for other answers), WebSocket connects, no framing.
std::string ui_content_security_policy(std::string_view html);

// The bootstrap JSON (spec §6): {basePath, assistantName, assistantAvatar,
// assistantAgentId, serverVersion, localMediaPreviewRoots:[], embedSandbox,
// allowExternalEmbedUrls}. The assistant is the default agent's `identity` (name; avatar
// or emoji when it is short text or an http(s)/data URL), else upstream's "Assistant"/"A".
nlohmann::ordered_json ui_bootstrap_config(const config::Config& config, std::string_view base_path,
                                           std::string_view server_version);

}  // namespace openclaw::server
