#include "cli/doctor/doctor_report.h"

#include <gtest/gtest.h>

#include <sstream>

#include "doctor_test_state.h"

namespace openclaw::cli::doctor {
namespace {

using testing::TestState;

Findings sample() {
  Findings findings;
  findings.ok("config.valid", "Config", "/s/openclaw.json is valid");
  auto& mode = findings.warn("state.dir.mode", "State integrity",
                             "State directory permissions are too open (/s).", "chmod 700 /s");
  mode.fixable = true;
  findings
      .error("state.directory.missing", "State integrity",
             "CRITICAL: Session store dir missing (/s/x).", "mkdir -m 700 -p /s/x")
      .fixable = true;
  return findings;
}

TEST(DoctorReport, TextGroupsBySectionWithMarkersAndRemedies) {
  TestState state;
  std::ostringstream out;
  print_report(state.inputs(), sample(), false, out);
  const std::string text = out.str();
  EXPECT_NE(text.find("\nConfig\n  ✓ /s/openclaw.json is valid\n"), std::string::npos) << text;
  EXPECT_NE(
      text.find(
          "\nState integrity\n  ! State directory permissions are too open (/s).\n      fix: chmod "
          "700 /s\n"
          "  ✗ CRITICAL: Session store dir missing (/s/x).\n      fix: mkdir -m 700 -p /s/x\n"),
      std::string::npos)
      << text;
  EXPECT_NE(
      text.find("1 error, 1 warning; 2 can be repaired safely: run \"openclaw doctor --fix\"."),
      std::string::npos)
      << text;
}

TEST(DoctorReport, FixedFindingsShowWhatWasDone) {
  TestState state;
  Findings findings = sample();
  Findings fixed;
  for (auto finding : findings.all()) {
    if (finding.fixable) {
      finding.fixed = true;
      finding.fix_note = "Did " + finding.id;
    }
    fixed.add(finding);
  }
  std::ostringstream out;
  print_report(state.inputs(), fixed, true, out);
  EXPECT_NE(out.str().find("      fixed: Did state.dir.mode\n"), std::string::npos);
  EXPECT_NE(
      out.str().find("\nDoctor changes\n  - Did state.dir.mode\n  - Did state.directory.missing\n"),
      std::string::npos);
  EXPECT_NE(out.str().find("No problems left."), std::string::npos);

  const auto json = report_json(state.inputs(), fixed);
  EXPECT_TRUE(json["ok"]);
  ASSERT_EQ(json["fixed"].size(), 2u);
  EXPECT_EQ(json["fixed"][0],
            (nlohmann::json{{"id", "state.dir.mode"}, {"action", "Did state.dir.mode"}}));
}

TEST(DoctorReport, JsonShape) {
  TestState state;
  const auto json = report_json(state.inputs(), sample());
  EXPECT_FALSE(json["ok"]);
  EXPECT_EQ(json["stateDir"], state.root().string());
  EXPECT_EQ(json["configPath"], state.layout().config_file().string());
  ASSERT_EQ(json["findings"].size(), 3u);
  EXPECT_EQ(json["findings"][2],
            (nlohmann::json{{"id", "state.directory.missing"},
                            {"section", "State integrity"},
                            {"severity", "error"},
                            {"message", "CRITICAL: Session store dir missing (/s/x)."},
                            {"remedy", "mkdir -m 700 -p /s/x"},
                            {"fixable", true},
                            {"fixed", false}}));
  EXPECT_TRUE(json["fixed"].empty());
}

}  // namespace
}  // namespace openclaw::cli::doctor
