# Model A on Fashion-MNIST: accuracy_hw against the stuck-at fault rate, half stuck at the
# lowest level and half at the highest, mean and std over Monte-Carlo chips (docs/accuracy.md).
# Data: build/tests/hw_accuracy_bench faults 10000 1000 3 > docs/figures/faults-study.dat, then
# the rows of build/tests/hw_accuracy_bench faults 10000 1000 3 0.1 0.2 0.3 appended
# Run from the repository root: gnuplot docs/figures/faults-study.gp
set terminal svg size 720,440 dynamic font "sans,12"
set output "docs/figures/faults-study.svg"
set title "Model A, Fashion-MNIST: accuracy through faulty crossbars (mnsim-2024, 8-bit ADCs)" noenhanced
set xlabel "stuck-at cells (% of all cells, half at 0, half at 1)"
set ylabel "accuracy_hw (%)" noenhanced
set yrange [0:100]
set xrange [-0.5:31]
set grid
set key top right
plot "docs/figures/faults-study.dat" using ($1*100):($2*100):($3*100) with yerrorlines lw 2 title "mean ± std over 3 chips"
