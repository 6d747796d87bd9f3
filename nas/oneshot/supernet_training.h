// SPDX-License-Identifier: MIT
// Training a weight-sharing supernet of a search space once (docs/oneshot.md), and scoring a
// candidate by the weights it inherits from it. The interface is plain C++; LibTorch stays
// inside the .cpp files.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "configs/hw_config.h"
#include "configs/search_config.h"
#include "nas/space/search_space.h"
#include "nas/train/dataset.h"
#include "nas/train/trainer.h"
#include "workloads/net_weights.h"
#include "workloads/shape.h"

namespace imc::nas {

struct SupernetTrainConfig {
  config::SpaceConfig space;
  config::SupernetConfig supernet;
  workloads::Shape input;
  int classes = 10;
  size_t subset = 0;  ///< train on the first N training images; 0: all
  int batch_size = 64;
  double learning_rate = 1e-3;
  std::string optimizer = "adam";
  QuantSpec quant;  ///< the chip's bits, in every forward (as a trial trains)
  uint64_t seed = 0;
  int threads = 0;                    ///< 0: all cores
  std::function<bool()> should_stop;  ///< polled every step; true: save and return
  int64_t stop_after_steps = 0;       ///< stop (saved, unfinished) once this many steps are done; 0: never
};

/// The supernet training of a search config: its space, [supernet], its training budget's
/// subset, batch size, learning rate and optimizer, the chip's bits, the study's seed.
SupernetTrainConfig supernet_train_config(const config::SearchConfig& search, const config::HwConfig& hw,
                                          const workloads::Shape& input, int classes);

struct SupernetProgress {
  int64_t step = 0, steps = 0;  ///< done, and in all
  int epoch = 0, epochs = 0;    ///< 1-based: the epoch the step is in
  double loss = 0;              ///< mean loss of the steps since the previous report
  double seconds = 0;           ///< this run's training time so far
  double eta_s = 0;             ///< at this run's speed
  bool saved = false;           ///< the checkpoint was just written
};
using SupernetProgressFn = std::function<void(const SupernetProgress&)>;

struct SupernetTrainResult {
  bool finished = false;  ///< every step done; else stopped, and the checkpoint has what was done
  int64_t steps_done = 0, steps = 0;
  double seconds = 0;      ///< of training, over every run that continued it
  int64_t parameters = 0;  ///< trained tensors' elements
  /// Paths this run trained recomputing their blocks (supernet.activation_memory_mb), of all it trained.
  int64_t recomputed_paths = 0, paths = 0;
  std::vector<double> epoch_loss;  ///< mean loss of each finished epoch (the first path's)
};

/// Trains the supernet of cfg.space, or continues the training saved in `checkpoint` (a
/// supernet.pt this function wrote: same space, data and settings), saving it there every
/// cfg.supernet.checkpoint_every_s and when it stops. The same seed gives the same weights
/// whether or not the training was stopped and continued. Throws std::runtime_error when the
/// loss stops being finite, std::invalid_argument when the checkpoint is of another supernet.
SupernetTrainResult train_supernet(const SupernetTrainConfig& cfg, const DataSplits& data,
                                   const std::string& checkpoint, const SupernetProgressFn& progress = {});

/// The files of a supernet's run directory (imcnas supernet train): the search config it was
/// trained with (supernet.toml) and its checkpoint (supernet.pt). Each throws
/// std::invalid_argument naming the directory when the file is not there.
config::SearchConfig supernet_run_config(const std::string& dir);
std::string supernet_checkpoint(const std::string& dir);

/// A trained supernet, read from its checkpoint, scoring candidates by inherited weights.
class TrainedSupernet {
 public:
  /// Throws std::invalid_argument when the checkpoint is not of this space and input.
  TrainedSupernet(const SupernetTrainConfig& cfg, const std::string& checkpoint);
  ~TrainedSupernet();
  TrainedSupernet(TrainedSupernet&&) noexcept;
  TrainedSupernet& operator=(TrainedSupernet&&) noexcept;

  /// The weights of the network `point` decodes to, with BN statistics of its own: re-estimated
  /// on the first `images` training images of `data` (their plain average over batches, in the
  /// training forward), the training normalizations folded into the weights and biases.
  /// Reads the supernet only: calls from several threads are safe.
  workloads::NetWeights weights(const Point& point, const workloads::Network& net, const DataSplits& data,
                                int images) const;
  /// Throws std::invalid_argument, naming the layer, unless the network `point` decodes to is
  /// in the supernet (every tensor it needs fits its bank).
  void check_covers(const Point& point, const workloads::Network& net) const;
  /// Steps of training the checkpoint holds, and whether that is all of them.
  int64_t steps_done() const;
  bool finished() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace imc::nas
