// SPDX-License-Identifier: MIT
// One registration function per subcommand; each lives in its own file.
#pragma once

#include <CLI/CLI.hpp>

namespace imc::cli {

/// `imcnas net show|dot`.
void register_net_command(CLI::App& app);
/// `imcnas hw check`.
void register_hw_command(CLI::App& app);
/// `imcnas map`.
void register_map_command(CLI::App& app);
/// `imcnas simulate`.
void register_simulate_command(CLI::App& app);
/// `imcnas trace summary`.
void register_trace_command(CLI::App& app);
/// `imcnas bench sampler`.
void register_bench_command(CLI::App& app);
/// `imcnas noc bench`.
void register_noc_command(CLI::App& app);
/// `imcnas train`.
void register_train_command(CLI::App& app);
/// `imcnas search` (LibTorch plugin).
void register_search_command(CLI::App& app);
/// `imcnas supernet train|eval|rank-check` (LibTorch plugin).
void register_supernet_command(CLI::App& app);
/// `imcnas supernet rank-check`, under the supernet command.
void add_supernet_rank_check(CLI::App& supernet);
/// `imcnas report`.
void register_report_command(CLI::App& app);
/// `imcnas sweep`.
void register_sweep_command(CLI::App& app);

}  // namespace imc::cli
