// The verdict and the score of a validation: the one place where they are computed.
//
// Formula assay-score/1 (kScoreVersion in result_json.h; change the version with the formula):
//
//   verdict = error  when a stage ended in an internal error (assay could not decide);
//             fail   when any diagnostic is an error or any test failed;
//             pass   otherwise.
//
//   score   = 0                          verdict error, or the parse stage failed
//           = 0.25                       the check stage failed (it parses, but is wrong)
//           = 0.5 + 0.4 × passed/total   the run stage failed; total counts the tests run,
//                                        and without tests the fraction is 0
//           = 1 − 0.05 × warnings        a pass; never below 0.8
//
// So a clean pass scores 1 and an artefact that does not parse scores 0; every step further
// through the stages is worth more, and warnings cost a little without failing anything.
// Pure function, thread-safe.
#pragma once

#include "src/core/validation_result.h"

namespace assay {

struct Assessment {
  Verdict verdict = Verdict::kPass;
  double score = 1.0;
};

Assessment assess(const std::vector<StageResult>& stages,
                  const std::vector<Diagnostic>& diagnostics, const TestResults& tests);

}  // namespace assay
