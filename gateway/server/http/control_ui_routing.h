// Which requests belong to the Control UI (spec §6, upstream control-ui-routing.ts): at the
// root mount every GET/HEAD except /ui*, the probe paths, /plugins*, /api* and /v1*; under
// a base path everything below it, plus a redirect of "/" and of the bare base path.
#pragma once

#include <boost/beast/http/verb.hpp>
#include <ostream>  // boost/core string_view needs it complete
#include <string>
#include <string_view>

namespace openclaw::server {

// gateway.controlUi.basePath as upstream normalises it: trimmed, "" for "" or "/", else
// with one leading '/' and no trailing '/' ("openclaw/" → "/openclaw").
std::string normalize_ui_base_path(std::string_view configured);

struct UiRoute {
  enum class Kind {
    NotUi,     // not the UI's: the other routes (probes, 404) answer
    NotFound,  // the UI's namespace but nothing there (/ui* at the root mount): 404
    Redirect,  // 302 to `location`
    Config,    // the bootstrap JSON
    Serve,     // a file below the root (`below_mount`), or index.html
  };
  Kind kind = Kind::NotUi;
  std::string location;
  std::string below_mount;   // still percent-encoded, e.g. "/assets/app.js"
  bool spa_fallback = false;  // a missing non-asset path gets index.html
};

// Classifies one request. `target` is the request target as received (path and query),
// `base_path` already normalised, `accept` the Accept header ("" when absent).
UiRoute classify_ui_request(std::string_view base_path, std::string_view target, boost::beast::http::verb method,
                            std::string_view accept);

}  // namespace openclaw::server
