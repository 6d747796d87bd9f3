# Model A on Fashion-MNIST: accuracy_hw against the wire resistance per segment (IR drop to first
# order) on 64-, 128-, 256- and 512-row crossbars (docs/accuracy.md).
# Data: build/tests/hw_accuracy_bench irdrop 10000 1000 > docs/figures/irdrop-study.dat
# Run from the repository root: gnuplot docs/figures/irdrop-study.gp
set terminal svg size 720,440 dynamic font "sans,12"
set output "docs/figures/irdrop-study.svg"
set title "Model A, Fashion-MNIST: accuracy with IR drop (mnsim-2024, 8-bit ADCs)" noenhanced
set xlabel "wire resistance per segment (ohm)"
set ylabel "accuracy_hw (%)" noenhanced
set yrange [0:100]
set xrange [-0.05:2.05]
set grid
set key bottom left
plot "docs/figures/irdrop-study.dat" using 1:($2*100) with linespoints lw 2 title "64-row crossbars", \
     "docs/figures/irdrop-study.dat" using 1:($3*100) with linespoints lw 2 title "128-row crossbars", \
     "docs/figures/irdrop-study.dat" using 1:($4*100) with linespoints lw 2 title "256-row crossbars", \
     "docs/figures/irdrop-study.dat" using 1:($5*100) with linespoints lw 2 title "512-row crossbars"
