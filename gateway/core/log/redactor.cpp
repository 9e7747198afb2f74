#include "core/log/redactor.h"

#include <algorithm>
#include <mutex>
#include <utility>
#include <vector>

namespace openclaw::log {

bool Redactor::add(std::string_view secret) {
  if (secret.size() < kMinimumSecretLength) return false;
  std::unique_lock lock(mutex_);
  auto it = secrets_.find(secret);
  if (it == secrets_.end()) {
    secrets_.emplace(std::string(secret), 1);
  } else {
    ++it->second;
  }
  return true;
}

void Redactor::remove(std::string_view secret) {
  std::unique_lock lock(mutex_);
  auto it = secrets_.find(secret);
  if (it == secrets_.end()) return;
  if (--it->second == 0) secrets_.erase(it);
}

void Redactor::clear() {
  std::unique_lock lock(mutex_);
  secrets_.clear();
}

std::size_t Redactor::size() const {
  std::shared_lock lock(mutex_);
  return secrets_.size();
}

std::string Redactor::redact(std::string_view text) const {
  // Half-open [begin, end) byte ranges covered by some secret.
  std::vector<std::pair<std::size_t, std::size_t>> covered;
  {
    std::shared_lock lock(mutex_);
    for (const auto& [secret, count] : secrets_) {
      for (std::size_t at = text.find(secret); at != std::string_view::npos;
           at = text.find(secret, at + 1)) {
        covered.emplace_back(at, at + secret.size());
      }
    }
  }
  if (covered.empty()) return std::string(text);

  std::sort(covered.begin(), covered.end());
  std::string out;
  out.reserve(text.size());
  std::size_t copied_up_to = 0;
  for (std::size_t i = 0; i < covered.size();) {
    const std::size_t begin = covered[i].first;
    std::size_t end = covered[i].second;
    for (++i; i < covered.size() && covered[i].first <= end; ++i) {
      end = std::max(end, covered[i].second);
    }
    out.append(text.substr(copied_up_to, begin - copied_up_to));
    out.append(kPlaceholder);
    copied_up_to = end;
  }
  out.append(text.substr(copied_up_to));
  return out;
}

}  // namespace openclaw::log
