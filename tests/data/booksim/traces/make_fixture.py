#!/usr/bin/env python3
"""Turns the packet log of an instrumented BookSim 2 run into a replay fixture (README.md).

Usage: make_fixture.py LOG 'k=8 vcs=4 allocator=separable_input_first ...' > NAME.txt
LOG holds BookSim's "GEN pid source dest ctime size" and "RET pid atime" lines.
"""
import sys


def main():
    log, config = sys.argv[1], sys.argv[2]
    created, delivered = {}, {}
    with open(log) as f:
        for line in f:
            parts = line.split()
            if parts[:1] == ["GEN"]:
                pid, src, dst, t, size = map(int, parts[1:6])
                created[pid] = (t, src, dst, size)
            elif parts[:1] == ["RET"]:
                delivered[int(parts[1])] = int(parts[2])
    print(f"# BookSim 2 (commit 28f43299, iq_router) packets; config: {config}")
    print("# created source dest flits delivered (-1: in flight when BookSim stopped), in BookSim's packet order")
    for pid in sorted(created):
        t, src, dst, size = created[pid]
        print(t, src, dst, size, delivered.get(pid, -1))


if __name__ == "__main__":
    main()
