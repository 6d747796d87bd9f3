// SPDX-License-Identifier: MIT
// The search's study records live in the exploration layer (explore/study/); these are the
// names the search code uses for them.
#pragma once

#include "explore/study/study_db.h"
#include "explore/study/trial_stats.h"

namespace imc::nas {

using explore::best_trial;
using explore::parse_trial_state;
using explore::shown_metrics;
using explore::study_stats;
using explore::StudyDb;
using explore::StudyError;
using explore::StudyMeta;
using explore::StudyStats;
using explore::trial_state_name;
using explore::TrialRecord;
using explore::TrialState;

}  // namespace imc::nas
