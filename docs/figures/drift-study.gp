# Model A on Fashion-MNIST with PCM cells (AIHWKit's model): accuracy_hw against the time after
# programming, without and with global drift compensation, trained plainly and noise-aware
# (docs/accuracy.md). Data: build/tests/hw_accuracy_bench drift 10000 1000 3 0 >
# docs/figures/drift-study.dat and ... drift 10000 1000 3 1 > docs/figures/drift-study-aware.dat
# Run from the repository root: gnuplot docs/figures/drift-study.gp
set terminal svg size 720,440 dynamic font "sans,12"
set output "docs/figures/drift-study.svg"
set title "Model A, Fashion-MNIST: accuracy through drifting PCM crossbars (mnsim-2024, 8-bit ADCs)" noenhanced
set xlabel "time after programming (s)"
set ylabel "accuracy_hw (%)" noenhanced
set logscale x
set xrange [0.5:1e8]
set yrange [0:100]
set grid
set key bottom left
plot "docs/figures/drift-study.dat" using 1:($2*100):($3*100) with yerrorlines lw 2 title "no compensation", \
     "docs/figures/drift-study.dat" using 1:($4*100):($5*100) with yerrorlines lw 2 title "global drift compensation", \
     "docs/figures/drift-study-aware.dat" using 1:($2*100):($3*100) with yerrorlines lw 2 dt 2 title "noise-aware, no compensation", \
     "docs/figures/drift-study-aware.dat" using 1:($4*100):($5*100) with yerrorlines lw 2 dt 2 title "noise-aware, global compensation"
