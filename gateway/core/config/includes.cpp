#include "core/config/includes.h"

#include <algorithm>
#include <system_error>

#include "core/state/file_reader.h"
#include "core/config/paths.h"
#include "core/json5/json5.h"

namespace openclaw::config {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr std::size_t kMaxIncludePathLength = 4096;

fs::path absolute_normal(const fs::path& p) {
  std::error_code ec;
  fs::path absolute = fs::absolute(p, ec);
  if (ec) absolute = p;
  return absolute.lexically_normal();
}

// True when `candidate` is `root` or lies below it (both absolute and normalised).
bool is_inside(const fs::path& root, const fs::path& candidate) {
  auto r = root.begin();
  auto c = candidate.begin();
  for (; r != root.end(); ++r, ++c) {
    if (r->empty()) continue;  // trailing separator of "dir/"
    if (c == candidate.end() || *r != *c) return false;
  }
  return true;
}

std::string json_type_name(const json& value) {
  switch (value.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::boolean:
      return "a boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float:
      return "a number";
    case json::value_t::object:
      return "an object";
    case json::value_t::array:
      return "an array";
    case json::value_t::string:
      return "a string";
    default:
      return "an unsupported value";
  }
}

class IncludeResolver {
 public:
  IncludeResolver(const fs::path& config_path, const IncludeOptions& options) : options_(options) {
    roots_.push_back(absolute_normal(config_path).parent_path());
    for (const auto& extra : options.extra_roots) roots_.push_back(absolute_normal(extra));
    for (const auto& root : roots_) {
      std::error_code ec;
      fs::path real = fs::canonical(root, ec);
      real_roots_.push_back(ec ? root : real);
    }
  }

  Result<json> run(const json& root, const fs::path& config_path) {
    fs::path file = absolute_normal(config_path);
    chain_.push_back(identity_of(file));
    return process(root, file, 0);
  }

 private:
  Result<json> process(const json& node, const fs::path& file, int depth) {
    if (node.is_array()) {
      json out = json::array();
      for (const auto& item : node) {
        auto processed = process(item, file, depth);
        if (!processed) return processed;
        out.push_back(std::move(*processed));
      }
      return out;
    }
    if (!node.is_object()) return node;

    auto include = node.find(kIncludeKey);
    if (include == node.end()) {
      json out = json::object();
      for (const auto& [key, value] : node.items()) {
        auto processed = process(value, file, depth);
        if (!processed) return processed;
        out[key] = std::move(*processed);
      }
      return out;
    }

    auto included = resolve_directive(*include, file, depth);
    if (!included) return included;
    if (node.size() == 1) return included;
    if (!included->is_object()) {
      return fail(file.string() + ": $include " + include->dump() +
                  ": sibling keys need the included content to be an object, got " +
                  json_type_name(*included));
    }
    json rest = json::object();
    for (const auto& [key, value] : node.items()) {
      if (key == kIncludeKey) continue;
      auto processed = process(value, file, depth);
      if (!processed) return processed;
      rest[key] = std::move(*processed);
    }
    return deep_merge(*included, rest);
  }

  Result<json> resolve_directive(const json& value, const fs::path& file, int depth) {
    if (value.is_string()) return load(value.get<std::string>(), file, depth);
    if (value.is_array()) {
      json merged = json::object();
      for (const auto& item : value) {
        if (!item.is_string()) {
          return fail(file.string() + ": $include array items must be strings, got " +
                      json_type_name(item));
        }
        auto loaded = load(item.get<std::string>(), file, depth);
        if (!loaded) return loaded;
        merged = deep_merge(merged, *loaded);
      }
      return merged;
    }
    return fail(file.string() + ": $include must be a string or an array of strings, got " +
                json_type_name(value));
  }

  Result<json> load(const std::string& include_path, const fs::path& file, int depth) {
    const std::string where = file.string() + ": $include \"" + include_path + "\": ";
    if (include_path.empty()) return fail(where + "the path is empty");
    if (include_path.find('\0') != std::string::npos) {
      return fail(where + "the path contains a NUL byte");
    }
    if (include_path.size() >= kMaxIncludePathLength) {
      return fail(where + "the path is too long");
    }

    fs::path candidate(include_path);
    if (candidate.is_relative()) candidate = file.parent_path() / candidate;
    candidate = candidate.lexically_normal();
    if (std::ranges::none_of(roots_, [&](const fs::path& r) { return is_inside(r, candidate); })) {
      return fail(where + "resolves to " + candidate.string() +
                  ", outside the config directory (allowed: " + allowed_roots() +
                  "; add directories to OPENCLAW_INCLUDE_ROOTS to allow more)");
    }
    std::error_code ec;
    fs::path real = fs::canonical(candidate, ec);
    if (!ec &&
        std::ranges::none_of(real_roots_, [&](const fs::path& r) { return is_inside(r, real); })) {
      return fail(where + "follows a symlink to " + real.string() +
                  ", outside the config directory (allowed: " + allowed_roots() + ")");
    }

    fs::path identity = ec ? candidate : real;
    if (std::ranges::find(chain_, identity) != chain_.end()) {
      std::string cycle;
      for (const auto& step : chain_) cycle += step.string() + " -> ";
      return fail(where + "circular include: " + cycle + identity.string());
    }
    if (depth >= options_.max_depth) {
      return fail(where + "includes are nested deeper than " + std::to_string(options_.max_depth) +
                  " levels");
    }

    auto text = state::read_file_limited(candidate, options_.max_file_bytes);
    if (!text)
      return fail(where + "cannot read " + candidate.string() + ": " + text.error().reason);
    auto parsed = json5::parse(*text);
    if (!parsed) {
      return fail(where + "cannot parse " + candidate.string() + ": " + parsed.error().message);
    }

    chain_.push_back(identity);
    auto processed = process(*parsed, candidate, depth + 1);
    chain_.pop_back();
    return processed;
  }

  fs::path identity_of(const fs::path& p) const {
    std::error_code ec;
    fs::path real = fs::canonical(p, ec);
    return ec ? p : real;
  }

  std::string allowed_roots() const {
    std::string out;
    for (const auto& r : roots_) {
      if (!out.empty()) out += ", ";
      out += r.string();
    }
    return out;
  }

  const IncludeOptions& options_;
  std::vector<fs::path> roots_;
  std::vector<fs::path> real_roots_;
  std::vector<fs::path> chain_;  // files currently being expanded, outermost first
};

}  // namespace

std::vector<fs::path> include_roots_from_env(const Environment& env) {
  std::vector<fs::path> roots;
  auto raw = env.get("OPENCLAW_INCLUDE_ROOTS");
  if (!raw) return roots;
  std::string_view rest(*raw);
  for (;;) {
    auto colon = rest.find(':');
    std::string_view entry = rest.substr(0, colon);
    while (!entry.empty() && (entry.front() == ' ' || entry.front() == '\t'))
      entry.remove_prefix(1);
    while (!entry.empty() && (entry.back() == ' ' || entry.back() == '\t')) entry.remove_suffix(1);
    if (!entry.empty()) {
      auto expanded = expand_home(entry, env);
      if (expanded && expanded->is_absolute()) {
        fs::path normal = expanded->lexically_normal();
        if (std::ranges::find(roots, normal) == roots.end()) roots.push_back(normal);
      }
    }
    if (colon == std::string_view::npos) break;
    rest.remove_prefix(colon + 1);
  }
  return roots;
}

json deep_merge(const json& target, const json& source) {
  if (target.is_array() && source.is_array()) {
    json merged = target;
    for (const auto& item : source) merged.push_back(item);
    return merged;
  }
  if (target.is_object() && source.is_object()) {
    json merged = target;
    for (const auto& [key, value] : source.items()) {
      auto existing = merged.find(key);
      json combined = existing == merged.end() ? value : deep_merge(*existing, value);
      merged[key] = std::move(combined);
    }
    return merged;
  }
  return source;
}

Result<json> resolve_includes(const json& root, const fs::path& config_path,
                              const IncludeOptions& options) {
  IncludeResolver resolver(config_path, options);
  return resolver.run(root, config_path);
}

}  // namespace openclaw::config
