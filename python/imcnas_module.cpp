// SPDX-License-Identifier: MIT
// The Python module `imcnas` (docs/python.md): networks, hardware configs, the mapper, the
// SystemC simulator, sweeps and studies, returning the JSON documents of docs/json.md as plain
// Python values. Training stays in the CLI: this module does not load LibTorch.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <filesystem>
#include <memory>
#include <mutex>

#include "configs/config_error.h"
#include "configs/hw_presets.h"
#include "configs/net_writer.h"
#include "configs/overrides.h"
#include "explore/study/run_directory.h"
#include "explore/study/study_db.h"
#include "explore/sweep/sweep_runner.h"
#include "imcnas_version.h"
#include "mapping/cost_model.h"
#include "mapping/mapping.h"
#include "nas/study/study_check.h"
#include "reports/hw_report.h"
#include "reports/map_report.h"
#include "reports/net_report.h"
#include "reports/sim_report.h"
#include "reports/simulation.h"
#include "systemc_models/chip/chip.h"
#include "systemc_models/chip/process_chip.h"
#include "traces/output_file.h"
#include "workloads/library.h"
#include "workloads/onnx_export.h"
#include "workloads/onnx_import.h"

namespace py = pybind11;
using namespace imc;

namespace {

/// A JSON document as the Python values json.loads gives (dicts, lists, numbers, strings).
py::object to_python(const nlohmann::json& j) { return py::module_::import("json").attr("loads")(j.dump()); }

std::optional<workloads::Shape> shape_argument(const py::object& input) {
  if (input.is_none()) return std::nullopt;
  const auto hwc = input.cast<std::vector<int>>();
  if (hwc.size() != 3) throw py::value_error("input must be (height, width, channels)");
  for (int v : hwc) {
    if (v < 1) throw py::value_error("input dimensions must be at least 1");
  }
  return workloads::Shape{hwc[0], hwc[1], hwc[2], false};
}

/// {"adc.bits": 6, "chip.placement": "optimized"} as the CLI's --set arguments.
std::vector<std::string> override_arguments(const py::dict& overrides) {
  std::vector<std::string> args;
  for (const auto& [key, value] : overrides) {
    std::string text;
    if (py::isinstance<py::bool_>(value)) {
      text = value.cast<bool>() ? "true" : "false";
    } else {
      text = py::str(value).cast<std::string>();
    }
    args.push_back(py::str(key).cast<std::string>() + "=" + text);
  }
  return args;
}

// --- networks -----------------------------------------------------------------------------

struct PyNetwork {
  config::NetSpec spec;
  workloads::Network net;
  workloads::NetWeights weights;  ///< an ONNX file's; empty otherwise

  static PyNetwork load(const std::string& text, const py::object& input, std::optional<int> classes, int head_hidden) {
    workloads::NetRequest request{text, shape_argument(input), classes, head_hidden};
    workloads::ResolvedNet resolved = workloads::resolve_net(request);
    workloads::Network net = workloads::Network::build(resolved.spec);
    return {std::move(resolved.spec), std::move(net), std::move(resolved.weights)};
  }
};

py::dict weights_dict(const workloads::NetWeights& weights) {
  py::dict out;
  for (const auto& [key, t] : weights) {
    py::array_t<float> a(t.dims);
    std::copy(t.values.begin(), t.values.end(), a.mutable_data());
    out[py::str(key)] = a;
  }
  return out;
}

std::string network_repr(const PyNetwork& n) {
  return "<imcnas.Network '" + n.net.name() + "': " + std::to_string(n.net.layers().size()) + " layers, " +
         std::to_string(n.net.total_params()) + " params, " + std::to_string(n.net.total_macs()) + " MACs>";
}

// --- hardware -----------------------------------------------------------------------------

struct PyHwConfig {
  config::HwConfig hw;
  std::vector<std::string> overrides;

  static PyHwConfig load(const std::string& path_or_preset, const py::dict& overrides) {
    std::vector<std::string> args = override_arguments(overrides);
    return {config::load_hw_config(path_or_preset, config::parse_overrides(args)), args};
  }
};

// --- the simulator ------------------------------------------------------------------------

/// The SystemC kernel is single-threaded: Python threads that run simulations (on one
/// Simulator, on several, or in a sweep) take turns. Taken with the GIL released, and released
/// before the GIL is taken back, so a waiting thread never holds what the running one needs.
/// (The chip itself, one per process, is sim::process_chip's.)
std::mutex& kernel_mutex() {
  static std::mutex kernel;
  return kernel;
}

class PySimulator {
 public:
  /// A chip the process's cannot hold is an imcnas.SimulationError (a RuntimeError).
  explicit PySimulator(const PyHwConfig& hw) : m_hw(hw.hw), m_chip(&sim::process_chip(m_hw, "a Python Simulator")) {}

  py::object run(const PyNetwork& n, const std::optional<std::string>& trace_dir, int batch) {
    if (batch < 1 || batch > 10000) throw py::value_error("batch must be 1 to 10000");
    const mapping::Mapping m = mapping::map_network(n.net, m_hw);
    const mapping::Estimate analytic = mapping::estimate(m);
    reports::SimulationRequest request;
    request.batch = batch;
    request.trace_dir = trace_dir.value_or("");
    std::optional<reports::Simulation> sim;
    {
      py::gil_scoped_release release;  // the simulation is pure C++
      const std::lock_guard<std::mutex> one_at_a_time(kernel_mutex());
      sim = reports::run_simulation(*m_chip, m, analytic, request);
    }
    const nlohmann::json j = sim->json();
    return to_python(j);
  }

  const config::HwConfig& hw() const { return m_hw; }

 private:
  config::HwConfig m_hw;  ///< this simulator's point: timing, energy and capacities
  sim::Chip* m_chip;      ///< the process's chip
};

// --- sweeps and studies ------------------------------------------------------------------

py::list sweep(const std::string& path, const py::dict& overrides) {
  const config::SweepConfig cfg =
      config::load_sweep_config(path, config::parse_overrides(override_arguments(overrides)));
  explore::SweepEvaluator evaluator(cfg);
  py::list out;
  for (int64_t i = 0; i < evaluator.size(); ++i) {
    explore::SweepResult r;
    {
      py::gil_scoped_release release;
      const std::lock_guard<std::mutex> one_at_a_time(kernel_mutex());  // the process chip or the analytic model
      r = evaluator.evaluate(i);
    }
    py::dict point;
    for (const config::Override& o : r.point) point[py::str(o.key_path)] = py::str(o.value_text);
    py::dict row;
    row["index"] = r.index;
    row["network"] = r.network;
    row["point"] = point;
    row["feasible"] = r.feasible;
    row["reason"] = r.reason;
    row["metrics"] = r.metrics;
    out.append(row);
  }
  return out;
}

/// The imcnas CLI this module belongs to: $IMCNAS_BINARY, else the build tree's binary when the
/// module is the build tree's, else the installed one, else `imcnas` on the PATH.
std::string cli_binary() {
  if (const char* env = std::getenv("IMCNAS_BINARY"); env && *env) return env;
  const std::string module = py::module_::import("imcnas").attr("__file__").cast<std::string>();
  const std::string tree = IMCNAS_BUILD_TREE;
  const std::string candidate = module.rfind(tree + "/", 0) == 0 ? IMCNAS_BUILD_BINARY : IMCNAS_INSTALLED_BINARY;
  if (std::filesystem::exists(candidate)) return candidate;
  const py::object found = py::module_::import("shutil").attr("which")("imcnas");
  if (found.is_none())
    throw std::runtime_error("imcnas.Supernet runs the imcnas command, and found none: set IMCNAS_BINARY to its path");
  return found.cast<std::string>();
}

/// A trained supernet's run directory (docs/oneshot.md). Scoring runs `imcnas supernet eval`
/// (this module does not load LibTorch), with the arguments as a list: nothing goes through a shell.
class PySupernet {
 public:
  static PySupernet open(const std::string& run_dir) {
    const std::filesystem::path dir(run_dir);
    explore::RunDirectory::refuse_planted(dir);
    if (!std::filesystem::exists(dir / "supernet.toml"))
      throw std::runtime_error(run_dir + ": no supernet.toml (not a supernet's run directory; imcnas supernet train)");
    if (!std::filesystem::exists(dir / "supernet.pt"))
      throw std::runtime_error(run_dir + ": no supernet.pt yet (its training saves it)");
    PySupernet s;
    s.m_dir = run_dir;
    return s;
  }

  /// The candidate's scores by inherited weights: the imcnas supernet eval --json document.
  py::object evaluate(const std::string& arch, const py::object& hw, const py::dict& overrides) const {
    py::list args;
    for (const std::string& a : {cli_binary(), std::string("supernet"), std::string("eval"), m_dir,
                                 std::string("--arch"), arch, std::string("--json")})
      args.append(a);
    if (!hw.is_none()) {
      args.append("--hw");
      args.append(py::str(hw));
    } else if (!overrides.empty()) {
      throw py::value_error("set= overrides keys of a hw= config: give hw too");
    }
    for (const std::string& o : override_arguments(overrides)) {
      args.append("--set");
      args.append(o);
    }
    const py::object done =
        py::module_::import("subprocess").attr("run")(args, py::arg("capture_output") = true, py::arg("text") = true);
    const std::string out = done.attr("stdout").cast<std::string>();
    if (done.attr("returncode").cast<int>() != 0) {
      const std::string err = done.attr("stderr").cast<std::string>();
      const size_t at = err.find("error: ");
      throw py::value_error(at == std::string::npos ? err : err.substr(at + 7));
    }
    const size_t brace = out.find('{');
    if (brace == std::string::npos) throw std::runtime_error("imcnas supernet eval printed no JSON: " + out);
    return py::module_::import("json").attr("loads")(out.substr(brace));
  }
  const std::string& dir() const { return m_dir; }

 private:
  std::string m_dir;
};

class PyStudy {
 public:
  static PyStudy open(const std::string& run_dir) {
    const std::string db = (std::filesystem::path(run_dir) / "study.db").string();
    if (!std::filesystem::exists(db)) throw std::runtime_error(run_dir + ": no study.db (not a search run directory)");
    PyStudy s;
    s.m_dir = run_dir;
    const explore::StudyDb study = explore::StudyDb::open_read_only(db);
    s.m_meta = study.meta();
    s.m_trials = study.trials();
    nas::check_study_trials(config::parse_search_config(s.m_meta.config_text, s.m_meta.config_path,
                                                        config::parse_overrides(s.m_meta.overrides)),
                            s.m_trials, db);
    return s;
  }

  py::list trials() const {
    py::list out;
    for (const explore::TrialRecord& t : m_trials) {
      py::dict d;
      d["number"] = t.number;
      d["state"] = explore::trial_state_name(t.state);
      d["params"] = t.params;
      d["metrics"] = explore::shown_metrics(t);
      d["fitness"] = t.fitness ? py::object(py::float_(*t.fitness)) : py::object(py::none());
      d["stage_seconds"] = t.stage_seconds;
      d["seed"] = t.seed;
      d["error"] = t.error;
      d["worker"] = t.worker;
      d["intermediate"] = t.intermediate;
      out.append(d);
    }
    return out;
  }

  py::dict meta() const {
    py::dict d;
    d["name"] = m_meta.name;
    d["sampler"] = m_meta.sampler;
    d["seed"] = m_meta.seed;
    d["config_path"] = m_meta.config_path;
    d["overrides"] = m_meta.overrides;
    d["config_text"] = m_meta.config_text;
    return d;
  }

  /// One row per trial: number, state, fitness, error, worker, then the parameters and metrics.
  py::object to_pandas() const {
    py::module_ pandas;
    try {
      pandas = py::module_::import("pandas");
    } catch (const py::error_already_set&) {
      throw py::import_error(
          "Study.to_pandas() needs pandas (Debian: apt-get install python3-pandas); "
          "Study.trials() gives the same data as a list of dicts");
    }
    py::list rows;
    for (const explore::TrialRecord& t : m_trials) {
      py::dict row;
      row["number"] = t.number;
      row["state"] = explore::trial_state_name(t.state);
      row["fitness"] = t.fitness ? py::object(py::float_(*t.fitness)) : py::object(py::none());
      row["error"] = t.error;
      row["worker"] = t.worker;
      for (const auto& [k, v] : t.params) row[py::str(k)] = v;
      for (const auto& [k, v] : explore::shown_metrics(t)) row[py::str(k)] = v;
      rows.append(row);
    }
    return pandas.attr("DataFrame")(rows);
  }

  const std::string& dir() const { return m_dir; }
  size_t size() const { return m_trials.size(); }

 private:
  std::string m_dir;
  explore::StudyMeta m_meta;
  std::vector<explore::TrialRecord> m_trials;
};

/// A class whose objects come from its factories only (Network.load, HwConfig.load, Study.open):
/// `Cls.__new__(Cls)` would make an object with no C++ value behind it, so it raises TypeError.
void refuse_bare_new(const py::object& cls, const std::string& how) {
  const std::string name = py::str(cls.attr("__name__"));
  cls.attr("__new__") = py::cpp_function([name, how](py::args, py::kwargs) -> py::object {
    throw py::type_error("imcnas." + name + " cannot be created directly: use " + how);
  });
}

/// The C++ value behind `self`, or TypeError when `__init__` never ran (`Cls.__new__(Cls)`).
template <class T>
T& constructed(py::handle self, const char* name) {
  auto* inst = reinterpret_cast<py::detail::instance*>(self.ptr());
  py::detail::value_and_holder v_h = inst->get_value_and_holder(py::detail::get_type_info(typeid(T)));
  if (!v_h || !v_h.holder_constructed())
    throw py::type_error(std::string("this imcnas.") + name + " was never initialized: create it as imcnas." + name +
                         "(hw)");
  return *v_h.template value_ptr<T>();
}

}  // namespace

// libsystemc refers to sc_main (its own main() calls it); Python is the main program here, so
// this one is never called. It must be visible for the dynamic linker.
extern "C" __attribute__((visibility("default"))) int sc_main(int, char**) { return 0; }

PYBIND11_MODULE(imcnas, m) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);  // no banner on the first elaboration
  m.doc() = "imcnas: hardware-aware NAS for analog in-memory computing (docs/python.md)";
  m.attr("__version__") = IMCNAS_VERSION;

  // Errors keep the CLI's messages (file, line, key path). ConfigError first: its subclasses
  // (unknown key, invalid value) are ConfigErrors too.
  static py::exception<config::ConfigError> config_error(m, "ConfigError", PyExc_ValueError);
  static py::exception<workloads::NetworkError> network_error(m, "NetworkError", PyExc_ValueError);
  static py::exception<mapping::MappingError> mapping_error(m, "MappingError", PyExc_RuntimeError);
  static py::exception<sim::SimulationError> simulation_error(m, "SimulationError", PyExc_RuntimeError);
  static py::exception<explore::StudyError> study_error(m, "StudyError", PyExc_RuntimeError);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const config::ConfigError& e) {
      PyErr_SetString(config_error.ptr(), e.what());
    } catch (const workloads::NetworkError& e) {
      PyErr_SetString(network_error.ptr(), e.what());
    } catch (const mapping::MappingError& e) {
      PyErr_SetString(mapping_error.ptr(), e.what());
    } catch (const sim::SimulationError& e) {
      PyErr_SetString(simulation_error.ptr(), e.what());
    } catch (const explore::StudyError& e) {
      PyErr_SetString(study_error.ptr(), e.what());
    }
  });

  py::class_<PyNetwork>(m, "Network",
                        "a network of the IR: layers, shapes, parameters, MACs (and an ONNX file's weights)")
      .def_static("load", &PyNetwork::load, py::arg("net"), py::arg("input") = py::none(),
                  py::arg("classes") = py::none(), py::arg("head_hidden") = 256,
                  "what the CLI takes as NET: a built-in name, 'blocks:VGG/32,...', a .toml or an .onnx path")
      .def_static(
          "builtin",
          [](const std::string& name, const py::object& input, std::optional<int> classes) {
            const auto names = workloads::builtin_net_names();
            if (std::find(names.begin(), names.end(), name) == names.end()) {
              std::string list;
              for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
              throw workloads::NetworkError("no built-in network '" + name + "' (built in: " + list + ")");
            }
            return PyNetwork::load(name, input, classes, 256);
          },
          py::arg("name"), py::arg("input") = py::none(), py::arg("classes") = py::none())
      .def_static(
          "from_blocks",
          [](const std::string& blocks, const py::object& input, int classes, int head_hidden) {
            return PyNetwork::load("blocks:" + blocks, input, classes, head_hidden);
          },
          py::arg("blocks"), py::arg("input") = py::make_tuple(32, 32, 3), py::arg("classes") = 10,
          py::arg("head_hidden") = 256, "the seed paper's notation, e.g. 'VGG/32,VGG/32,RES/32'")
      .def_static(
          "from_toml",
          [](const std::string& path, const py::object& input, std::optional<int> classes) {
            if (!config::is_toml_path(path)) throw py::value_error(path + ": a network TOML path ends in .toml");
            return PyNetwork::load(path, input, classes, 256);
          },
          py::arg("path"), py::arg("input") = py::none(), py::arg("classes") = py::none())
      .def_static(
          "from_onnx",
          [](const std::string& path, const py::object& input, std::optional<int> classes) {
            if (!workloads::is_onnx_path(path)) throw py::value_error(path + ": an ONNX path ends in .onnx");
            return PyNetwork::load(path, input, classes, 256);
          },
          py::arg("path"), py::arg("input") = py::none(), py::arg("classes") = py::none(),
          "an ONNX model with its weights (docs/onnx.md); input=(H, W, C) for a dynamic shape")
      .def_property_readonly("name", [](const PyNetwork& n) { return n.net.name(); })
      .def_property_readonly("source", [](const PyNetwork& n) { return n.net.source(); })
      .def_property_readonly("total_params", [](const PyNetwork& n) { return n.net.total_params(); })
      .def_property_readonly("total_macs", [](const PyNetwork& n) { return n.net.total_macs(); })
      .def_property_readonly("has_weights", [](const PyNetwork& n) { return !n.weights.empty(); })
      .def(
          "summary", [](const PyNetwork& n) { return to_python(reports::net_json(n.net)); },
          "layers, shapes, parameters and MACs: the imcnas.net.v1 document of docs/json.md")
      .def(
          "weights", [](const PyNetwork& n) { return weights_dict(n.weights); },
          "an ONNX file's weights as numpy arrays, by '<layer>.<param>' ({} for other networks)")
      .def(
          "to_onnx",
          [](const PyNetwork& n, const std::string& path, uint64_t seed) {
            const workloads::NetWeights w = n.weights.empty() ? workloads::initial_weights(n.net, seed) : n.weights;
            traces::write_file(path, workloads::export_onnx_bytes(n.net, w, IMCNAS_VERSION));
          },
          py::arg("path"), py::arg("seed") = 0,
          "write an ONNX model: the network's own weights, else PyTorch's initial ones drawn from seed")
      .def(
          "to_toml",
          [](const PyNetwork& n, const std::string& path) { traces::write_file(path, config::net_spec_toml(n.spec)); },
          py::arg("path"))
      .def("__repr__", &network_repr);

  py::class_<PyHwConfig>(m, "HwConfig", "a validated hardware config (docs/config.md)")
      .def_static("load", &PyHwConfig::load, py::arg("path_or_preset"), py::arg("overrides") = py::dict(),
                  "a hardware TOML or a preset name, with overrides such as {'adc.bits': 6}")
      .def_static("presets", &config::hw_preset_names)
      .def_property_readonly("name", [](const PyHwConfig& h) { return h.hw.name; })
      .def_property_readonly("source", [](const PyHwConfig& h) { return h.hw.source; })
      .def_property_readonly("overrides", [](const PyHwConfig& h) { return h.overrides; })
      .def(
          "summary", [](const PyHwConfig& h) { return to_python(reports::hw_json(h.hw)); },
          "the imcnas.hw.v1 document of docs/json.md")
      .def("__repr__",
           [](const PyHwConfig& h) { return "<imcnas.HwConfig '" + h.hw.name + "' from " + h.hw.source + ">"; });

  m.def(
      "map",
      [](const PyNetwork& n, const PyHwConfig& h) {
        const mapping::Mapping mapped = mapping::map_network(n.net, h.hw);
        return to_python(reports::map_json(mapped, mapping::estimate(mapped)));
      },
      py::arg("net"), py::arg("hw"), "the mapping and the analytic estimate: the imcnas.map.v1 document");

  py::class_<PySimulator>(m, "Simulator",
                          "the SystemC chip, elaborated once per process (docs/python.md, 'One chip per process')")
      .def(py::init<const PyHwConfig&>(), py::arg("hw"))
      .def(
          "run",
          [](py::handle self, const PyNetwork& net, const std::optional<std::string>& trace_dir, int batch) {
            return constructed<PySimulator>(self, "Simulator").run(net, trace_dir, batch);
          },
          py::arg("net"), py::arg("trace_dir") = py::none(), py::arg("batch") = 1,
          "map and simulate: the imcnas.sim.v1 document; trace_dir writes trace.json and the stats CSVs")
      .def_property_readonly("hw_name",
                             [](py::handle self) { return constructed<PySimulator>(self, "Simulator").hw().name; });

  m.def("sweep", &sweep, py::arg("config"), py::arg("overrides") = py::dict(),
        "evaluate every point of a sweep TOML in this process (docs/sweep.md); a list of dicts");

  py::class_<PyStudy>(m, "Study", "a search's study (runs/NAME/study.db), read-only")
      .def_static("open", &PyStudy::open, py::arg("run_dir"))
      .def("trials", &PyStudy::trials, "every trial as a dict: number, state, params, metrics, fitness, ...")
      .def_property_readonly("meta", &PyStudy::meta)
      .def_property_readonly("dir", &PyStudy::dir)
      .def("to_pandas", &PyStudy::to_pandas, "a pandas DataFrame, one row per trial (needs pandas)")
      .def("__len__", &PyStudy::size);

  py::class_<PySupernet>(m, "Supernet", "a trained supernet's run directory (runs/NAME, docs/oneshot.md)")
      .def_static("open", &PySupernet::open, py::arg("run_dir"))
      .def("evaluate", &PySupernet::evaluate, py::arg("arch"), py::arg("hw") = py::none(), py::arg("set") = py::dict(),
           "score a candidate (ARCH as reports write it) by the weights it inherits: the imcnas supernet eval "
           "document (accuracy_clean, accuracy_quantized, accuracy_hw with hw=, latency_ms, energy_mj, ...)")
      .def_property_readonly("dir", &PySupernet::dir);

  m.def("builtin_networks", &workloads::builtin_net_names);

  refuse_bare_new(m.attr("Network"), "imcnas.Network.load(...) or another of its factories");
  refuse_bare_new(m.attr("HwConfig"), "imcnas.HwConfig.load(path_or_preset)");
  refuse_bare_new(m.attr("Study"), "imcnas.Study.open(run_dir)");
  refuse_bare_new(m.attr("Supernet"), "imcnas.Supernet.open(run_dir)");
}
