// SPDX-License-Identifier: MIT
// A trial point and its evaluation as text, to cross to a worker process or an MPI rank and
// back. Numbers round-trip bit for bit, so a trial evaluated elsewhere is recorded exactly as
// one evaluated here.
#pragma once

#include <string>

#include "nas/search/trial_evaluator.h"

namespace imc::nas {

std::string encode_trial_point(const TrialPoint& p);
TrialPoint decode_trial_point(const std::string& text);

std::string encode_trial_evaluation(const TrialEvaluation& e);
TrialEvaluation decode_trial_evaluation(const std::string& text);

}  // namespace imc::nas
