#include "core/config/container.h"

#include <gtest/gtest.h>

#include "temp_dir.h"

namespace openclaw::config {
namespace {

using testing::TempDir;

TEST(DetectContainer, EmptyRootIsNotAContainer) {
  TempDir root;
  EXPECT_FALSE(detect_container(root.path()));
}

TEST(DetectContainer, DockerenvMarker) {
  TempDir root;
  root.write(".dockerenv", "");
  EXPECT_TRUE(detect_container(root.path()));
}

TEST(DetectContainer, PodmanContainerenvMarkers) {
  TempDir run;
  run.write("run/.containerenv", "engine=\"podman\"");
  EXPECT_TRUE(detect_container(run.path()));
  TempDir var_run;
  var_run.write("var/run/.containerenv", "");
  EXPECT_TRUE(detect_container(var_run.path()));
}

TEST(DetectContainer, CgroupMentioningARuntime) {
  for (const char* line : {"0::/system.slice/docker-abc.scope", "1:name=systemd:/kubepods/pod1",
                           "0::/containerd/x", "2:cpu:/lxc/web"}) {
    TempDir root;
    root.write("proc/1/cgroup", line);
    EXPECT_TRUE(detect_container(root.path())) << line;
  }
}

TEST(DetectContainer, HostCgroupIsNotAContainer) {
  TempDir root;
  root.write("proc/1/cgroup", "0::/init.scope\n");
  EXPECT_FALSE(detect_container(root.path()));
}

TEST(DetectContainer, UnreadableCgroupCountsAsNoMarker) {
  TempDir root;
  root.mkdir("proc/1/cgroup");  // a directory where a file should be
  EXPECT_FALSE(detect_container(root.path()));
}

}  // namespace
}  // namespace openclaw::config
