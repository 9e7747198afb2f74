// BoundedFamily: a prometheus-cpp metric family whose number of series cannot grow without
// limit. Label values are first reduced to a safe vocabulary (label_value), and once
// `max_series` distinct label sets exist every new one is counted under the label set whose
// values are all "other". A client that sends ten thousand invented method names therefore
// costs one extra series, not ten thousand.
#pragma once

#include <prometheus/family.h>
#include <prometheus/histogram.h>

#include <algorithm>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

namespace openclaw::server {

inline constexpr std::string_view kOverflowLabelValue = "other";

// `value` when it is 1-64 characters of [A-Za-z0-9_.:/-]; "unknown" when empty; "other"
// otherwise. Callers pass names from fixed vocabularies, so anything else is a bug or an
// attacker's text and must not become a series.
inline std::string label_value(std::string_view value) {
  if (value.empty()) return "unknown";
  const bool tame = value.size() <= 64 && std::ranges::all_of(value, [](char c) {
                      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                             (c >= '0' && c <= '9') || c == '_' || c == '.' || c == ':' ||
                             c == '/' || c == '-';
                    });
  return tame ? std::string(value) : std::string(kOverflowLabelValue);
}

template <class Metric>
class BoundedFamily {
 public:
  // `label_names` in the order values are passed to get(). `buckets` only for histograms.
  BoundedFamily(prometheus::Family<Metric>& family, std::vector<std::string> label_names,
                std::size_t max_series, prometheus::Histogram::BucketBoundaries buckets = {})
      : family_(family),
        label_names_(std::move(label_names)),
        max_series_(max_series),
        buckets_(std::move(buckets)) {}

  // The series for these label values (one per label name, same order), created on first
  // use. Thread-safe; the reference stays valid for the family's lifetime.
  Metric& get(std::initializer_list<std::string_view> values) {
    std::vector<std::string> cleaned;
    cleaned.reserve(values.size());
    std::string key;
    for (std::string_view value : values) {
      cleaned.push_back(label_value(value));
      key += cleaned.back();
      key += '\0';
    }
    std::lock_guard lock(mutex_);
    if (auto it = series_.find(key); it != series_.end()) return *it->second;
    if (series_.size() >= max_series_) {
      if (overflow_ == nullptr) {
        overflow_ =
            &add(std::vector<std::string>(cleaned.size(), std::string(kOverflowLabelValue)));
      }
      return *overflow_;
    }
    Metric& metric = add(cleaned);
    series_.emplace(std::move(key), &metric);
    return metric;
  }

 private:
  Metric& add(const std::vector<std::string>& values) {
    prometheus::Labels labels;
    for (std::size_t i = 0; i < label_names_.size() && i < values.size(); ++i) {
      labels.emplace(label_names_[i], values[i]);
    }
    if constexpr (std::is_same_v<Metric, prometheus::Histogram>) {
      return family_.Add(labels, buckets_);
    } else {
      return family_.Add(labels);
    }
  }

  prometheus::Family<Metric>& family_;
  const std::vector<std::string> label_names_;
  const std::size_t max_series_;
  const prometheus::Histogram::BucketBoundaries buckets_;
  std::mutex mutex_;
  std::unordered_map<std::string, Metric*> series_;
  Metric* overflow_ = nullptr;
};

}  // namespace openclaw::server
