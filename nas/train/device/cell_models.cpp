// SPDX-License-Identifier: MIT
// The registered cell models and drift compensations.
#include "configs/policy_names.h"
#include "nas/train/device/cell_model.h"

namespace imc::nas {

namespace device {
#define IMC_CELL_MODEL(name) std::shared_ptr<const CellModel> make_##name();
#include "configs/policies/cell_models.def"
#undef IMC_CELL_MODEL
#define IMC_DRIFT_COMPENSATION(name) std::shared_ptr<const DriftCompensation> make_##name();
#include "configs/policies/drift_compensations.def"
#undef IMC_DRIFT_COMPENSATION
}  // namespace device

const CellModels& cell_models() {
  static const CellModels registry = [] {
    CellModels r("cell model");
#define IMC_CELL_MODEL(name) r.add(#name, device::make_##name());
#include "configs/policies/cell_models.def"
#undef IMC_CELL_MODEL
    r.require_names(config::cell_model_names());
    return r;
  }();
  return registry;
}

const DriftCompensations& drift_compensations() {
  static const DriftCompensations registry = [] {
    DriftCompensations r("drift compensation");
#define IMC_DRIFT_COMPENSATION(name) r.add(#name, device::make_##name());
#include "configs/policies/drift_compensations.def"
#undef IMC_DRIFT_COMPENSATION
    r.require_names(config::drift_compensation_names());
    return r;
  }();
  return registry;
}

}  // namespace imc::nas
