// The whole `openclaw-provision` command line, callable from any main(): the provisioner's own
// binary, and the `openclaw` binary when it is started under the name `openclaw-provision`
// (the container image ships one multi-call binary and a symlink, to stay small).
#pragma once

namespace openclaw::provision {

// Runs `openclaw-provision ARGS` (argv[0] is ignored) and returns the process exit code:
// 0 done, 1 error (message on stderr), 2 `plan` has changes. Output goes to stdout/stderr.
int provision_main(int argc, char** argv);

}  // namespace openclaw::provision
