# SPDX-License-Identifier: MIT
# The SystemC kernel is single-threaded: Python threads that simulate take turns (issue 27,
# item 2: four threads on one Simulator crashed, aborted, or doubled a latency), and objects
# made by __new__ alone raise TypeError instead of reading memory no constructor wrote (item 3).
import threading

import pytest

import imcnas


@pytest.mark.parametrize("cls, how", [(imcnas.Study, "Study.open"), (imcnas.HwConfig, "HwConfig.load"),
                                      (imcnas.Network, "Network.load")])
def test_objects_come_from_their_factories_only(cls, how):
    with pytest.raises(TypeError, match=how):
        cls.__new__(cls)


def test_a_simulator_whose_init_never_ran_raises():
    bare = imcnas.Simulator.__new__(imcnas.Simulator)
    with pytest.raises(TypeError, match="never initialized"):
        bare.run(imcnas.Network.builtin("lenet"))
    with pytest.raises(TypeError, match="never initialized"):
        bare.hw_name


# Last in the file, after the tests that raise: under ASan an exception thrown after SystemC ran
# trips over stale stack poisoning (docs/reliability.md, "Sanitizers").
def test_threads_on_one_and_on_two_simulators_take_turns():
    hw = imcnas.HwConfig.load("mnsim-2024")
    one, two = imcnas.Simulator(hw), imcnas.Simulator(hw)
    net = imcnas.Network.builtin("lenet")
    alone = one.run(net)["latency_ns"]
    results, errors = [], []

    def simulate(sim):
        try:
            for _ in range(5):
                results.append(sim.run(net)["latency_ns"])
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=simulate, args=(one if i % 2 else two,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert results == [alone] * 20
