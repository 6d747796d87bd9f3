// SPDX-License-Identifier: MIT
// A study read back is checked against its own search space before anything decodes its
// points: a study.db edited by hand (a categorical index past its choices, a missing block
// count, a number where an integer belongs) is a StudyError naming the file and the trial,
// not a vector range check or map::at deep inside a report.
#pragma once

#include <string>
#include <vector>

#include "configs/search_config.h"
#include "nas/study/records.h"

namespace imc::nas {

/// Throws StudyError naming `path` and the first trial whose parameters the space of `cfg`
/// does not hold.
void check_study_trials(const config::SearchConfig& cfg, const std::vector<TrialRecord>& trials,
                        const std::string& path);

}  // namespace imc::nas
