// SPDX-License-Identifier: MIT
#include "workloads/network.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/graphviz.hpp>
#include <boost/graph/strong_components.hpp>
#include <functional>
#include <map>
#include <queue>
#include <set>
#include <sstream>

#include "workloads/shape_inference.h"

namespace imc::workloads {

struct Network::Graph {
  struct Vertex {
    std::string label;
  };
  using Adjacency = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, Vertex>;
  Adjacency g;
};

namespace {

using Adjacency = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS>;

[[noreturn]] void fail(const LayerSpec& l, const std::string& message) {
  throw NetworkError(l.origin + (l.origin.empty() ? "" : ": ") + "layer '" + l.name + "': " + message);
}

/// Builds the graph in spec order and resolves input names; checks names.
Adjacency build_edges(const config::NetSpec& spec) {
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < spec.layers.size(); ++i) {
    const LayerSpec& l = spec.layers[i];
    if (!index.emplace(l.name, i).second) {
      fail(l, "duplicate name; first declared at " + spec.layers[index[l.name]].origin);
    }
  }
  Adjacency g(spec.layers.size());
  for (size_t i = 0; i < spec.layers.size(); ++i) {
    const LayerSpec& l = spec.layers[i];
    std::set<std::string> seen;
    for (const std::string& in : l.inputs) {
      auto it = index.find(in);
      if (it == index.end()) fail(l, "input '" + in + "' is not a layer of this network (dangling input)");
      if (it->second == i) fail(l, "takes its own output as input (a cycle)");
      if (!seen.insert(in).second) fail(l, "lists input '" + in + "' twice");
      boost::add_edge(it->second, i, g);
    }
  }
  return g;
}

/// A topological order that keeps the file order where it can (Kahn with the
/// smallest index first). Throws naming the layers of a cycle.
std::vector<size_t> stable_topological_order(const Adjacency& g, const config::NetSpec& spec) {
  const size_t n = boost::num_vertices(g);
  std::vector<size_t> pending(n);
  std::priority_queue<size_t, std::vector<size_t>, std::greater<>> ready;
  for (size_t v = 0; v < n; ++v) {
    pending[v] = boost::in_degree(v, g);
    if (pending[v] == 0) ready.push(v);
  }
  std::vector<size_t> order;
  while (!ready.empty()) {
    const size_t v = ready.top();
    ready.pop();
    order.push_back(v);
    for (auto [e, end] = boost::out_edges(v, g); e != end; ++e) {
      if (--pending[boost::target(*e, g)] == 0) ready.push(boost::target(*e, g));
    }
  }
  if (order.size() == n) return order;

  std::vector<int> component(n);
  boost::strong_components(g, boost::make_iterator_property_map(component.begin(), boost::get(boost::vertex_index, g)));
  std::map<int, std::vector<size_t>> members;
  for (size_t v = 0; v < n; ++v) members[component[v]].push_back(v);
  for (const auto& [c, vs] : members) {
    if (vs.size() < 2) continue;
    std::string names;
    for (size_t v : vs) names += (names.empty() ? "" : " -> ") + spec.layers[v].name;
    fail(spec.layers[vs.front()], "is part of a cycle: " + names + "; a network must be a DAG");
  }
  throw NetworkError(spec.source + ": the network has a cycle");
}

}  // namespace

Network Network::build(const config::NetSpec& spec) {
  if (spec.layers.empty()) throw NetworkError(spec.source + ": network '" + spec.name + "' has no layers");
  const Adjacency edges = build_edges(spec);
  const std::vector<size_t> order = stable_topological_order(edges, spec);

  Network net;
  net.m_name = spec.name;
  net.m_source = spec.source;
  std::vector<int> position(order.size());
  for (size_t i = 0; i < order.size(); ++i) position[order[i]] = static_cast<int>(i);

  auto graph = std::make_shared<Graph>();
  graph->g = Graph::Adjacency(order.size());
  for (size_t i = 0; i < order.size(); ++i) {
    Layer layer;
    layer.spec = spec.layers[order[i]];
    for (auto [e, end] = boost::in_edges(order[i], edges); e != end; ++e) {
      const int producer = position[boost::source(*e, edges)];
      layer.producers.push_back(producer);
      boost::add_edge(static_cast<size_t>(producer), i, graph->g);
    }
    net.m_layers.push_back(std::move(layer));
  }
  for (size_t i = 0; i < net.m_layers.size(); ++i) {
    for (auto [e, end] = boost::out_edges(i, graph->g); e != end; ++e) {
      net.m_layers[i].consumers.push_back(static_cast<int>(boost::target(*e, graph->g)));
    }
    std::sort(net.m_layers[i].consumers.begin(), net.m_layers[i].consumers.end());
  }

  // Exactly one input, and it comes first; exactly one output, and it comes last.
  std::vector<std::string> inputs, outputs;
  for (const Layer& l : net.m_layers) {
    if (l.kind() == LayerKind::Input) inputs.push_back(l.name());
    if (l.consumers.empty()) outputs.push_back(l.name());
  }
  if (inputs.size() != 1) {
    throw NetworkError(spec.source + ": network '" + spec.name + "' has " + std::to_string(inputs.size()) +
                       " input layers, expected exactly one");
  }
  if (outputs.size() != 1) {
    std::string names;
    for (const auto& n : outputs) names += (names.empty() ? "" : ", ") + n;
    throw NetworkError(spec.source + ": network '" + spec.name + "' has " + std::to_string(outputs.size()) +
                       " layers whose output nobody uses (" + names + "), expected exactly one output layer");
  }
  if (net.m_layers.front().kind() != LayerKind::Input) {
    fail(net.m_layers.front().spec, "has no inputs but is not of kind \"input\"");
  }

  for (Layer& l : net.m_layers) {
    std::vector<const Layer*> producers;
    for (int p : l.producers) producers.push_back(&net.m_layers[p]);
    try {
      infer_layer(l, producers);
    } catch (const std::invalid_argument& e) {
      fail(l.spec, e.what());
    }
  }

  for (size_t i = 0; i < net.m_layers.size(); ++i) {
    const Layer& l = net.m_layers[i];
    graph->g[i].label = l.name() + "\\n" + config::layer_kind_name(l.kind()) + " " + l.out.str();
  }
  net.m_graph = graph;
  return net;
}

int Network::find(const std::string& name) const {
  for (size_t i = 0; i < m_layers.size(); ++i) {
    if (m_layers[i].name() == name) return static_cast<int>(i);
  }
  return -1;
}

config::NetSpec Network::spec() const {
  config::NetSpec spec{m_name, m_source, {}};
  for (const Layer& l : m_layers) spec.layers.push_back(l.spec);
  return spec;
}

int64_t Network::total_params() const {
  int64_t sum = 0;
  for (const Layer& l : m_layers) sum += l.params;
  return sum;
}

int64_t Network::total_macs() const {
  int64_t sum = 0;
  for (const Layer& l : m_layers) sum += l.macs;
  return sum;
}

std::string Network::to_dot() const {
  std::ostringstream os;
  const auto& g = m_graph->g;
  boost::write_graphviz(
      os, g,
      [&](std::ostream& out, size_t v) {
        const bool weights = m_layers[v].has_weights();
        out << "[label=\"" << g[v].label << "\", shape=box" << (weights ? ", style=filled, fillcolor=lightblue" : "")
            << "]";
      },
      boost::default_writer(), [&](std::ostream& out) { out << "graph [label=\"" << m_name << "\"];\n"; });
  return os.str();
}

}  // namespace imc::workloads
