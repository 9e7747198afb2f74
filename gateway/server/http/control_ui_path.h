// The file a Control UI request names, as path segments below the UI root (issue 7: no
// HTTP route serves a file outside its root). Only text is looked at here; opening the
// file without following links is control_ui_file.h's job.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace openclaw::server {

struct UiRelativePath {
  // Percent-decoded once, each a plain name: never empty, ".", "..", a dotfile, or holding
  // '/', '\', '%', NUL or a control character. Empty for the mount itself.
  std::vector<std::string> segments;
  // The request ended in '/': it names a directory, served by its index.html.
  bool directory = false;
};

// The segments of `below_mount`, the still percent-encoded request path after the base
// path (e.g. "assets/app-abc.js", "" or "/" for the mount, "chat/session/" for a deep
// link), with upstream's shortcut for relative asset links from deep links: a path with
// an `assets` segment names what follows it under `assets/` ("chat/assets/x.js" →
// assets/x.js). nullopt (a refusal, answered 404) when the path is malformed or tries to
// leave the root or reach a hidden file: a raw '\', NUL or control byte; a bad %-escape;
// an empty segment ("a//b"); a segment that decodes to ".", "..", a dotfile, or a name
// holding '/', '\', '%' (double encoding such as %252e), NUL or a control character.
std::optional<UiRelativePath> parse_ui_path(std::string_view below_mount);

// The lowercase extension of `name` without the dot ("js"), or "" when it has none.
std::string file_extension(std::string_view name);

}  // namespace openclaw::server
