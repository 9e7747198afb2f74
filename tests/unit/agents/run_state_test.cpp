// RunState and the model call it holds: a finished run keeps no call, so a call whose text
// sink holds the run (as the router's does) cannot keep both alive after the run ends.
#include "agents/run_state.h"

#include <gtest/gtest.h>

namespace openclaw::agents {
namespace {

// A model call that holds its run, as the router's text sink does.
struct CallHoldingItsRun final : providers::ModelCall {
  std::shared_ptr<RunState> run;
  bool cancelled = false;
  void cancel() override { cancelled = true; }
};

std::shared_ptr<RunState> new_run() {
  RunRequest request;
  request.run_id = "run-1";
  return std::make_shared<RunState>(std::move(request), RunCallbacks{}, log::Logger());
}

TEST(RunStateTest, ACallThatFinishedBeforeItWasAttachedIsNotKept) {
  auto run = new_run();
  const std::weak_ptr<RunState> watched = run;
  auto call = std::make_shared<CallHoldingItsRun>();
  call->run = run;
  run->complete(run->base_outcome());  // the call ended before the caller could attach it

  EXPECT_TRUE(run->attach_call(call));
  EXPECT_FALSE(call->cancelled);
  run.reset();
  call.reset();
  EXPECT_TRUE(watched.expired());
}

TEST(RunStateTest, TheCallAttachedWhileRunningIsReleasedWhenTheRunCompletes) {
  auto run = new_run();
  const std::weak_ptr<RunState> watched = run;
  auto call = std::make_shared<CallHoldingItsRun>();
  call->run = run;
  ASSERT_TRUE(run->attach_call(call));
  call.reset();
  run->complete(run->base_outcome());
  run.reset();
  EXPECT_TRUE(watched.expired());
}

TEST(RunStateTest, AStoppedRunRefusesTheCallSoTheCallerCancelsIt) {
  auto run = new_run();
  ASSERT_TRUE(run->stop(RunState::StopCause::Abort));
  auto call = std::make_shared<CallHoldingItsRun>();
  EXPECT_FALSE(run->attach_call(call));
}

}  // namespace
}  // namespace openclaw::agents
