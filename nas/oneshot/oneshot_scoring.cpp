// SPDX-License-Identifier: MIT
#include "nas/oneshot/oneshot_scoring.h"

#include <stdexcept>

#include "configs/hw_config.h"
#include "nas/space/space_preset.h"
#include "nas/stopwatch.h"
#include "nas/train/search_training.h"

namespace imc::nas {

std::shared_ptr<const TrainedSupernet> open_supernet_for(const std::string& dir, const config::SearchConfig& search,
                                                         const DataSplits& data) {
  const config::SearchConfig trained = supernet_run_config(dir);
  const std::string checkpoint = supernet_checkpoint(dir);
  if (trained.data_config != search.data_config)
    throw std::invalid_argument("the supernet in " + dir + " was trained on data " + trained.data_config +
                                ", this search scores on " + search.data_config +
                                ": train a supernet on the search's data");
  if (trained.space.preset != search.space.preset)
    throw std::invalid_argument("the supernet in " + dir + " is of space preset " + trained.space.preset +
                                ", this search's is " + search.space.preset);
  const workloads::Shape input{data.train.height, data.train.width, data.train.channels, false};
  const config::HwConfig hw = config::load_hw_config(trained.hw_config, config::parse_overrides(trained.hw_sets));
  auto supernet = std::make_shared<const TrainedSupernet>(supernet_train_config(trained, hw, input, data.train.classes),
                                                          checkpoint);
  // Every candidate of the search must be in the supernet: its covering networks are the
  // largest, so it is enough that they are.
  const SpacePreset& preset = space_preset(search.space);
  for (const Point& p : preset.covering_points(search.space)) {
    const Candidate c = decode(search.space, p, input, data.train.classes);
    try {
      supernet->check_covers(p, workloads::Network::build(c.spec));
    } catch (const workloads::NetworkError&) {
      continue;  // does not build: no trial of it either
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument("the supernet in " + dir + " does not hold every candidate of this search's space (" +
                                  e.what() + "); search a space within the supernet's, or train one of this space");
    }
  }
  return supernet;
}

bool reads_clean_accuracy(const config::SearchConfig& cfg) {
  const std::string clean = "accuracy_clean";
  if ("accuracy_" + cfg.objective.accuracy == clean) return true;
  for (const config::ObjectiveDirection& o : cfg.objective.objectives)
    if (o.metric == clean) return true;
  for (const config::ConstraintConfig& c : cfg.constraints)
    if (c.metric == clean) return true;
  return false;
}

TrainFn make_oneshot_train_fn(const DataSplits& data, std::shared_ptr<const TrainedSupernet> supernet, int bn_images,
                              bool clean_accuracy) {
  return [&data, supernet = std::move(supernet), bn_images, clean_accuracy](
             const workloads::Network& net, const config::HwConfig& hw, const TrialPoint& point) {
    const auto start = Clock::now();
    TrainConfig t = trial_train_config(point.fidelity, hw, point.seed);
    t.evaluate_clean = clean_accuracy;
    TrainOutcome o = to_outcome(evaluate_weights(net, data, t, supernet->weights(point.params, net, data, bn_images)));
    o.metrics["epochs_run"] = 0;
    o.metrics["train_seconds"] = seconds_since(start);
    o.metrics["supernet_steps"] = double(supernet->steps_done());
    return o;
  };
}

}  // namespace imc::nas
