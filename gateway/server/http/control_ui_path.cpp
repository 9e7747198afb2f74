#include "server/http/control_ui_path.h"

#include <algorithm>
#include <cctype>

#include "core/util/text.h"

namespace openclaw::server {
namespace {

bool is_control(unsigned char c) { return c < 0x20 || c == 0x7f; }

// One segment decoded once; nullopt for a bad escape or a name that is not a plain,
// visible file name.
std::optional<std::string> decode_segment(std::string_view raw) {
  auto decoded = percent_decode(raw);
  if (!decoded) return std::nullopt;
  std::string name = std::move(*decoded);
  if (name.empty() || name.front() == '.') return std::nullopt;  // ".", "..", dotfiles
  // '%' after one decoding is a second layer of encoding (%252e): no UI file has one.
  const bool bad = std::ranges::any_of(name, [](char c) {
    return c == '/' || c == '\\' || c == '%' || is_control(static_cast<unsigned char>(c));
  });
  if (bad) return std::nullopt;
  return name;
}

}  // namespace

std::optional<UiRelativePath> parse_ui_path(std::string_view below_mount) {
  if (std::ranges::any_of(below_mount, [](char c) { return c == '\\' || is_control(static_cast<unsigned char>(c)); })) {
    return std::nullopt;
  }
  if (below_mount.starts_with('/')) below_mount.remove_prefix(1);
  UiRelativePath path;
  if (below_mount.empty()) {
    path.directory = true;
    return path;
  }
  if (below_mount.ends_with('/')) {
    path.directory = true;
    below_mount.remove_suffix(1);
  }
  std::size_t start = 0;
  while (start <= below_mount.size()) {
    const std::size_t end = std::min(below_mount.find('/', start), below_mount.size());
    auto segment = decode_segment(below_mount.substr(start, end - start));
    if (!segment) return std::nullopt;
    path.segments.push_back(std::move(*segment));
    start = end + 1;
  }
  // Upstream's shortcut: index.html links its bundles as "./assets/…", which a deep link
  // resolves below the route ("/chat/assets/…"); the bundle is the one under assets/.
  const auto assets = std::ranges::find(path.segments, std::string("assets"));
  if (assets != path.segments.end() && assets != path.segments.begin() && assets + 1 != path.segments.end()) {
    path.segments.erase(path.segments.begin(), assets);
  }
  return path;
}

std::string file_extension(std::string_view name) {
  const auto dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return "";
  std::string extension(name.substr(dot + 1));
  std::ranges::transform(extension, extension.begin(),
                         [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension;
}

}  // namespace openclaw::server
