// Container detection, which decides what bind mode "auto" (and an unset bind) means
// (spec §3.3; upstream net.ts).
#pragma once

#include <filesystem>

namespace openclaw::config {

// True when `root` looks like the root of a container: /.dockerenv, /run/.containerenv or
// /var/run/.containerenv exists, or /proc/1/cgroup mentions docker, containerd, kubepods or
// lxc. `root` is "/" in production and a fake tree in tests. Unreadable files count as
// "no marker".
bool detect_container(const std::filesystem::path& root = "/");

}  // namespace openclaw::config
