// SPDX-License-Identifier: MIT
#pragma once

#include "mapping/mapping.h"
#include "tests/systemc_models/sc_test_util.h"
#include "workloads/library.h"

namespace imc::sim::test {

inline mapping::Mapping map_builtin(const std::string& net, const config::HwConfig& hw) {
  workloads::NetRequest req;
  req.net = net;
  return mapping::map_network(workloads::load_network(req), hw);
}

}  // namespace imc::sim::test
