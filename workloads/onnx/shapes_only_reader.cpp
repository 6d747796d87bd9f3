// SPDX-License-Identifier: MIT
#include "workloads/onnx/shapes_only_reader.h"

#include <algorithm>
#include <stdexcept>

namespace imc::workloads::onnx_import {
namespace {

// Field numbers of onnx.proto (ONNX 1.12) on the path to an initializer's payload.
constexpr uint32_t kModelGraph = 7;
constexpr uint32_t kGraphInitializer = 5;
constexpr uint32_t kTensorDataType = 2, kTensorFloatData = 4, kTensorRawData = 9, kTensorDoubleData = 10;
constexpr uint64_t kFloat = 1, kFloat16 = 10, kDouble = 11, kBfloat16 = 16;

enum WireType : uint32_t { kVarint = 0, kFixed64 = 1, kLengthDelimited = 2, kFixed32 = 5 };

struct WireError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// The stream, with the bytes consumed counted so nested messages keep to their lengths.
class WireReader {
 public:
  explicit WireReader(std::istream& in) : m_in(in) {}
  uint64_t position() const { return m_position; }
  bool at_end() { return m_in.peek() == std::char_traits<char>::eof(); }

  uint64_t varint() {
    uint64_t value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      const int c = m_in.get();
      if (c == std::char_traits<char>::eof()) throw WireError("the file ends inside a varint");
      ++m_position;
      value |= uint64_t(c & 0x7f) << shift;
      if ((c & 0x80) == 0) return value;
    }
    throw WireError("a varint longer than 10 bytes");
  }
  void bytes(uint64_t n, std::string& out) {
    // In chunks: a corrupt length must fail at the end of the file, not allocate first.
    constexpr uint64_t kChunk = 1 << 20;
    for (uint64_t left = n; left > 0;) {
      const uint64_t part = std::min(left, kChunk);
      const size_t start = out.size();
      out.resize(start + part);
      m_in.read(out.data() + start, static_cast<std::streamsize>(part));
      if (static_cast<uint64_t>(m_in.gcount()) != part) throw WireError("the file ends inside a field");
      left -= part;
    }
    m_position += n;
  }
  void skip(uint64_t n) {
    m_in.ignore(static_cast<std::streamsize>(n));
    if (static_cast<uint64_t>(m_in.gcount()) != n) throw WireError("the file ends inside a field");
    m_position += n;
  }

 private:
  std::istream& m_in;
  uint64_t m_position = 0;
};

void put_varint(uint64_t v, std::string& out) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

enum class Level { Model, Graph, Tensor };

/// Copies the fields of one message (up to `end`, or the end of the stream for the model) into
/// `out`, descending into the graph and its initializers and leaving out large float payloads.
void copy_message(WireReader& r, Level level, uint64_t end, bool to_eof, std::string& out) {
  uint64_t data_type = 0;  // a tensor's, once read (the exporters write it before the payload)
  while (to_eof ? !r.at_end() : r.position() < end) {
    const uint64_t tag = r.varint();
    const auto field = static_cast<uint32_t>(tag >> 3);
    const auto wire = static_cast<uint32_t>(tag & 7);
    if (wire == kVarint) {
      const uint64_t v = r.varint();
      if (level == Level::Tensor && field == kTensorDataType) data_type = v;
      put_varint(tag, out);
      put_varint(v, out);
    } else if (wire == kFixed64 || wire == kFixed32) {
      put_varint(tag, out);
      r.bytes(wire == kFixed64 ? 8 : 4, out);
    } else if (wire == kLengthDelimited) {
      const uint64_t length = r.varint();
      const bool nested =
          (level == Level::Model && field == kModelGraph) || (level == Level::Graph && field == kGraphInitializer);
      const bool float_payload =
          level == Level::Tensor && (((field == kTensorRawData) && (data_type == kFloat || data_type == kFloat16 ||
                                                                    data_type == kDouble || data_type == kBfloat16)) ||
                                     field == kTensorFloatData || field == kTensorDoubleData);
      if (nested) {
        std::string inner;
        copy_message(r, level == Level::Model ? Level::Graph : Level::Tensor, r.position() + length, false, inner);
        put_varint(tag, out);
        put_varint(inner.size(), out);
        out += inner;
      } else if (float_payload && length > kShapesOnlyKeepBytes) {
        r.skip(length);
      } else {
        put_varint(tag, out);
        put_varint(length, out);
        r.bytes(length, out);
      }
    } else {
      throw WireError("wire type " + std::to_string(wire) + " of field " + std::to_string(field));
    }
  }
  if (!to_eof && r.position() != end) throw WireError("a field runs past the end of its message");
}

}  // namespace

bool parse_model_shapes_only(std::istream& in, onnx::ModelProto& model, std::string& error) {
  std::string kept;
  try {
    WireReader reader(in);
    copy_message(reader, Level::Model, 0, true, kept);
  } catch (const WireError& e) {
    error = e.what();
    return false;
  }
  if (!model.ParseFromString(kept)) {
    error = "the protobuf does not parse";
    return false;
  }
  return true;
}

}  // namespace imc::workloads::onnx_import
