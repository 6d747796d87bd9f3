// SPDX-License-Identifier: MIT
#include "mapping/replication.h"

#include "mapping/cost_model.h"
#include "mapping/pipeline.h"

namespace imc::mapping {

int balance_replicas(Mapping& m, int free_tiles) {
  // Work of one copy; placement is not known yet, so hops count as zero.
  std::vector<double> work(m.layers.size(), 0);
  for (size_t i = 0; i < m.layers.size(); ++i) {
    const LayerMapping& l = m.layers[i];
    if (l.engine == Engine::Crossbar && l.layer.kind() == workloads::LayerKind::Conv2d)
      work[i] = double(pixel_grid(l).count()) * pixel_time(m, l, PixelPosition::Steady).total_ns();
  }
  int used = 0;
  for (;;) {
    size_t slowest = 0;
    for (size_t i = 1; i < m.layers.size(); ++i)
      if (work[i] / m.layers[i].replicas > work[slowest] / m.layers[slowest].replicas) slowest = i;
    LayerMapping& l = m.layers[slowest];
    if (work[slowest] == 0 || l.replicas >= m.hw.mapping.max_replicas || l.replicas >= pixel_grid(l).count()) break;
    const int tiles = l.tiles_per_replica(), pes = l.pes_per_replica();
    if (tiles > free_tiles - used) break;  // the slowest layer cannot grow: the others would not help
    l.tiles += tiles;
    l.pes += pes;
    ++l.replicas;
    used += tiles;
  }
  return used;
}

}  // namespace imc::mapping
