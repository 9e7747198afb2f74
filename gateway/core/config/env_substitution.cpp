#include "core/config/env_substitution.h"

#include <optional>

namespace openclaw::config {
namespace {

using nlohmann::json;

enum class TokenKind { Escaped, Substitution };

struct Token {
  TokenKind kind;
  std::string_view name;
  std::size_t end;  // index of the closing '}'
};

bool is_env_name(std::string_view name) {
  if (name.empty()) return false;
  char first = name[0];
  if (!((first >= 'A' && first <= 'Z') || first == '_')) return false;
  for (char c : name.substr(1)) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

// Recognises "$${NAME}" (escaped) or "${NAME}" at `index`, which holds a '$'.
std::optional<Token> token_at(std::string_view text, std::size_t index) {
  auto placeholder = [&](std::size_t open, TokenKind kind) -> std::optional<Token> {
    std::size_t start = open + 1;
    std::size_t end = text.find('}', start);
    if (end == std::string_view::npos) return std::nullopt;
    auto name = text.substr(start, end - start);
    if (!is_env_name(name)) return std::nullopt;
    return Token{kind, name, end};
  };
  // The escape is checked first so "$${VAR}" never resolves from the environment.
  if (index + 2 < text.size() && text[index + 1] == '$' && text[index + 2] == '{') {
    if (auto token = placeholder(index + 2, TokenKind::Escaped)) return token;
  }
  if (index + 1 < text.size() && text[index + 1] == '{') {
    return placeholder(index + 1, TokenKind::Substitution);
  }
  return std::nullopt;
}

void substitute_node(json& node, const Environment& env, const std::string& path,
                     std::vector<Diagnostic>& warnings) {
  if (node.is_string()) {
    const auto& text = node.get_ref<const std::string&>();
    if (text.find('$') == std::string::npos) return;
    std::vector<std::string> missing;
    std::string replaced = substitute_env_in_string(text, env, &missing);
    for (const auto& name : missing) {
      warnings.push_back(
          {path, "environment variable " + name + " is not set (left as ${" + name + "})"});
    }
    node = std::move(replaced);
  } else if (node.is_array()) {
    for (std::size_t i = 0; i < node.size(); ++i) {
      substitute_node(node[i], env, append_index(path, i), warnings);
    }
  } else if (node.is_object()) {
    for (auto& [key, value] : node.items()) {
      substitute_node(value, env, append_key(path, key), warnings);
    }
  }
}

}  // namespace

std::string substitute_env_in_string(std::string_view text, const Environment& env,
                                     std::vector<std::string>* missing) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '$') {
      out += text[i];
      continue;
    }
    auto token = token_at(text, i);
    if (!token) {
      out += '$';
      continue;
    }
    if (token->kind == TokenKind::Escaped) {
      out += "${";
      out += token->name;
      out += '}';
    } else if (auto value = env.get_non_empty(token->name)) {
      out += *value;
    } else {
      if (missing != nullptr) missing->emplace_back(token->name);
      out += "${";
      out += token->name;
      out += '}';
    }
    i = token->end;
  }
  return out;
}

bool contains_env_reference(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '$') continue;
    auto token = token_at(text, i);
    if (!token) continue;
    if (token->kind == TokenKind::Substitution) return true;
    i = token->end;
  }
  return false;
}

EnvSubstitutionResult substitute_env(const json& root, const Environment& env) {
  EnvSubstitutionResult result{root, {}};
  substitute_node(result.value, env, "", result.warnings);
  return result;
}

}  // namespace openclaw::config
